package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.plans.FinalizeRequestSchema;

import java.util.Objects;

/**
 * Whether one record exists on the target as the caller just checked it (service-spec §6.5), strict:
 * {@code {table, record_sys_id, target_state: exists|missing}}. Table and sys_id are trimmed, as the planner keys
 * records, so a duplicate hidden by whitespace is still a duplicate.
 */
public record RevalidatedRecord(String table, String recordSysId, TargetState targetState) {
    static final Schema SCHEMA = Schemas.object()
            .field("table", ExecuteFields.ID)
            .field("record_sys_id", ExecuteFields.ID)
            .field("target_state", ExecuteFields.wireValues(TargetState.values()));

    /** {@code revalidated_target_records}: default {@code []}, unique by {@link #key()}. */
    static final Schema LIST = Schemas.array(SCHEMA)
            .refine(ExecuteFields.unique("revalidated_target_records", null,
                    record -> key(record.path("table").asText().trim(), record.path("record_sys_id").asText().trim()),
                    FinalizeRequestSchema.DUPLICATE_MESSAGE))
            .withDefault(Schemas.emptyArray());

    public RevalidatedRecord {
        table = Objects.requireNonNull(table, "table").trim();
        recordSysId = Objects.requireNonNull(recordSysId, "recordSysId").trim();
        Objects.requireNonNull(targetState, "targetState");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static RevalidatedRecord parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static RevalidatedRecord fromParsed(JsonNode record) {
        return new RevalidatedRecord(record.get("table").textValue(), record.get("record_sys_id").textValue(),
                TargetState.fromWire(record.get("target_state").textValue()));
    }

    /** {@code table|record_sys_id}, the key of §6.5's coverage check. */
    public static String key(String table, String recordSysId) {
        return table + "|" + recordSysId;
    }

    /** This record's {@link #key(String, String)}. */
    public String key() {
        return key(table, recordSysId);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("table", table);
        json.put("record_sys_id", recordSysId);
        json.put("target_state", targetState.wire());
        return json;
    }
}
