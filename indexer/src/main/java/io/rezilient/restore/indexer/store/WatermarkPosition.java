package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** Where a partition's watermark stands: the part of a watermark the indexer computes. */
record WatermarkPosition(String generationId, long generationEpoch, BigInteger offset, Instant indexedThroughTime,
                         Instant coverageStart, Instant coverageEnd) {
    WatermarkPosition {
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(indexedThroughTime, "indexedThroughTime");
        Objects.requireNonNull(coverageStart, "coverageStart");
        Objects.requireNonNull(coverageEnd, "coverageEnd");
    }

    /** A watermark made of one event. */
    static WatermarkPosition of(IndexedEvent event, long epoch) {
        return new WatermarkPosition(event.generationId(), epoch, new BigInteger(event.offset()), event.eventTime(),
                event.eventTime(), event.eventTime());
    }

    /** Monotonic merge within one generation: furthest offset and time, widest coverage. */
    WatermarkPosition merge(WatermarkPosition other) {
        if (other.generationEpoch != generationEpoch) {
            throw new IllegalArgumentException("cannot merge watermarks of generation epochs " + generationEpoch
                    + " and " + other.generationEpoch);
        }
        return new WatermarkPosition(generationId, generationEpoch, offset.max(other.offset),
                later(indexedThroughTime, other.indexedThroughTime), earlier(coverageStart, other.coverageStart),
                later(coverageEnd, other.coverageEnd));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
