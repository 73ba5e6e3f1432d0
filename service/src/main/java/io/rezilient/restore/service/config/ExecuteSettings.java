package io.rezilient.restore.service.config;

import java.time.Duration;

/** Execution limits (service-spec §6, §11) and the claim lease (ours, architecture §5 item 3). */
public record ExecuteSettings(int defaultChunkSize, int maxRows, double elevatedSkipRatioPercent,
                              int maxChunksPerAttempt, Duration preflightReconcileStaleAfter, Duration claimLease) {
}
