package io.rezilient.restore.service.index;

import java.time.Instant;
import java.util.Objects;

/**
 * A partition's watermark as the service reports it (service-spec §4.7), with freshness measured now. A partition
 * without a watermark row is a synthetic unknown watermark: generation {@code unknown}, offset {@code 0}, times
 * equal to {@code measuredAt}.
 *
 * @param indexed              false for the synthetic watermark of a partition with no row
 * @param indexedThroughOffset decimal string (NUMERIC(20,0))
 * @param openQuarantine       open quarantined artifacts blocking the partition (its own plus source-wide ones)
 */
public record AuthoritativeWatermark(IndexScope scope, PartitionRef partition, boolean indexed, String generationId,
                                     String indexedThroughOffset, Instant indexedThroughTime, Instant coverageStart,
                                     Instant coverageEnd, Instant measuredAt, int openQuarantine,
                                     FreshnessVerdict verdict) {
    public static final String UNKNOWN_GENERATION = "unknown";

    public AuthoritativeWatermark {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(indexedThroughOffset, "indexedThroughOffset");
        Objects.requireNonNull(indexedThroughTime, "indexedThroughTime");
        Objects.requireNonNull(coverageStart, "coverageStart");
        Objects.requireNonNull(coverageEnd, "coverageEnd");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(verdict, "verdict");
    }

    static AuthoritativeWatermark unindexed(IndexScope scope, PartitionRef partition, Instant measuredAt,
                                            int openQuarantine, FreshnessVerdict verdict) {
        return new AuthoritativeWatermark(scope, partition, false, UNKNOWN_GENERATION, "0", measuredAt, measuredAt,
                measuredAt, measuredAt, openQuarantine, verdict);
    }
}
