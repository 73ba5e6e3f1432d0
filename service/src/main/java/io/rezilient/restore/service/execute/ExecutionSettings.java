package io.rezilient.restore.service.execute;

import java.time.Duration;
import java.util.Objects;

/**
 * What execution is configured with (service-spec §11, architecture §7).
 *
 * @param defaultChunkSize    {@code RRS_EXECUTE_DEFAULT_CHUNK_SIZE}: rows per chunk unless the request says otherwise
 * @param maxChunksPerAttempt {@code RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT}: push mode pauses the job after this many
 *                            chunks of one attempt; 0 = unlimited
 * @param preflightStaleAfter {@code RRS_EXECUTE_PREFLIGHT_RECONCILE_STALE_AFTER_MS}
 * @param claimLease          {@code RRS_EXECUTE_CLAIM_LEASE_SECONDS}: how long a claim's rows are reserved
 * @param progressMode        {@code RRS_EXECUTE_PROGRESS_MODE}
 */
public record ExecutionSettings(int defaultChunkSize, CapabilityRules capabilityRules, int maxChunksPerAttempt,
                                Duration preflightStaleAfter, Duration claimLease, ProgressMode progressMode) {
    public ExecutionSettings {
        if (defaultChunkSize < 1 || defaultChunkSize > 1000) {
            throw new IllegalArgumentException("defaultChunkSize must be 1..1000, was " + defaultChunkSize);
        }
        Objects.requireNonNull(capabilityRules, "capabilityRules");
        Objects.requireNonNull(preflightStaleAfter, "preflightStaleAfter");
        Objects.requireNonNull(claimLease, "claimLease");
        Objects.requireNonNull(progressMode, "progressMode");
        if (maxChunksPerAttempt < 0) {
            throw new IllegalArgumentException("maxChunksPerAttempt must be 0 (unlimited) or more, was "
                    + maxChunksPerAttempt);
        }
    }

    /** Builds the settings; the capability rules from the row, skip-ratio and media caps. */
    public static ExecutionSettings of(int defaultChunkSize, int maxRows, double elevatedSkipPercent,
                                       int mediaMaxItems, long mediaMaxBytes, int maxChunksPerAttempt,
                                       Duration preflightStaleAfter, Duration claimLease, ProgressMode progressMode) {
        return new ExecutionSettings(defaultChunkSize, new CapabilityRules(maxRows, elevatedSkipPercent, mediaMaxItems,
                mediaMaxBytes), maxChunksPerAttempt, preflightStaleAfter, claimLease, progressMode);
    }

    /** How an armed execution makes progress. */
    public enum ProgressMode {
        /** Agents claim and commit rows (the default): the service never sees plaintext. */
        COMMIT_DRIVEN("commit_driven"),
        /** The service applies rows itself through an in-process agent against a configured target. */
        PUSH("push");

        private final String wire;

        ProgressMode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The mode a setting names. */
        public static ProgressMode parse(String value) {
            for (ProgressMode mode : values()) {
                if (mode.wire.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("must be commit_driven or push, got '" + value + "'");
        }
    }
}
