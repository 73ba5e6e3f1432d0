package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One indexed offset of a partition's generation, with the earliest and latest event time of its events (a
 * producer may reuse an offset for several event ids; each is indexed, the offset counts once).
 */
record OffsetTime(BigInteger offset, Instant earliest, Instant latest) {
    OffsetTime {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
    }

    static OffsetTime of(IndexedEvent event) {
        return new OffsetTime(new BigInteger(event.offset()), event.eventTime(), event.eventTime());
    }

    OffsetTime merge(OffsetTime other) {
        return new OffsetTime(offset, earlier(earliest, other.earliest), later(latest, other.latest));
    }

    static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
