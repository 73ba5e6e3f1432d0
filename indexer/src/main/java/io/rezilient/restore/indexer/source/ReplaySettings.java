package io.rezilient.restore.indexer.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Configured replay of v1 keys that arrive below the scan cursor (indexer-spec §2.7). The configuration is
 * authoritative: unlike the reference, a persisted {@code replay.enabled} or {@code lower_bound} never overrides a
 * later configuration change (weak point 10).
 *
 * @param lowerBound configured lower bound of the replay window, or null to derive it from the scan cursor
 */
public record ReplaySettings(boolean enabled, Duration interval, int maxPagesPerCycle, int maxKeysPerCycle,
                             String lowerBound) {
    public static final ReplaySettings DEFAULT = new ReplaySettings(true, Duration.ofSeconds(60), 2, 1000, null);

    public ReplaySettings {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("replay interval must not be negative, got " + interval);
        }
        if (maxPagesPerCycle < 1 || maxKeysPerCycle < 1) {
            throw new IllegalArgumentException("replay caps must be >= 1, got pages=" + maxPagesPerCycle
                    + " keys=" + maxKeysPerCycle);
        }
        if (lowerBound != null && lowerBound.isBlank()) {
            lowerBound = null;
        }
    }
}
