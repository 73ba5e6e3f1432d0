package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.SourceCursorState;

import java.util.List;
import java.util.Objects;

/**
 * One poll of the source.
 *
 * @param items              read items and per-item failures, in key order
 * @param nextCursor         the cursor after this batch (it moves past failed items too: they live on in quarantine)
 * @param realtimeLagSeconds whole seconds from the newest manifest event time to now, clamped at 0; null if none
 * @param counters           scan counters for the batch log
 */
public record SourceBatch(List<SourceItem> items, SourceCursorState nextCursor, Long realtimeLagSeconds,
                          ScanCounters counters) {
    public SourceBatch {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
        Objects.requireNonNull(counters, "counters");
    }

    /** Bytes of the manifests and artifacts this batch read. */
    public long bytesRead() {
        long bytes = 0;
        for (SourceItem item : items) {
            if (item instanceof SourceItem.Read read) {
                bytes += read.bytes();
            }
        }
        return bytes;
    }

    /**
     * Scan counters (indexer-spec §2.7, §5.6).
     *
     * @param v2ShardAdvancements distinct shards whose {@code next_offset} moved
     */
    public record ScanCounters(int fastPathSelected, int replayPathSelected, boolean replayCycleRan,
                               int listCalls, int v2ShardAdvancements, int v1Count, int v2Count, int otherCount) {
        public static final ScanCounters NONE = new ScanCounters(0, 0, false, 0, 0, 0, 0, 0);
    }
}
