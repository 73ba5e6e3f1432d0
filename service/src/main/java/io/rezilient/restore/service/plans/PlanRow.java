package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.PlanRowAction;

import java.util.Objects;

/**
 * One row of a plan, the reference's {@code RestorePlanHashRowInput}: what executing the plan does to one record.
 *
 * @param rowId            {@code row.} + SHA-256 of {@code table|record_sys_id}
 * @param preconditionHash lower-case hex SHA-256 (service-spec §4.5)
 * @param metadata         the allow-listed envelope {@code {allowlist_version, metadata: {…}}}
 * @param values           the encrypted values ({@code diff_enc}, {@code before_image_enc}, {@code after_image_enc})
 */
public record PlanRow(String rowId, String table, String recordSysId, PlanRowAction action, String preconditionHash,
                      ObjectNode metadata, ObjectNode values) {
    public PlanRow {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(preconditionHash, "preconditionHash");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(values, "values");
    }

    /** The row as JSON, fields in the reference's order. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("row_id", rowId);
        json.put("table", table);
        json.put("record_sys_id", recordSysId);
        json.put("action", action.wire());
        json.put("precondition_hash", preconditionHash);
        json.set("metadata", metadata.deepCopy());
        json.set("values", values.deepCopy());
        return json;
    }
}
