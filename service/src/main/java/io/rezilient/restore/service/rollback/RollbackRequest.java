package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Refinement;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated {@code POST /v1/jobs/{id}/rollback} body, strict:
 * <pre>
 * {target_records: [{table, record_sys_id, target_state: exists|missing, fingerprint?}]   (at least one)
 *  resolutions?: [{row_id, resolution: overwrite|skip}],
 *  plan_id?: identifier}
 * </pre>
 * {@code target_records} is the target's current state of every journaled record, as the agent read it, unique by
 * table and sys_id; {@code fingerprint} (64 hex, lower-cased) only with {@code exists}. {@code resolutions} are unique
 * by row id.
 */
public record RollbackRequest(List<TargetRecord> targetRecords, Map<String, Resolution> resolutions,
                              Optional<String> planId) {
    static final String FINGERPRINT_ONLY_IF_EXISTS = "fingerprint is only allowed when target_state is exists";
    static final String DUPLICATE_RECORD = "duplicate target record";
    static final String DUPLICATE_ROW = "duplicate resolution for row";

    /** What the operator decided for a journal entry that blocks the undo. */
    public enum Resolution {
        /** Undo the row although its record changed on the target since the restore. */
        OVERWRITE("overwrite"),
        /** Leave the row out of the undo. */
        SKIP("skip");

        private final String wire;

        Resolution(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Resolution fromWire(String value) {
            for (Resolution resolution : values()) {
                if (resolution.wire.equals(value)) {
                    return resolution;
                }
            }
            throw new IllegalArgumentException("unknown resolution " + value);
        }
    }

    /** One record's current state on the target. */
    public record TargetRecord(String table, String recordSysId, TargetState state, Optional<String> fingerprint) {
        public TargetRecord {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(recordSysId, "recordSysId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(fingerprint, "fingerprint");
            if (fingerprint.isPresent() && state != TargetState.EXISTS) {
                throw new IllegalArgumentException(FINGERPRINT_ONLY_IF_EXISTS);
            }
        }

        public String key() {
            return keyOf(table, recordSysId);
        }
    }

    private static final Schema TARGET_RECORD = Schemas.object()
            .field("table", InputText.identifier())
            .field("record_sys_id", InputText.identifier())
            .field("target_state", Schemas.oneOf(TargetState.EXISTS.wire(), TargetState.MISSING.wire()))
            .field("fingerprint", ContractFields.sha256Hex().optional())
            .refine(RollbackRequest::fingerprintOnlyIfExists);

    private static final Schema RESOLUTION = Schemas.object()
            .field("row_id", InputText.identifier())
            .field("resolution", Schemas.oneOf(Resolution.OVERWRITE.wire(), Resolution.SKIP.wire()));

    static final Schema SCHEMA = Schemas.object()
            .field("target_records", Schemas.array(TARGET_RECORD).min(1)
                    .refine(unique(record -> keyOf(record.path("table").asText(),
                            record.path("record_sys_id").asText()), DUPLICATE_RECORD)))
            .field("resolutions", Schemas.array(RESOLUTION)
                    .refine(unique(resolution -> resolution.path("row_id").asText(), DUPLICATE_ROW)).optional())
            .field("plan_id", InputText.identifier().optional());

    public RollbackRequest {
        targetRecords = List.copyOf(targetRecords);
        resolutions = Map.copyOf(resolutions);
        Objects.requireNonNull(planId, "planId");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static RollbackRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("request body must be a JSON object");
        }
        JsonNode valid = JsonBody.validate(body, SCHEMA);
        List<TargetRecord> records = new ArrayList<>();
        for (JsonNode record : valid.get("target_records")) {
            JsonNode fingerprint = record.get("fingerprint");
            records.add(new TargetRecord(record.get("table").textValue(), record.get("record_sys_id").textValue(),
                    TargetState.fromWire(record.get("target_state").textValue()),
                    fingerprint == null ? Optional.empty() : Optional.of(fingerprint.textValue())));
        }
        Map<String, Resolution> resolutions = new LinkedHashMap<>();
        JsonNode given = valid.get("resolutions");
        if (given != null) {
            given.forEach(resolution -> resolutions.put(resolution.get("row_id").textValue(),
                    Resolution.fromWire(resolution.get("resolution").textValue())));
        }
        JsonNode planId = valid.get("plan_id");
        return new RollbackRequest(records, resolutions,
                planId == null ? Optional.empty() : Optional.of(planId.textValue()));
    }

    /** The caller's current state of each record, by {@link #keyOf}. */
    public Map<String, TargetRecord> byRecord() {
        Map<String, TargetRecord> byKey = new HashMap<>();
        targetRecords.forEach(record -> byKey.put(record.key(), record));
        return byKey;
    }

    static String keyOf(String table, String recordSysId) {
        return table + "|" + recordSysId;
    }

    private static void fingerprintOnlyIfExists(JsonNode record, RefinementContext context) {
        if (record.has("fingerprint") && !TargetState.EXISTS.wire().equals(record.path("target_state").asText())) {
            context.addIssue(FINGERPRINT_ONLY_IF_EXISTS, "fingerprint");
        }
    }

    /** Refuses the second element whose key repeats an earlier one's, at that element. */
    private static Refinement unique(Function<JsonNode, String> key, String what) {
        return (elements, context) -> {
            Map<String, Integer> first = new HashMap<>();
            for (int i = 0; i < elements.size(); i++) {
                String value = key.apply(elements.get(i));
                Integer earlier = first.putIfAbsent(value, i);
                if (earlier != null) {
                    context.addIssue(what + " '" + value + "' (also at index " + earlier + ")", i);
                    return;
                }
            }
        };
    }
}
