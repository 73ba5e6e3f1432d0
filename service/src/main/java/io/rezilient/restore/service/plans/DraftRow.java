package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.restore.SourceOperation;

import java.util.Objects;

/**
 * A materialised row before target reconciliation, with what reconciliation needs to re-derive its action and
 * precondition hash (service-spec §4.5 "draft row record").
 *
 * @param row             the row as materialised from the source operation alone
 * @param sourceOperation the winning event's {@code I|U|D}
 * @param winnerTuple     the winning PIT tuple
 */
public record DraftRow(PlanRow row, String artifactKey, String manifestKey, SourceOperation sourceOperation,
                       PitTuple winnerTuple) {
    public DraftRow {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(artifactKey, "artifactKey");
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(sourceOperation, "sourceOperation");
        Objects.requireNonNull(winnerTuple, "winnerTuple");
    }

    public PitResolution pitResolution() {
        return new PitResolution(row.rowId(), row.table(), row.recordSysId(), winnerTuple);
    }

    /** {@code {row_id, artifact_key, manifest_key, source_operation, winner_tuple}} as the vectors show it. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("row_id", row.rowId());
        json.put("artifact_key", artifactKey);
        json.put("manifest_key", manifestKey);
        json.put("source_operation", sourceOperation.wire());
        json.set("winner_tuple", winnerTuple.toJson());
        return json;
    }
}
