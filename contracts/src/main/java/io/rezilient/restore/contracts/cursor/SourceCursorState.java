package io.rezilient.restore.contracts.cursor;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The indexer's persisted per-scope cursor, version 3 ({@code source_progress_v2.cursor}, indexer-spec §2.5):
 * the legacy fast-path/replay position plus the v2 per-shard progress. Immutable; shards are kept in UTF-16
 * code-unit order of their keys, which is the order the serialised form lists them in.
 *
 * @param replay          legacy replay bookkeeping
 * @param scanCursor      last object key selected by the fast path, or null before the first batch
 * @param byShard         v2 progress by {@code "<topic>|<partition>"}
 * @param lastReconcileAt when v2 progress was last reconciled, or null
 */
public record SourceCursorState(ReplayState replay, String scanCursor, SortedMap<String, ShardProgress> byShard,
                                String lastReconcileAt) {
    /** The only cursor version this code reads and writes. */
    public static final int VERSION = 3;

    public SourceCursorState {
        Objects.requireNonNull(replay, "replay");
        // String's natural order is UTF-16 code-unit order, as JavaScript's default sort.
        byShard = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byShard, "byShard")));
    }

    /** The state of a scope that has never been indexed: nothing scanned, replay as configured. */
    public static SourceCursorState fresh(ReplayDefaults defaults) {
        return new SourceCursorState(new ReplayState(defaults.enabled(), null, defaults.lowerBound()), null,
                new TreeMap<>(), null);
    }

    public SourceCursorState withReplay(ReplayState newReplay) {
        return new SourceCursorState(newReplay, scanCursor, byShard, lastReconcileAt);
    }

    public SourceCursorState withScanCursor(String newScanCursor) {
        return new SourceCursorState(replay, newScanCursor, byShard, lastReconcileAt);
    }

    /** A copy with {@code shardKey}'s progress added or replaced. */
    public SourceCursorState withShard(String shardKey, ShardProgress progress) {
        SortedMap<String, ShardProgress> shards = new TreeMap<>(byShard);
        shards.put(shardKey, progress);
        return new SourceCursorState(replay, scanCursor, shards, lastReconcileAt);
    }

    public SourceCursorState withLastReconcileAt(String newLastReconcileAt) {
        return new SourceCursorState(replay, scanCursor, byShard, newLastReconcileAt);
    }
}
