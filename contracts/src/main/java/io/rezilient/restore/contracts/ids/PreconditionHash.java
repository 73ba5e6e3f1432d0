package io.rezilient.restore.contracts.ids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;

import java.util.Objects;

/**
 * A plan row's {@code precondition_hash} (service-spec §4.5): SHA-256 hex of the canonical JSON of what the row
 * was derived from — its action, the winning event's artifact and manifest keys, the source operation, the
 * record, the encrypted values and the winning PIT tuple. Reconciliation that changes the action changes the
 * hash, while the operation keeps the source's letter.
 *
 * @param action       the plan row's action after reconciliation
 * @param artifactKey  object key of the winning artifact
 * @param manifestKey  object key of its manifest
 * @param operation    the winning event's source operation
 * @param recordSysId  the record's {@code sys_id}
 * @param rowId        the row id ({@link RowIds#rowId})
 * @param table        the record's table
 * @param values       the row's encrypted values ({@code diff_enc}, {@code before_image_enc}, …) as JSON
 * @param winnerTuple  the winning PIT tuple; an absent {@code sys_mod_count} is left out of the hash input
 */
public record PreconditionHash(PlanRowAction action, String artifactKey, String manifestKey,
                               SourceOperation operation, String recordSysId, String rowId, String table,
                               JsonNode values, PitTuple winnerTuple) {
    public PreconditionHash {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(artifactKey, "artifact_key");
        Objects.requireNonNull(manifestKey, "manifest_key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(recordSysId, "record_sys_id");
        Objects.requireNonNull(rowId, "row_id");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(winnerTuple, "winner_tuple");
    }

    /** The object whose canonical JSON is hashed, with the reference's field names. */
    public ObjectNode hashInput() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("action", action.wire());
        input.put("artifact_key", artifactKey);
        input.put("manifest_key", manifestKey);
        input.put("operation", operation.wire());
        input.put("record_sys_id", recordSysId);
        input.put("row_id", rowId);
        input.put("table", table);
        input.set("values", values.deepCopy());
        input.set("winner_tuple", winnerTuple.toJson());
        return input;
    }

    /** Lower-case hex SHA-256 of the canonical JSON of {@link #hashInput}. */
    public String compute() {
        return CanonicalJson.sha256Of(hashInput());
    }
}
