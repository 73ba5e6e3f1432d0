package io.rezilient.restore.agent.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.contracts.restore.TargetState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finalises a draft plan from the target itself (service-spec §4.6): reads which of the draft's records exist on the
 * target and reports exactly that, so an operator never types exists/missing by hand. The target is read in batches;
 * the finalize is one request.
 */
public final class PlanReconciler {
    private static final int BATCH = 1000;

    private final RestoreServiceClient service;
    private final TargetWriter target;

    public PlanReconciler(RestoreServiceClient service, TargetWriter target) {
        this.service = Objects.requireNonNull(service, "service");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** What a reconcile did. */
    public record Reconciled(String planId, boolean alreadyFinalized, int exists, int missing, ServiceAnswer answer) {
    }

    /**
     * @param finalizedBy who finalises: the token's subject (the service records the subject whatever is sent)
     * @throws ReconcileException when the plan cannot be read or the service refuses the finalize
     */
    public Reconciled reconcile(String planId, String finalizedBy) {
        ServiceAnswer draft = service.targetReconciliation(planId);
        if (!draft.ok()) {
            throw new ReconcileException("cannot read plan " + planId + ": " + draft.describe());
        }
        if (!"draft".equals(draft.body().path("reconciliation_state").asText())) {
            return new Reconciled(planId, true, 0, 0, draft);
        }
        List<RecordRef> records = new ArrayList<>();
        for (JsonNode record : draft.body().path("target_reconciliation_records")) {
            records.add(new RecordRef(record.path("table").asText(), record.path("record_sys_id").asText()));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("finalized_by", finalizedBy);
        ArrayNode reconciled = body.putArray("reconciled_records");
        int exists = 0;
        for (int from = 0; from < records.size(); from += BATCH) {
            List<RecordRef> batch = records.subList(from, Math.min(records.size(), from + BATCH));
            Map<RecordRef, TargetState> states = target.states(batch);
            for (RecordRef record : batch) {
                TargetState state = states.getOrDefault(record, TargetState.MISSING);
                if (state == TargetState.EXISTS) {
                    exists++;
                }
                reconciled.addObject().put("table", record.table()).put("record_sys_id", record.sysId())
                        .put("target_state", state.wire());
            }
        }
        ServiceAnswer finalized = service.finalizePlan(planId, body);
        if (!finalized.ok()) {
            throw new ReconcileException("finalize of plan " + planId + " refused: " + finalized.describe());
        }
        return new Reconciled(planId, false, exists, records.size() - exists, finalized);
    }
}
