package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a partition's watermark stands in its current generation: the part of a watermark the indexer computes.
 * Every offset from {@code fromOffset} through {@code throughOffset} is indexed (the contiguous range);
 * {@code highestOffset} above it means a hole is open (docs/indexer-watermarks.md).
 *
 * @param indexedThroughTime latest event time among the range's events: what freshness is measured from
 * @param coverageStart      earliest event time among the range's events
 * @param highestTime        latest event time of any indexed event of the generation
 * @param stalledSince       when the frontier stopped below {@code highestOffset}; null when no hole is open
 */
record WatermarkPosition(String generationId, long generationEpoch, BigInteger fromOffset, BigInteger throughOffset,
                         Instant indexedThroughTime, Instant coverageStart, BigInteger highestOffset,
                         Instant highestTime, Instant stalledSince) {
    WatermarkPosition {
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(fromOffset, "fromOffset");
        Objects.requireNonNull(throughOffset, "throughOffset");
        Objects.requireNonNull(indexedThroughTime, "indexedThroughTime");
        Objects.requireNonNull(coverageStart, "coverageStart");
        Objects.requireNonNull(highestOffset, "highestOffset");
        Objects.requireNonNull(highestTime, "highestTime");
        if (fromOffset.compareTo(throughOffset) > 0 || throughOffset.compareTo(highestOffset) > 0) {
            throw new IllegalArgumentException("watermark range out of order: from " + fromOffset + ", through "
                    + throughOffset + ", highest " + highestOffset);
        }
        if ((stalledSince != null) != holeOpen(throughOffset, highestOffset)) {
            throw new IllegalArgumentException("stalledSince must be set exactly when a hole is open above "
                    + throughOffset + " (highest " + highestOffset + ")");
        }
    }

    /** Whether an offset above the frontier is indexed while the one after the frontier is not. */
    boolean holeOpen() {
        return holeOpen(throughOffset, highestOffset);
    }

    /** Event time of the range's end, reported as the watermark's coverage end (as the reference does). */
    Instant coverageEnd() {
        return indexedThroughTime;
    }

    private static boolean holeOpen(BigInteger through, BigInteger highest) {
        return highest.compareTo(through) > 0;
    }
}
