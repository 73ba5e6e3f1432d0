package io.rezilient.restore.indexer.store;

import io.rezilient.restore.indexer.lease.IngestScope;

import java.util.List;
import java.util.Objects;

/**
 * One batch for {@link IndexStore#write}: its events and the progress to record with them.
 *
 * @param cursor             the source cursor to persist (the worker's serialised cursor, stored verbatim)
 * @param realtimeLagSeconds the batch's lag, or null when unknown (e.g. an empty batch)
 * @param itemCount          work items the batch read (events plus items set aside, e.g. quarantined)
 */
public record IndexBatch(IngestScope scope, List<IndexedEvent> events, String cursor, Long realtimeLagSeconds,
                         int itemCount) {
    public IndexBatch {
        Objects.requireNonNull(scope, "scope");
        events = List.copyOf(events);
        if (realtimeLagSeconds != null && realtimeLagSeconds < 0) {
            throw new IllegalArgumentException("realtime lag must be >= 0 seconds, got " + realtimeLagSeconds);
        }
        if (itemCount < events.size()) {
            throw new IllegalArgumentException("item count " + itemCount + " is below the " + events.size()
                    + " events of the batch");
        }
    }

    /** A batch whose items are exactly its events. */
    public static IndexBatch of(IngestScope scope, List<IndexedEvent> events, String cursor, Long realtimeLagSeconds) {
        return new IndexBatch(scope, events, cursor, realtimeLagSeconds, events.size());
    }
}
