package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.service.http.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated finalize body: who finalises, and for each draft record whether it exists on the target
 * (service-spec §3.3, §4.6). Whether the records match the draft is checked against the draft, not here.
 *
 * @param reconciledRecords in request order, no two with the same {@link ReconciledRecord#key()}
 */
public record FinalizeRequest(String finalizedBy, List<ReconciledRecord> reconciledRecords) {

    /**
     * One record's reported target state; table and sys_id are trimmed, as the planner keys records.
     */
    public record ReconciledRecord(String table, String recordSysId, TargetState targetState) {
        public ReconciledRecord {
            table = Objects.requireNonNull(table, "table").trim();
            recordSysId = Objects.requireNonNull(recordSysId, "recordSysId").trim();
            Objects.requireNonNull(targetState, "targetState");
        }

        /** {@code table|record_sys_id}. */
        public String key() {
            return FinalizeRequestSchema.key(table, recordSysId);
        }
    }

    public FinalizeRequest {
        Objects.requireNonNull(finalizedBy, "finalizedBy");
        reconciledRecords = List.copyOf(reconciledRecords);
    }

    /**
     * Validates a request body.
     *
     * @throws ApiError 400 {@code invalid_request} with the first broken rule, prefixed by where it is
     */
    public static FinalizeRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("request body must be a JSON object");
        }
        ParseResult result = FinalizeRequestSchema.SCHEMA.parse(body);
        if (!result.isValid()) {
            throw ApiError.invalidRequest(DryRunRequest.describe(result.firstIssue().orElseThrow()));
        }
        JsonNode parsed = result.value();
        List<ReconciledRecord> records = new ArrayList<>();
        for (JsonNode record : parsed.get("reconciled_records")) {
            records.add(new ReconciledRecord(record.path("table").asText(), record.path("record_sys_id").asText(),
                    TargetState.fromWire(record.path("target_state").asText())));
        }
        return new FinalizeRequest(parsed.path("finalized_by").asText(), records);
    }

    /** Target state by {@code table|record_sys_id}, in request order. */
    public Map<String, TargetState> targetStatesByKey() {
        Map<String, TargetState> states = new LinkedHashMap<>();
        reconciledRecords.forEach(record -> states.put(record.key(), record.targetState()));
        return states;
    }
}
