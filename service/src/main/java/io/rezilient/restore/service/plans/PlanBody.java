package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a plan response as a stream: the header's fields, then the rows (as {@code plan_hash_input.rows},
 * {@code pit_resolutions} and, for a draft, {@code target_reconciliation_records}) read from the store one at a
 * time, so a 100,000-row plan is never one JSON tree in memory.
 */
final class PlanBody {
    /** Which of the §3.3 shapes to write. */
    enum Shape {
        /** {@code GET /v1/plans/{id}}: the stored record. */
        RECORD,
        /** {@code POST /v1/plans/dry-run}: the record plus reconciliation state and the records to check. */
        DRY_RUN,
        /** {@code POST …/finalize}: leading acceptance fields, then the record. */
        FINALIZE
    }

    private final PlanStore store;

    PlanBody(PlanStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @param leading fields written first (the finalize answer's {@code accepted}, counts …), in order
     */
    void write(OutputStream out, PlanKey key, PlanHeader header, Shape shape, Map<String, JsonNode> leading) {
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> field : leading.entrySet()) {
                json.writeFieldName(field.getKey());
                json.writeTree(field.getValue());
            }
            if (shape == Shape.FINALIZE) {
                json.writeStringField("reconciliation_state", ReconciliationState.FINALIZED.wire());
            }
            json.writeFieldName("plan");
            json.writeTree(header.plan());
            json.writeFieldName("plan_hash_input");
            writeHashInput(json, key, header.planHashInputHead());
            json.writeFieldName("gate");
            json.writeTree(header.gate());
            json.writeFieldName("delete_candidates");
            json.writeTree(header.deleteCandidates());
            json.writeFieldName("media_candidates");
            json.writeTree(header.mediaCandidates());
            json.writeArrayFieldStart("pit_resolutions");
            store.streamRows(key, draft -> writeTree(json, draft.pitResolution().toJson()));
            json.writeEndArray();
            json.writeFieldName("watermarks");
            json.writeTree(header.watermarks());
            if (shape == Shape.DRY_RUN) {
                boolean draft = header.state() == ReconciliationState.DRAFT;
                json.writeStringField("reconciliation_state", header.state().wire());
                json.writeArrayFieldStart("target_reconciliation_records");
                if (draft) {
                    store.streamRows(key, row -> writeTree(json, reconciliationRecord(row)));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException failed) {
            throw new UncheckedIOException("writing the plan response failed", failed);
        }
    }

    /**
     * Ours: {@code GET /v1/plans/{id}/target-reconciliation} — just the records a draft's finalize must report, so an
     * agent can read their state on the target without re-sending the dry-run; a finalised plan has none left.
     */
    void writeReconciliation(OutputStream out, PlanKey key, PlanHeader header) {
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("plan_id", key.planId());
            json.writeStringField("plan_hash", header.planHash());
            json.writeStringField("reconciliation_state", header.state().wire());
            json.writeNumberField("row_count", header.rowCount());
            json.writeArrayFieldStart("target_reconciliation_records");
            if (header.state() == ReconciliationState.DRAFT) {
                store.streamRows(key, row -> writeTree(json, reconciliationRecord(row)));
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException failed) {
            throw new UncheckedIOException("writing the plan response failed", failed);
        }
    }

    private void writeHashInput(JsonGenerator json, PlanKey key, ObjectNode head) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, JsonNode> field : head.properties()) {
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
        json.writeArrayFieldStart("rows");
        store.streamRows(key, draft -> writeTree(json, draft.row().toJson()));
        json.writeEndArray();
        json.writeEndObject();
    }

    /** What the caller must check on the target for one draft row (§3.3). */
    static ObjectNode reconciliationRecord(DraftRow draft) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("row_id", draft.row().rowId());
        record.put("table", draft.row().table());
        record.put("record_sys_id", draft.row().recordSysId());
        record.put("source_operation", draft.sourceOperation().wire());
        record.put("source_action", draft.sourceOperation().sourceAction().wire());
        return record;
    }

    private static void writeTree(JsonGenerator json, JsonNode node) {
        try {
            json.writeTree(node);
        } catch (IOException failed) {
            throw new UncheckedIOException("writing the plan response failed", failed);
        }
    }
}
