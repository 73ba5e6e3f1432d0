package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code data} of a {@code cdc.write} or {@code cdc.delete} event: which record changed, when, and its
 * encrypted snapshot. Plaintext never appears here.
 *
 * @param op            {@code I} or {@code U} for writes, {@code D} for deletes
 * @param table         ServiceNow table
 * @param recordSysId   the record's {@code sys_id}
 * @param schemaVersion table schema version, {@code > 0}
 * @param sysUpdatedOn  {@code YYYY-MM-DD HH:mm:ss} (UTC)
 * @param sysModCount   the record's {@code sys_mod_count}, or {@code null}
 * @param snapshotEnc   the encrypted record snapshot
 * @param changedFields names of the changed columns, or {@code null}
 */
public record CdcData(String op, String table, String recordSysId, long schemaVersion, String sysUpdatedOn,
                      Long sysModCount, EncryptedPayload snapshotEnc, List<String> changedFields) {
    public CdcData {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(sysUpdatedOn, "sysUpdatedOn");
        Objects.requireNonNull(snapshotEnc, "snapshotEnc");
        changedFields = changedFields == null ? null : List.copyOf(changedFields);
    }

    /** The event type this data belongs to: {@code cdc.delete} for op {@code D}, else {@code cdc.write}. */
    public EventType eventType() {
        return "D".equals(op) ? EventType.CDC_DELETE : EventType.CDC_WRITE;
    }

    public ObjectNode toJson() {
        ArrayNode changed = null;
        if (changedFields != null) {
            changed = JsonNodeFactory.instance.arrayNode();
            changedFields.forEach(changed::add);
        }
        return new JsonObjects().put("op", op).put("table", table).put("record_sys_id", recordSysId)
                .put("schema_version", schemaVersion).put("sys_updated_on", sysUpdatedOn)
                .put("sys_mod_count", sysModCount).put("snapshot_enc", snapshotEnc.toJson())
                .put("changed_fields", changed).build();
    }

    /** Reads the data of an event that already passed {@link CloudEventSchema}. */
    public static CdcData fromJson(JsonNode data) {
        List<String> changed = null;
        if (data.has("changed_fields")) {
            changed = new ArrayList<>();
            for (JsonNode field : data.get("changed_fields")) {
                changed.add(field.textValue());
            }
        }
        return new CdcData(JsonObjects.text(data, "op"), JsonObjects.text(data, "table"),
                JsonObjects.text(data, "record_sys_id"), data.path("schema_version").longValue(),
                JsonObjects.text(data, "sys_updated_on"), JsonObjects.integer(data, "sys_mod_count"),
                EncryptedPayload.fromJson(data.get("snapshot_enc")), changed);
    }
}
