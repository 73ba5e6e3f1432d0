package io.rezilient.restore.contracts.cursor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;

import java.util.Map;

/**
 * Conformance family {@code source_cursor}: parse a persisted cursor with replay defaults, then compare the
 * in-memory model (the reference mirrors the legacy section at top level) and the serialised text.
 */
public final class SourceCursorFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "source_cursor";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        if (!"parse".equals(vectorCase.path("op").asText())) {
            return CaseResult.failed("unknown op " + vectorCase.path("op").asText());
        }
        JsonNode input = vectorCase.path("input");
        JsonNode expectedError = vectorCase.get("expected_error");
        ObjectNode actual;
        try {
            JsonNode defaults = input.path("replay_defaults");
            JsonNode cursor = input.path("cursor");
            SourceCursorState state = SourceCursorParser.parse(cursor.isNull() ? null : cursor.asText(),
                    new ReplayDefaults(defaults.path("enabled").asBoolean(),
                            defaults.path("lowerBound").isNull() ? null : defaults.path("lowerBound").asText()));
            actual = JsonNodeFactory.instance.objectNode();
            actual.set("state", model(state));
            actual.put("serialized", SourceCursorWriter.serialize(state));
        } catch (IllegalArgumentException rejected) {
            if (expectedError == null) {
                return CaseResult.failed("unexpected error: " + rejected.getMessage());
            }
            return CaseResult.expectEqual("error", expectedError.asText(), rejected.getMessage());
        }
        if (expectedError != null) {
            return CaseResult.failed("rejection", expectedError.asText(), actual);
        }
        return CaseResult.expectEqual("output", vectorCase.get("expected"), actual);
    }

    /** The reference's in-memory {@code SourceCursorV3State}: nested sections plus flat mirrors of legacy. */
    private static ObjectNode model(SourceCursorState state) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode replay = json.objectNode()
                .put("enabled", state.replay().enabled())
                .put("last_replay_at", state.replay().lastReplayAt())
                .put("lower_bound", state.replay().lowerBound());
        ObjectNode legacy = json.objectNode();
        legacy.set("replay", replay);
        legacy.put("scan_cursor", state.scanCursor());
        ObjectNode byShard = json.objectNode();
        for (Map.Entry<String, ShardProgress> shard : state.byShard().entrySet()) {
            byShard.putObject(shard.getKey())
                    .put("last_event_time", shard.getValue().lastEventTime())
                    .put("last_key", shard.getValue().lastKey())
                    .put("next_offset", shard.getValue().nextOffset());
        }
        ObjectNode v2 = json.objectNode();
        v2.set("by_shard", byShard);
        v2.put("last_reconcile_at", state.lastReconcileAt());
        ObjectNode model = json.objectNode();
        model.set("legacy", legacy);
        model.set("replay", replay.deepCopy());
        model.put("scan_cursor", state.scanCursor());
        model.set("v2", v2);
        model.put("v", SourceCursorState.VERSION);
        return model;
    }
}
