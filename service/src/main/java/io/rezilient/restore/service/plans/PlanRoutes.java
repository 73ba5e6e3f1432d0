package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan routes (service-spec §3.3): parse, authorise, call the planner or finaliser, stream the answer.
 */
public final class PlanRoutes implements RouteGroup {
    private static final String JSON_CONTENT_TYPE = "application/json";

    private final JsonBody bodies;
    private final DryRunPlanner planner;
    private final PlanFinalizer finalizer;
    private final PlanStore store;
    private final PlanBody renderer;

    public PlanRoutes(JsonBody bodies, DryRunPlanner planner, PlanFinalizer finalizer, PlanStore store) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.finalizer = Objects.requireNonNull(finalizer, "finalizer");
        this.store = Objects.requireNonNull(store, "store");
        this.renderer = new PlanBody(store);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/plans/dry-run", this::dryRun);
        routes.get("/v1/plans/{plan_id}", this::getPlan);
        routes.get("/v1/plans/{plan_id}/target-reconciliation", this::reconciliation);
        routes.post("/v1/plans/{plan_id}/target-reconciliation/finalize", this::finalizePlan);
    }

    /** Ours: the records a draft's finalize must report (empty once finalised), for {@code rez agent reconcile}. */
    private void reconciliation(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        PlanKey key = new PlanKey(caller.tenantId(), caller.instanceId(), caller.source(),
                InputText.pathId(ctx, "plan_id"));
        PlanHeader header = findOrUnavailable(key).orElseThrow(PlanErrors::planNotInScope);
        ctx.status(200).contentType(JSON_CONTENT_TYPE);
        renderer.writeReconciliation(ctx.outputStream(), key, header);
    }

    private void dryRun(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        DryRunRequest request = DryRunRequest.parse(bodies.readObject(ctx));
        DryRunPlanner.Outcome outcome = planner.plan(caller, request);
        stream(ctx, outcome.created() ? 202 : 200, outcome.key(), outcome.header(), PlanBody.Shape.DRY_RUN, Map.of());
    }

    private void getPlan(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        String planId = InputText.pathId(ctx, "plan_id");
        PlanKey key = new PlanKey(caller.tenantId(), caller.instanceId(), caller.source(), planId);
        // the key carries the caller's scope, so another scope's plan or draft is never found: it answers as missing
        PlanHeader header = findOrUnavailable(key).orElseThrow(PlanErrors::planNotInScope);
        if (header.state() != ReconciliationState.FINALIZED) {
            throw PlanErrors.planAwaitingFinalize(key.planId());
        }
        stream(ctx, 200, key, header, PlanBody.Shape.RECORD, Map.of());
    }

    private void finalizePlan(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        FinalizeRequest request = FinalizeRequest.parse(bodies.readObject(ctx));
        PlanFinalizer.Outcome outcome = finalizer.finalizePlan(caller, InputText.pathId(ctx, "plan_id"), request);
        Map<String, JsonNode> leading = new LinkedHashMap<>();
        leading.put("accepted", BooleanNode.TRUE);
        leading.put("reused_existing_plan", BooleanNode.valueOf(!outcome.created()));
        leading.put("requested_record_count", LongNode.valueOf(outcome.requestedRecordCount()));
        leading.put("finalized_record_count", LongNode.valueOf(outcome.header().rowCount()));
        stream(ctx, outcome.created() ? 201 : 200, outcome.key(), outcome.header(), PlanBody.Shape.FINALIZE,
                leading);
    }

    private Optional<PlanHeader> findOrUnavailable(PlanKey key) {
        try {
            return store.findHeader(key);
        } catch (PlanStoreUnavailableException failed) {
            throw PlanErrors.indexUnavailable(failed);
        }
    }

    private void stream(Context ctx, int status, PlanKey key, PlanHeader header, PlanBody.Shape shape,
                        Map<String, JsonNode> leading) {
        // rows are streamed from the store after the status is sent: a failure part-way leaves a cut body, which
        // no JSON client mistakes for a complete plan
        ctx.status(status).contentType(JSON_CONTENT_TYPE);
        renderer.write(ctx.outputStream(), key, header, shape, leading);
    }
}
