package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeAll;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans are keyed by (tenant, instance, source, plan_id) (deviation S17): another tenant — or the same tenant from
 * another instance or source — holding a valid token cannot tell a foreign plan from one that does not exist, on
 * any route that names a plan, and re-using a foreign plan_id creates its own plan. Every served route is either
 * probed here or listed as exempt, so a new plan or job route must be added to this test.
 */
class PlanTenantIsolationIT {
    private static final String INCIDENT = "incident";
    private static final String PLAN_ID = "plan-shared-name";
    /** A plan of A's that stays a draft: foreign callers must not see or finalise it either. */
    private static final String DRAFT_ID = "plan-draft-of-a";
    private static final String NEVER_CREATED = "plan-never-created";
    /** Routes that name no stored resource (health, documentation, creation) are covered elsewhere. */
    private static final Set<String> EXEMPT = Set.of("GET /v1/health", "GET /livez", "GET /readyz", "GET /metrics",
            "GET /openapi.json", "POST /v1/plans/dry-run");
    /**
     * Routes that name no plan, each isolation-tested where its ids live: job routes by
     * {@code JobRoutesIT.anotherScopesJobAnswersExactlyLikeAMissingOne} (and job creation from another scope's plan by
     * {@code JobRoutesIT.aJobCannotBeCreatedFromAnotherScopesPlan}), admin routes by the queue reconcile tests.
     */
    private static final List<String> ISOLATED_ELSEWHERE = List.of(" /v1/jobs", " /v1/admin/");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private static Service service;
    private static PlanScenario tenantA;
    private static PlanScenario tenantB;
    /** A third tenant that re-uses A's plan_id (kept apart from B, whose probes expect no plan under that id). */
    private static PlanScenario tenantC;
    private static JsonNode planOfA;
    private static String recordOfA;
    private static Answer draftOfA;

    @TempDir
    static Path work;

    @BeforeAll
    static void createAndFinaliseAPlanAsTenantA() throws Exception {
        service = Service.start("PlanTenantIsolationIT", work.resolve("objects"), env -> env);
        tenantA = PlanScenario.registered(service, new ResourceScope("tenant-a", "a-prod", "sn://a-prod.service-now.com"));
        tenantB = PlanScenario.registered(service, new ResourceScope("tenant-b", "b-prod", "sn://b-prod.service-now.com"));
        recordOfA = sysId("record-of-a");
        tenantA.event(INCIDENT, recordOfA, "a-1", "U", PIT.minus(Duration.ofMinutes(10)), 3);
        tenantA.watermark(NOW);
        tenantB.event(INCIDENT, sysId("record-of-b"), "b-1", "I", PIT.minus(Duration.ofMinutes(20)), 0);
        tenantB.watermark(NOW);
        tenantC = PlanScenario.registered(service, new ResourceScope("tenant-c", "c-prod", "sn://c-prod.service-now.com"));
        tenantC.event(INCIDENT, sysId("record-of-c"), "c-1", "I", PIT.minus(Duration.ofMinutes(20)), 0);
        tenantC.watermark(NOW);

        Answer drafted = tenantA.postDryRun(tenantA.dryRun(PLAN_ID, INCIDENT));
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        Answer finalised = tenantA.postFinalize(PLAN_ID, finalizeAll(drafted.json(), "exists"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        planOfA = tenantA.getPlan(PLAN_ID).json();
        draftOfA = tenantA.postDryRun(tenantA.dryRun(DRAFT_ID, INCIDENT));
        assertThat(draftOfA.status()).as(draftOfA.toString()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
            service.db().close();
        }
    }

    private static boolean isolatedElsewhere(String route) {
        return ISOLATED_ELSEWHERE.stream().anyMatch(prefix -> route.contains(prefix));
    }

    /** A request body that would succeed on A's plan for A, for each route with a body. */
    private static String bodyFor(String route) {
        if (route.equals("POST /v1/plans/{plan_id}/target-reconciliation/finalize")) {
            return Json.write(PlanScenario.finalizeBody(List.<String[]>of(
                    new String[] {INCIDENT, recordOfA, "exists"})));
        }
        return null;
    }

    private static String fill(String template, String id) {
        Matcher matcher = PATH_PARAM.matcher(template);
        return matcher.replaceAll(Matcher.quoteReplacement(id));
    }

    private static Answer call(String route, String id, String token) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String path = fill(route.substring(route.indexOf(' ') + 1), id);
        String body = bodyFor(route);
        if ("POST".equals(method) && body == null) {
            throw new AssertionError("route " + route + " has no request body in this test: add one to bodyFor");
        }
        return tenantA.send(method, path, token, body);
    }

    /** The route's answer about A's plan equals its answer about a plan that never existed. */
    private static void assertIndistinguishable(String route, String token) throws Exception {
        Answer missing = call(route, NEVER_CREATED, token);
        assertThat(missing.status()).as(route + " " + missing).isEqualTo(404);
        for (String foreignId : List.of(PLAN_ID, DRAFT_ID)) {
            Answer foreign = call(route, foreignId, token);
            assertThat(foreign.status()).as(route + " " + foreign).isEqualTo(missing.status());
            assertThat(foreign.jsonWithoutRequestId()).as(route + " " + foreignId)
                    .isEqualTo(missing.jsonWithoutRequestId());
            assertThat(foreign.raw()).as(route).doesNotContain(recordOfA).doesNotContain(
                    planOfA.path("plan").path("plan_hash").asText());
        }
    }

    @Test
    void everyRouteNamingAPlanAnswersAnotherTenantAsIfThePlanDidNotExist() throws Exception {
        List<String> probed = new ArrayList<>();
        Set<String> routes = new TreeSet<>(service.runtime().servedRoutes());
        assertThat(routes).contains("GET /v1/plans/{plan_id}",
                "POST /v1/plans/{plan_id}/target-reconciliation/finalize");
        for (String route : routes) {
            if (EXEMPT.contains(route) || isolatedElsewhere(route)) {
                continue;
            }
            assertThat(route).as("a route without a path parameter must be exempted explicitly or probed")
                    .contains("{");
            assertIndistinguishable(route, tenantB.token());
            probed.add(route);
        }
        assertThat(probed).isNotEmpty();
        assertAUntouched();
    }

    @Test
    void theSameTenantFromAnotherInstanceOrSourceSeesNothingEither() throws Exception {
        ResourceScope a = tenantA.scope();
        for (ResourceScope other : List.of(new ResourceScope(a.tenantId(), "a-dev", a.source()),
                new ResourceScope(a.tenantId(), a.instanceId(), "sn://a-dev.service-now.com"))) {
            String token = tenantA.token(other);
            for (String route : service.runtime().servedRoutes()) {
                if (!EXEMPT.contains(route) && !isolatedElsewhere(route)) {
                    assertIndistinguishable(route, token);
                }
            }
        }
        assertAUntouched();
    }

    @Test
    void aDryRunWithAForeignPlanIdCreatesTheCallersOwnPlan() throws Exception {
        ObjectNode request = tenantC.dryRun(PLAN_ID, INCIDENT);
        // A's request with C's scope: the same content apart from the triple
        Answer created = tenantC.postDryRun(request);

        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        JsonNode draft = created.json();
        assertThat(draft.path("reconciliation_state").asText()).isEqualTo("draft");
        assertThat(draft.path("plan").path("plan_id").asText()).isEqualTo(PLAN_ID);
        assertThat(draft.path("plan").path("plan_hash").asText())
                .isNotEqualTo(planOfA.path("plan").path("plan_hash").asText());
        assertThat(draft.toString()).doesNotContain(recordOfA);
        assertThat(draft.path("target_reconciliation_records")).hasSize(1);
        assertThat(draft.path("target_reconciliation_records").get(0).path("record_sys_id").asText())
                .isEqualTo(sysId("record-of-c"));
        assertThat(draft.path("watermarks").get(0).path("tenant_id").asText()).isEqualTo("tenant-c");

        // C's draft under the shared name is C's: C's GET still finds no finalised plan, A's plan is unchanged
        assertThat(tenantC.getPlan(PLAN_ID).status()).isEqualTo(404);
        Answer finalised = tenantC.postFinalize(PLAN_ID, finalizeAll(draft, "missing"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        assertThat(finalised.json().path("plan_hash_input").path("rows").get(0).path("action").asText())
                .isEqualTo("insert");
        assertThat(tenantC.getPlan(PLAN_ID).json().path("plan"))
                .isEqualTo(finalised.json().path("plan"));
        assertAUntouched();
    }

    @Test
    void aDryRunNamingAnotherTenantInTheBodyIsRefusedWithoutTouchingItsPlan() throws Exception {
        ObjectNode request = tenantA.dryRun(PLAN_ID, INCIDENT);
        Answer answer = tenantA.send("POST", "/v1/plans/dry-run", tenantB.token(), Json.write(request));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.json().path("error").asText()).isEqualTo("scope_blocked");
        assertThat(answer.raw()).doesNotContain(recordOfA);
        assertAUntouched();
    }

    /** A still reads its own plan, byte for byte as before, and its draft is still a draft. */
    private static void assertAUntouched() throws Exception {
        Answer read = tenantA.getPlan(PLAN_ID);
        assertThat(read.status()).isEqualTo(200);
        for (Map.Entry<String, JsonNode> field : planOfA.properties()) {
            assertThat(read.json().path(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
        }
        assertThat(tenantA.getPlan(DRAFT_ID).status()).isEqualTo(404);
        Answer draft = tenantA.postDryRun(tenantA.dryRun(DRAFT_ID, INCIDENT));
        assertThat(draft.status()).isEqualTo(200);
        assertThat(draft.json().path("reconciliation_state").asText()).isEqualTo("draft");
        assertThat(draft.json().path("plan")).isEqualTo(draftOfA.json().path("plan"));
    }

    /** Deviation S59: the owner is told its draft awaits finalize; anyone else gets the answer for a missing plan. */
    @Test
    void onlyTheOwnerLearnsThatADraftAwaitsFinalize() throws Exception {
        Answer own = tenantA.getPlan(DRAFT_ID);
        assertThat(own.status()).isEqualTo(404);
        assertThat(own.json().path("error").asText()).isEqualTo("plan_not_finalized");
        assertThat(own.json().path("reconciliation_state").asText()).isEqualTo("draft");

        Answer foreign = tenantB.getPlan(DRAFT_ID);
        Answer missing = tenantB.getPlan(NEVER_CREATED);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.jsonWithoutRequestId()).isEqualTo(missing.jsonWithoutRequestId());
        assertThat(foreign.json().path("error").asText()).isEqualTo("not_found");
        assertThat(foreign.raw()).doesNotContain("draft").doesNotContain(DRAFT_ID);
        assertAUntouched();
    }

    @Test
    void aDraftProbedByOthersIsStillFinalisableByItsOwner() throws Exception {
        String ownDraft = "plan-draft-of-a-to-finalise";
        Answer drafted = tenantA.postDryRun(tenantA.dryRun(ownDraft, INCIDENT));
        assertThat(drafted.status()).isEqualTo(202);
        String finalizePath = "/v1/plans/" + ownDraft + "/target-reconciliation/finalize";
        String body = Json.write(finalizeAll(drafted.json(), "exists"));
        assertThat(tenantA.send("POST", finalizePath, tenantB.token(), body).status()).isEqualTo(404);
        Answer finalised = tenantA.postFinalize(ownDraft, finalizeAll(drafted.json(), "exists"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        assertThat(tenantB.getPlan(ownDraft).status()).isEqualTo(404);
    }
}
