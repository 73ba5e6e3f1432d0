package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.reconcile.PlanReconciler;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.capture.truth.RecordVersion;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.auth.ResourceScope;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's planning stage: with the restore service started ({@link DemoService}), plans the restore of the records
 * the accident damaged to the point in time just before it (the end of the captured history) — a dry-run, then the
 * agent's reconciliation against the target — printing the gate and {@code plan_hash} an operator would review.
 */
final class DemoPlanStage {
    private static final String TABLE = "incident";

    private final PrintWriter out;
    private final DemoService service;
    private final GroundTruth truth;
    private final TargetWriter target;
    private final List<String> damaged;

    /** What the stage ended with: its exit code and, when it finalised one, the plan. */
    record Outcome(int exitCode, Optional<FinalPlan> plan) {
        static Outcome failed() {
            return new Outcome(1, Optional.empty());
        }
    }

    /**
     * A finalised plan: what a job for it names ({@code plan_id}, {@code plan_hash}), the tables it restores and its
     * gate's executability (the service takes jobs only for an {@code executable} plan).
     */
    record FinalPlan(String planId, String planHash, List<String> tables, String executability, Instant pit) {
        FinalPlan {
            tables = List.copyOf(tables);
        }
    }

    DemoPlanStage(PrintWriter out, DemoService service, GroundTruth truth, TargetWriter target, List<String> damaged) {
        this.out = out;
        this.service = service;
        this.truth = truth;
        this.target = target;
        this.damaged = List.copyOf(damaged);
    }

    Outcome run() {
        out.println("restore service on http://127.0.0.1:" + service.port() + ", token for "
                + DemoService.SCOPE.tenantId() + "/" + DemoService.SCOPE.instanceId() + " (subject "
                + DemoService.OPERATOR + "); demo setting RRS_RESTORE_INDEX_STALE_AFTER_SECONDS="
                + DemoService.DEMO_STALE_AFTER_SECONDS + " (default 120) because the synthetic workload stopped when capture"
                + " ended and its partitions only age from there");
        Instant pit = pointInTime();
        String planId = "demo-plan-" + DemoService.randomHex().substring(0, 8);
        out.println("restore the " + damaged.size() + " damaged " + TABLE + " records to " + IsoUtc.format(pit)
                + ", the last captured state before the accident");
        JsonNode draft = service.post("/v1/plans/dry-run", dryRun(planId, pit, damaged));
        if (draft == null) {
            return Outcome.failed();
        }
        out.println("dry-run   " + summary(draft) + ", " + draft.path("target_reconciliation_records").size()
                + " records to check on the target");
        PlanReconciler.Reconciled reconciled = new PlanReconciler(service.client(), target)
                .reconcile(planId, DemoService.OPERATOR);
        JsonNode finalized = reconciled.answer().body();
        out.println("reconciled by the agent against the target: " + reconciled.exists() + " exist there, "
                + reconciled.missing() + " missing");
        String planHash = finalized.path("plan").path("plan_hash").asText();
        String executability = finalized.path("gate").path("executability").asText();
        out.println("finalised " + summary(finalized));
        out.println("  plan_hash " + planHash
                + " (sha256 of the canonical plan_hash_input; GET /v1/plans/" + planId + " returns the plan)");
        out.flush();
        return new Outcome(0, Optional.of(new FinalPlan(planId, planHash, List.of(TABLE), executability, pit)));
    }

    /** The end of the captured history: the records as they were just before the accident. */
    private Instant pointInTime() {
        return truth.header().end();
    }

    /** Up to {@code limit} records of {@code table} that existed at {@code pit} and were changed or deleted after it. */
    static List<String> changedAfter(GroundTruth truth, String table, Instant pit, int limit) {
        Set<String> chosen = new LinkedHashSet<>();
        for (RecordVersion version : truth.records()) {
            if (chosen.size() == limit) {
                break;
            }
            if (version.table().equals(table) && version.eventTime().isAfter(pit)
                    && truth.stateAt(table, version.sysId(), pit) instanceof RecordState.Existing) {
                chosen.add(version.sysId());
            }
        }
        return new ArrayList<>(chosen);
    }

    private static ObjectNode dryRun(String planId, Instant pit, List<String> sysIds) {
        return dryRun(DemoService.SCOPE, DemoService.OPERATOR, planId, pit, TABLE, sysIds);
    }

    /**
     * A record-scope dry-run of {@code sysIds} of {@code table} to {@code pit}: the reference's PIT algorithm, records
     * missing on the target inserted again ({@code explicit_insert}), workflows suppressed.
     */
    static ObjectNode dryRun(ResourceScope scope, String requestedBy, String planId, Instant pit, String table,
                             List<String> sysIds) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope.tenantId()).put("instance_id", scope.instanceId())
                .put("source", scope.source()).put("plan_id", planId).put("requested_by", requestedBy);
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode records = body.putObject("scope").put("mode", "record");
        records.putArray("tables").add(table);
        sysIds.forEach(records.putArray("record_sys_ids")::add);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    private static String summary(JsonNode answer) {
        JsonNode gate = answer.path("gate");
        JsonNode counts = answer.path("plan").path("action_counts");
        return "gate " + gate.path("executability").asText() + " (" + gate.path("reason_code").asText() + "), "
                + "update " + counts.path("update").asLong() + ", insert " + counts.path("insert").asLong()
                + ", delete " + counts.path("delete").asLong() + ", plan_hash "
                + answer.path("plan").path("plan_hash").asText().substring(0, 12) + "…";
    }
}
