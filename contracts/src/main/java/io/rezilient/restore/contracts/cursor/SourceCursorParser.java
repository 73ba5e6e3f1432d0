package io.rezilient.restore.contracts.cursor;

import io.rezilient.restore.contracts.json.JsText;
import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.offsets.Offsets;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a persisted source cursor (indexer-spec §2.5). Null, empty or whitespace-only text is a fresh scope.
 * Anything else must be a version-3 JSON object, in the nested shape the writer produces
 * ({@code {"legacy":{"replay":…,"scan_cursor":…},"v2":{…},"v":3}}) or the flat shape
 * ({@code {"replay":…,"scan_cursor":…,"v":3}}, read as the legacy section). {@code v2} may be missing (no shards);
 * every other field must be present with the right type, and strings must not be blank.
 */
public final class SourceCursorParser {
    static final String LEGACY_STRING_NOT_SUPPORTED = "legacy plain-string cursors are not supported";
    static final String VERSION_MUST_BE_3 = "source cursor version must be " + SourceCursorState.VERSION;

    private SourceCursorParser() {
    }

    /**
     * @param cursor   the persisted text, or null
     * @param defaults replay settings for a fresh scope
     * @throws InvalidSourceCursorException when the text is not a valid version-3 cursor
     */
    public static SourceCursorState parse(String cursor, ReplayDefaults defaults) {
        if (cursor == null || JsText.isBlank(cursor)) {
            return SourceCursorState.fresh(defaults);
        }
        try {
            return parseJson(JsText.trim(cursor));
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSourceCursorException(invalid.getMessage(), invalid);
        }
    }

    private static SourceCursorState parseJson(String text) {
        // Pre-v3 indexers stored the bare scan key; reading it as a key would silently skip or repeat work.
        if (!text.startsWith("{")) {
            throw new IllegalArgumentException(LEGACY_STRING_NOT_SUPPORTED);
        }
        JsonNode root = Json.parse(text);
        JsonNode version = root.get("v");
        if (version == null || !version.isNumber() || version.doubleValue() != SourceCursorState.VERSION) {
            throw new IllegalArgumentException(VERSION_MUST_BE_3);
        }
        JsonNode legacy = root.has("legacy") ? object(root.get("legacy"), "legacy") : root;
        String prefix = root.has("legacy") ? "legacy." : "";
        ReplayState replay = replay(object(legacy.get("replay"), prefix + "replay"), prefix + "replay.");
        String scanCursor = nullableString(legacy, "scan_cursor", prefix + "scan_cursor");
        if (!root.has("v2")) {
            return new SourceCursorState(replay, scanCursor, new TreeMap<>(), null);
        }
        JsonNode v2 = object(root.get("v2"), "v2");
        SortedMap<String, ShardProgress> byShard = byShard(object(v2.get("by_shard"), "v2.by_shard"));
        String lastReconcileAt = nullableString(v2, "last_reconcile_at", "v2.last_reconcile_at");
        return new SourceCursorState(replay, scanCursor, byShard, lastReconcileAt);
    }

    private static ReplayState replay(JsonNode replay, String path) {
        JsonNode enabled = replay.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new IllegalArgumentException(message(path + "enabled", "must be a boolean"));
        }
        return new ReplayState(enabled.booleanValue(),
                nullableString(replay, "last_replay_at", path + "last_replay_at"),
                nullableString(replay, "lower_bound", path + "lower_bound"));
    }

    private static SortedMap<String, ShardProgress> byShard(JsonNode byShard) {
        SortedMap<String, ShardProgress> shards = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : byShard.properties()) {
            String key = entry.getKey();
            if (JsText.isBlank(key)) {
                throw new IllegalArgumentException(message("v2.by_shard keys", "must not be empty"));
            }
            String path = "v2.by_shard." + key;
            JsonNode shard = object(entry.getValue(), path);
            String lastEventTime = nullableString(shard, "last_event_time", path + ".last_event_time");
            String lastKey = nullableString(shard, "last_key", path + ".last_key");
            shards.put(key, new ShardProgress(lastEventTime, lastKey, nextOffset(shard, path + ".next_offset")));
        }
        return shards;
    }

    private static String nextOffset(JsonNode shard, String path) {
        String nextOffset = nullableString(shard, "next_offset", path);
        if (nextOffset == null) {
            throw new IllegalArgumentException(message(path, "must not be null"));
        }
        if (!Offsets.isValid(shard.get("next_offset"))) {
            throw new IllegalArgumentException(message(path, Offsets.RULE_MESSAGE));
        }
        return nextOffset;
    }

    private static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(message(path, "must be an object"));
        }
        return node;
    }

    /** A present string (not blank) or an explicit null; a missing key is an error, not a null. */
    private static String nullableString(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !(value.isTextual() || value.isNull())) {
            throw new IllegalArgumentException(message(path, "must be a string or null"));
        }
        if (value.isNull()) {
            return null;
        }
        if (JsText.isBlank(value.textValue())) {
            throw new IllegalArgumentException(message(path, "must not be empty"));
        }
        return value.textValue();
    }

    private static String message(String path, String rule) {
        return "source cursor " + path + " " + rule;
    }
}
