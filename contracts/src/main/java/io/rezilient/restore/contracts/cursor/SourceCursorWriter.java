package io.rezilient.restore.contracts.cursor;

import io.rezilient.restore.contracts.json.JsStrings;

import java.util.Map;

/**
 * Writes a cursor in the one form the reference persists (indexer-spec §2.5): nested shape, fixed key order,
 * shards sorted by key in UTF-16 code-unit order, no whitespace, strings escaped as {@code JSON.stringify} does.
 * The text is compared and stored verbatim, so it must be byte-identical to the reference's.
 */
public final class SourceCursorWriter {
    private SourceCursorWriter() {
    }

    public static String serialize(SourceCursorState state) {
        ReplayState replay = state.replay();
        StringBuilder out = new StringBuilder(256)
                .append("{\"legacy\":{\"replay\":{\"enabled\":").append(replay.enabled())
                .append(",\"last_replay_at\":").append(quote(replay.lastReplayAt()))
                .append(",\"lower_bound\":").append(quote(replay.lowerBound()))
                .append("},\"scan_cursor\":").append(quote(state.scanCursor()))
                .append("},\"v2\":{\"by_shard\":{");
        String separator = "";
        for (Map.Entry<String, ShardProgress> shard : state.byShard().entrySet()) {
            ShardProgress progress = shard.getValue();
            out.append(separator).append(quote(shard.getKey()))
                    .append(":{\"last_event_time\":").append(quote(progress.lastEventTime()))
                    .append(",\"last_key\":").append(quote(progress.lastKey()))
                    .append(",\"next_offset\":").append(quote(progress.nextOffset()))
                    .append('}');
            separator = ",";
        }
        return out.append("},\"last_reconcile_at\":").append(quote(state.lastReconcileAt()))
                .append("},\"v\":").append(SourceCursorState.VERSION).append('}')
                .toString();
    }

    private static String quote(String value) {
        return value == null ? "null" : JsStrings.quote(value);
    }
}
