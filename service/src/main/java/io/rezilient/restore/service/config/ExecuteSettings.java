package io.rezilient.restore.service.config;

import io.rezilient.restore.service.execute.ExecutionSettings.ProgressMode;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Execution limits (service-spec §6, §11), the claim lease (ours, architecture §5 item 3) and the progress mode with,
 * in push mode, its target (ours, architecture §7).
 *
 * @param push present exactly when {@code progressMode} is push
 */
public record ExecuteSettings(int defaultChunkSize, int maxRows, double elevatedSkipRatioPercent,
                              int maxChunksPerAttempt, Duration preflightReconcileStaleAfter, Duration claimLease,
                              ProgressMode progressMode, Optional<PushTarget> push) {
    public ExecuteSettings {
        Objects.requireNonNull(progressMode, "progressMode");
        Objects.requireNonNull(push, "push");
        if (push.isPresent() != (progressMode == ProgressMode.PUSH)) {
            throw new IllegalArgumentException("a push target goes with push mode, and only with it");
        }
    }

    /** The reference's commit-driven mode: agents claim and commit. */
    public static ExecuteSettings commitDriven(int defaultChunkSize, int maxRows, double elevatedSkipRatioPercent,
                                               int maxChunksPerAttempt, Duration preflightReconcileStaleAfter,
                                               Duration claimLease) {
        return new ExecuteSettings(defaultChunkSize, maxRows, elevatedSkipRatioPercent, maxChunksPerAttempt,
                preflightReconcileStaleAfter, claimLease, ProgressMode.COMMIT_DRIVEN, Optional.empty());
    }
}
