package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.plan.PlanHash;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Event;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeAll;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeBody;
import static io.rezilient.restore.service.plans.PlanScenario.rowId;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan routes (service-spec §3.3, §4; deviations S17–S22) over real HTTP, a real migrated PostgreSQL holding
 * the restore index, the source registry and the plans, and real object stores holding artifact bodies (a
 * filesystem store; one scenario on an S3-compatible server). Every test works in a source of its own.
 */
class PlanRoutesIT {
    private static final String INCIDENT = "incident";
    private static final String PROBLEM = "problem";
    private static final AtomicInteger SCOPES = new AtomicInteger();
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = Service.start("PlanRoutesIT", work.resolve("objects"), env -> env);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
            service.db().close();
        }
    }

    @AfterEach
    void resetClock() {
        service.clock().set(NOW);
    }

    private static ResourceScope newScope() {
        int n = SCOPES.incrementAndGet();
        return new ResourceScope("tenant-acme", "acme-" + n, "sn://acme-" + n + ".service-now.com");
    }

    private static PlanScenario registered() throws Exception {
        return PlanScenario.registered(service, newScope());
    }

    private static Instant beforePit(int minutes) {
        return PIT.minus(Duration.ofMinutes(minutes));
    }

    private static Instant afterPit(int minutes) {
        return PIT.plus(Duration.ofMinutes(minutes));
    }

    private static String[] record(String table, String sysId, String state) {
        return new String[] {table, sysId, state};
    }

    /** Rows of {@code plan_hash_input.rows} by record sys_id. */
    private static Map<String, JsonNode> rowsBySysId(JsonNode answer) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        answer.path("plan_hash_input").path("rows").forEach(row -> rows.put(row.path("record_sys_id").asText(), row));
        return rows;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    /** The plan hash recomputed here from the answer's own hash input with the contracts' {@link PlanHash}. */
    private static void assertHashMatchesInput(JsonNode answer) {
        String recomputed = PlanHash.compute(answer.path("plan_hash_input")).planHash();
        assertThat(answer.path("plan").path("plan_hash").asText()).isEqualTo(recomputed);
    }

    private static void assertError(Answer answer, int status, String error, String reasonCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).as(answer.toString()).isEqualTo(error);
        if (reasonCode != null) {
            assertThat(answer.json().path("reason_code").asText()).as(answer.toString()).isEqualTo(reasonCode);
        }
    }

    /** GET of a plan the caller's scope does not have: 404 not_found without a reason code (deviation S59). */
    private static void assertNoSuchPlan(Answer answer) {
        assertError(answer, 404, "not_found", null);
        assertThat(answer.json().has("reason_code")).as(answer.toString()).isFalse();
        assertThat(answer.json().path("message").asText()).isEqualTo("plan not found within token scope");
    }

    /** GET of the caller's own draft: 404 that says it awaits finalize and how to finalise it (deviation S59). */
    private static void assertDraftAwaitingFinalize(Answer answer, String planId) {
        assertError(answer, 404, "plan_not_finalized", "blocked_plan_unavailable");
        assertThat(answer.json().path("reconciliation_state").asText()).isEqualTo("draft");
        assertThat(answer.json().path("message").asText()).isEqualTo("plan " + planId + " is a draft awaiting target"
                + " reconciliation: POST /v1/plans/" + planId + "/target-reconciliation/finalize to finalise it");
    }

    // ---- the main path: draft, reuse, mismatch, finalize, read back ------------------------------------------

    @Test
    void aDraftIsFinalisedIntoAnImmutablePlanWithReDerivedActions() throws Exception {
        PlanScenario s = registered();
        String insertedExists = sysId("inserted-exists");
        String insertedMissing = sysId("inserted-missing");
        String updated = sysId("updated");
        String deleted = sysId("deleted");
        s.event(INCIDENT, insertedExists, "ie-1", "I", beforePit(180), 0);
        s.event(INCIDENT, insertedMissing, "im-1", "I", beforePit(170), 0);
        s.event(INCIDENT, updated, "u-1", "I", beforePit(300), 0);
        Event winner = s.event(INCIDENT, updated, "u-2", "U", beforePit(120), 1);
        s.event(INCIDENT, updated, "u-3", "U", afterPit(30), 2); // after the PIT: never the winner
        s.event(INCIDENT, deleted, "d-1", "I", beforePit(300), 0);
        s.event(INCIDENT, deleted, "d-2", "D", beforePit(60), 1);
        s.watermark(NOW.minusSeconds(30));
        ObjectNode request = s.dryRun("plan-main", INCIDENT);

        Answer drafted = s.postDryRun(request);

        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode draft = drafted.json();
        assertThat(draft.path("reconciliation_state").asText()).isEqualTo("draft");
        assertHashMatchesInput(draft);
        assertThat(draft.path("plan").path("plan_id").asText()).isEqualTo("plan-main");
        assertThat(draft.path("plan").path("generated_at").asText()).isEqualTo("2026-11-24T12:00:00.000Z");
        Map<String, JsonNode> draftRows = rowsBySysId(draft);
        assertThat(draftRows).containsOnlyKeys(insertedExists, insertedMissing, updated, deleted);
        List<String> rowIds = texts(draft.path("plan_hash_input").path("rows"), "row_id");
        assertThat(rowIds).isSorted().containsExactlyInAnyOrder(rowId(INCIDENT, insertedExists),
                rowId(INCIDENT, insertedMissing), rowId(INCIDENT, updated), rowId(INCIDENT, deleted));
        assertThat(draftRows.get(insertedExists).path("action").asText()).isEqualTo("insert");
        assertThat(draftRows.get(updated).path("action").asText()).isEqualTo("update");
        assertThat(draftRows.get(deleted).path("action").asText()).isEqualTo("delete");
        JsonNode updatedRow = draftRows.get(updated);
        assertThat(updatedRow.path("metadata").path("metadata").path("event_id").asText()).isEqualTo(winner.eventId());
        assertThat(updatedRow.path("values").path("diff_enc").path("alg").asText()).isEqualTo("AES-256-GCM");
        JsonNode counts = draft.path("plan").path("action_counts");
        assertThat(counts.path("insert").asInt()).isEqualTo(2);
        assertThat(counts.path("update").asInt()).isEqualTo(1);
        assertThat(counts.path("delete").asInt()).isEqualTo(1);

        Map<String, JsonNode> resolutions = new HashMap<>();
        draft.path("pit_resolutions").forEach(r -> resolutions.put(r.path("record_sys_id").asText(), r));
        assertThat(resolutions).hasSize(4);
        assertThat(resolutions.get(updated).path("winning_event_id").asText()).isEqualTo(winner.eventId());
        assertThat(resolutions.get(updated).path("winning_sys_updated_on").asText()).isEqualTo(winner.sysUpdatedOn());
        assertThat(resolutions.get(updated).path("winning_sys_mod_count").asInt()).isEqualTo(1);
        assertThat(resolutions.get(updated).path("row_id").asText()).isEqualTo(rowId(INCIDENT, updated));

        Map<String, String> sourceOps = new HashMap<>();
        Map<String, String> sourceActions = new HashMap<>();
        for (JsonNode record : draft.path("target_reconciliation_records")) {
            sourceOps.put(record.path("record_sys_id").asText(), record.path("source_operation").asText());
            sourceActions.put(record.path("record_sys_id").asText(), record.path("source_action").asText());
            assertThat(record.path("table").asText()).isEqualTo(INCIDENT);
            assertThat(record.path("row_id").asText()).isEqualTo(
                    rowId(INCIDENT, record.path("record_sys_id").asText()));
        }
        assertThat(sourceOps).containsExactlyInAnyOrderEntriesOf(Map.of(insertedExists, "I", insertedMissing, "I",
                updated, "U", deleted, "D"));
        assertThat(sourceActions).containsExactlyInAnyOrderEntriesOf(Map.of(insertedExists, "insert",
                insertedMissing, "insert", updated, "update", deleted, "delete"));

        assertThat(draft.path("watermarks")).hasSize(1);
        JsonNode mark = draft.path("watermarks").get(0);
        assertThat(mark.path("topic").asText()).isEqualTo(PlanScenario.TOPIC);
        assertThat(mark.path("partition").asInt()).isZero();
        assertThat(mark.path("freshness").asText()).isEqualTo("fresh");
        assertThat(mark.path("tenant_id").asText()).isEqualTo(s.scope().tenantId());
        JsonNode gate = draft.path("gate");
        assertThat(gate.path("executability").asText()).isEqualTo("executable");
        assertThat(gate.path("reason_code").asText()).isEqualTo("none");
        assertThat(gate.path("unresolved_delete_candidates").asInt()).isZero();
        assertThat(draft.path("delete_candidates")).isEmpty();

        // the same request again (even from someone else) is a safe retry: the stored draft, 200
        ObjectNode again = request.deepCopy().put("requested_by", "someone.else@acme.example");
        Answer retried = s.postDryRun(again);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("plan")).isEqualTo(draft.path("plan"));
        assertThat(retried.json().path("plan_hash_input")).isEqualTo(draft.path("plan_hash_input"));
        assertThat(retried.json().path("target_reconciliation_records"))
                .isEqualTo(draft.path("target_reconciliation_records"));

        // changed inputs under the same plan_id: the runbook's 409, never the old plan
        ObjectNode changed = request.deepCopy();
        ((ObjectNode) changed.path("execution_options")).put("missing_row_mode", "explicit_insert");
        assertError(s.postDryRun(changed), 409, "plan_hash_mismatch", "blocked_plan_hash_mismatch");
        ObjectNode otherPit = request.deepCopy();
        ((ObjectNode) otherPit.path("pit")).put("restore_time", "2026-11-24T10:00:00.000Z");
        assertError(s.postDryRun(otherPit), 409, "plan_hash_mismatch", "blocked_plan_hash_mismatch");

        // a draft is not a plan yet
        assertDraftAwaitingFinalize(s.getPlan("plan-main"), "plan-main");

        // finalize: I+exists → update, I+missing → insert, U+exists → update, D → delete
        ObjectNode finalizeRequest = finalizeBody(List.<String[]>of(record(INCIDENT, insertedExists, "exists"),
                record(INCIDENT, insertedMissing, "missing"), record(INCIDENT, updated, "exists"),
                record(INCIDENT, deleted, "exists")));
        Answer finalised = s.postFinalize("plan-main", finalizeRequest);

        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        JsonNode plan = finalised.json();
        assertThat(plan.path("accepted").asBoolean()).isTrue();
        assertThat(plan.path("reused_existing_plan").asBoolean()).isFalse();
        assertThat(plan.path("requested_record_count").asInt()).isEqualTo(4);
        assertThat(plan.path("finalized_record_count").asInt()).isEqualTo(4);
        assertThat(plan.path("reconciliation_state").asText()).isEqualTo("finalized");
        assertHashMatchesInput(plan);
        assertThat(plan.path("plan").path("plan_hash").asText())
                .isNotEqualTo(draft.path("plan").path("plan_hash").asText());
        Map<String, JsonNode> rows = rowsBySysId(plan);
        assertThat(rows.get(insertedExists).path("action").asText()).isEqualTo("update");
        assertThat(rows.get(insertedMissing).path("action").asText()).isEqualTo("insert");
        assertThat(rows.get(updated).path("action").asText()).isEqualTo("update");
        assertThat(rows.get(deleted).path("action").asText()).isEqualTo("delete");
        // the source operation stays in the metadata; a changed action changes the precondition hash
        assertThat(rows.get(insertedExists).path("metadata").path("metadata").path("operation").asText())
                .isEqualTo("I");
        assertThat(rows.get(insertedExists).path("precondition_hash").asText())
                .isNotEqualTo(draftRows.get(insertedExists).path("precondition_hash").asText());
        assertThat(rows.get(insertedMissing).path("precondition_hash"))
                .isEqualTo(draftRows.get(insertedMissing).path("precondition_hash"));
        assertThat(rows.get(updated)).isEqualTo(draftRows.get(updated));
        JsonNode finalCounts = plan.path("plan").path("action_counts");
        assertThat(finalCounts.path("update").asInt()).isEqualTo(2);
        assertThat(finalCounts.path("insert").asInt()).isEqualTo(1);
        assertThat(finalCounts.path("delete").asInt()).isEqualTo(1);
        assertThat(finalCounts.path("skip").asInt()).isZero();
        assertThat(plan.path("plan_hash_input").path("action_counts")).isEqualTo(finalCounts);
        assertThat(plan.path("pit_resolutions")).isEqualTo(draft.path("pit_resolutions"));
        assertThat(plan.path("gate").path("executability").asText()).isEqualTo("executable");
        assertThat(plan.has("target_reconciliation_records")).isFalse();

        // finalize again: the stored plan, whatever the body says
        Answer reused = s.postFinalize("plan-main", finalizeBody(List.<String[]>of(record(INCIDENT, "nothing", "missing"))));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(200);
        assertThat(reused.json().path("reused_existing_plan").asBoolean()).isTrue();
        assertThat(reused.json().path("requested_record_count").asInt()).isEqualTo(1);
        assertThat(reused.json().path("finalized_record_count").asInt()).isEqualTo(4);
        assertThat(reused.json().path("plan")).isEqualTo(plan.path("plan"));
        assertThat(reused.json().path("plan_hash_input")).isEqualTo(plan.path("plan_hash_input"));

        // read back: the identical plan
        Answer read = s.getPlan("plan-main");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode stored = read.json();
        for (String field : List.of("plan", "plan_hash_input", "gate", "delete_candidates", "media_candidates",
                "pit_resolutions", "watermarks")) {
            assertThat(stored.path(field)).as(field).isEqualTo(plan.path(field));
        }
        assertThat(stored.has("reconciliation_state")).isFalse();

        // the original dry-run request now answers with the finalised plan and nothing left to reconcile
        Answer afterwards = s.postDryRun(request);
        assertThat(afterwards.status()).isEqualTo(200);
        assertThat(afterwards.json().path("reconciliation_state").asText()).isEqualTo("finalized");
        assertThat(afterwards.json().path("plan")).isEqualTo(plan.path("plan"));
        assertThat(afterwards.json().path("target_reconciliation_records")).isEmpty();
    }

    @Test
    void aFinalizeWithMissingExtraOrDuplicateRecordsIs400AndChangesNothing() throws Exception {
        PlanScenario s = registered();
        String a = sysId("a");
        String b = sysId("b");
        s.event(INCIDENT, a, "a-1", "U", beforePit(30), 3);
        s.event(INCIDENT, b, "b-1", "U", beforePit(40), 5);
        s.watermark(NOW.minusSeconds(5));
        Answer drafted = s.postDryRun(s.dryRun("plan-strict", INCIDENT));
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);

        Answer missing = s.postFinalize("plan-strict", finalizeBody(List.<String[]>of(record(INCIDENT, a, "exists"))));
        assertError(missing, 400, "invalid_request", null);
        assertThat(missing.json().path("requested_record_count").asInt()).isEqualTo(1);
        Answer extra = s.postFinalize("plan-strict", finalizeBody(List.<String[]>of(record(INCIDENT, a, "exists"),
                record(INCIDENT, b, "exists"), record(INCIDENT, sysId("c"), "exists"))));
        assertError(extra, 400, "invalid_request", null);
        assertThat(extra.json().path("requested_record_count").asInt()).isEqualTo(3);
        Answer otherTable = s.postFinalize("plan-strict", finalizeBody(List.<String[]>of(record(INCIDENT, a, "exists"),
                record(PROBLEM, b, "exists"))));
        assertError(otherTable, 400, "invalid_request", null);
        Answer duplicate = s.postFinalize("plan-strict", finalizeBody(List.<String[]>of(record(INCIDENT, a, "exists"),
                record(INCIDENT, b, "exists"), record(INCIDENT, a, "missing"))));
        assertError(duplicate, 400, "invalid_request", null);
        // a U record reported missing is refused, and must not leave half a plan behind either
        assertError(s.postFinalize("plan-strict", finalizeBody(List.<String[]>of(record(INCIDENT, a, "exists"),
                record(INCIDENT, b, "missing")))), 409, "restore_plan_materialization_failed",
                "blocked_reference_conflict");

        assertDraftAwaitingFinalize(s.getPlan("plan-strict"), "plan-strict");
        Answer draftAgain = s.postDryRun(s.dryRun("plan-strict", INCIDENT));
        assertThat(draftAgain.status()).isEqualTo(200);
        assertThat(draftAgain.json().path("reconciliation_state").asText()).isEqualTo("draft");
        assertThat(draftAgain.json().path("plan")).isEqualTo(drafted.json().path("plan"));
        assertThat(draftAgain.json().path("plan_hash_input")).isEqualTo(drafted.json().path("plan_hash_input"));

        Answer finalised = s.postFinalize("plan-strict", finalizeAll(drafted.json(), "exists"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        assertThat(finalised.json().path("finalized_record_count").asInt()).isEqualTo(2);
        assertHashMatchesInput(finalised.json());
    }

    @Test
    void planIdsAreUrlDecodedInPaths() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("odd-id"), "o-1", "U", beforePit(10), 1);
        s.watermark(NOW);
        String planId = "plan 2026/11 ü+1";
        String encoded = java.net.URLEncoder.encode(planId, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");

        Answer drafted = s.postDryRun(s.dryRun(planId, INCIDENT));
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        Answer finalised = s.send("POST", "/v1/plans/" + encoded + "/target-reconciliation/finalize", s.token(),
                Json.write(finalizeAll(drafted.json(), "exists")));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        assertThat(finalised.json().path("plan").path("plan_id").asText()).isEqualTo(planId);
        Answer read = s.send("GET", "/v1/plans/" + encoded, s.token(), null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("plan")).isEqualTo(finalised.json().path("plan"));
    }

    @Test
    void finalizingAPlanThatDoesNotExistIs404() throws Exception {
        PlanScenario s = registered();
        Answer answer = s.postFinalize("plan-nowhere", finalizeBody(List.<String[]>of(record(INCIDENT, "x", "exists"))));
        assertError(answer, 404, "not_found", "blocked_unknown_source_mapping");
        assertThat(answer.json().path("requested_record_count").asInt()).isEqualTo(1);
        assertNoSuchPlan(s.getPlan("plan-nowhere"));
    }

    // ---- missing_row_mode -------------------------------------------------------------------------------------

    @Test
    void aSourceUpdateMissingOnTheTargetBlocksUnlessExplicitInsertIsChosen() throws Exception {
        PlanScenario s = registered();
        String gone = sysId("gone-on-target");
        s.event(INCIDENT, gone, "g-1", "I", beforePit(90), 0);
        s.event(INCIDENT, gone, "g-2", "U", beforePit(45), 1);
        s.watermark(NOW);

        Answer strict = s.postDryRun(s.dryRun("plan-existing-only", INCIDENT));
        assertThat(strict.status()).as(strict.toString()).isEqualTo(202);
        Answer blocked = s.postFinalize("plan-existing-only", finalizeAll(strict.json(), "missing"));
        assertError(blocked, 409, "restore_plan_materialization_failed", "blocked_reference_conflict");
        assertThat(blocked.json().path("requested_record_count").asInt()).isEqualTo(1);
        assertThat(blocked.json().path("message").asText())
                .isEqualTo("target reconciliation blocked scope/PIT row materialization");
        assertThat(blocked.json().path("materialization_code").asText()).isEqualTo("target_reconciliation_blocked");
        assertThat(blocked.json().path("details")).isEqualTo(Json.parse("""
                {"blocking_reason":"target_missing_for_source_update","conflict_class":"missing_row_conflict",
                 "policy_case":"source_update_target_missing","record_sys_id":"%s","source_operation":"U",
                 "table":"%s","target_state":"missing"}""".formatted(gone, INCIDENT)));
        assertDraftAwaitingFinalize(s.getPlan("plan-existing-only"), "plan-existing-only");

        ObjectNode explicit = s.dryRun("plan-explicit-insert", INCIDENT);
        ((ObjectNode) explicit.path("execution_options")).put("missing_row_mode", "explicit_insert");
        Answer drafted = s.postDryRun(explicit);
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode draftRow = drafted.json().path("plan_hash_input").path("rows").get(0);
        assertThat(draftRow.path("action").asText()).isEqualTo("update");
        Answer finalised = s.postFinalize("plan-explicit-insert", finalizeAll(drafted.json(), "missing"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        JsonNode row = finalised.json().path("plan_hash_input").path("rows").get(0);
        assertThat(row.path("action").asText()).isEqualTo("insert");
        assertThat(row.path("metadata").path("metadata").path("operation").asText()).isEqualTo("U");
        assertThat(row.path("precondition_hash").asText()).isNotEqualTo(draftRow.path("precondition_hash").asText());
        assertThat(finalised.json().path("plan").path("action_counts").path("insert").asInt()).isEqualTo(1);
        assertThat(finalised.json().path("plan").path("action_counts").path("update").asInt()).isZero();
        assertHashMatchesInput(finalised.json());
    }

    // ---- record and column scopes -----------------------------------------------------------------------------

    @Test
    void recordModeRestrictsThePlanToTheRequestedSysIds() throws Exception {
        PlanScenario s = registered();
        String a = sysId("rec-a");
        String b = sysId("rec-b");
        String p = sysId("rec-p");
        s.event(INCIDENT, a, "a-1", "U", beforePit(10), 2);
        s.event(INCIDENT, b, "b-1", "U", beforePit(10), 2);
        s.event(PROBLEM, p, "p-1", "I", beforePit(10), 0);
        s.watermark(NOW);

        ObjectNode request = s.dryRun("plan-records", INCIDENT, PROBLEM);
        ObjectNode scope = (ObjectNode) request.path("scope");
        scope.put("mode", "record");
        scope.putArray("record_sys_ids").add(a).add(p);
        Answer answer = s.postDryRun(request);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(rowsBySysId(answer.json())).containsOnlyKeys(a, p);
        assertThat(answer.json().path("plan").path("scope").path("record_sys_ids")).hasSize(2);
        assertHashMatchesInput(answer.json());

        // a requested sys_id found in no scope table
        ObjectNode unknown = s.dryRun("plan-records-unknown", INCIDENT, PROBLEM);
        ((ObjectNode) unknown.path("scope")).put("mode", "record").putArray("record_sys_ids").add(a)
                .add(sysId("nowhere"));
        Answer refused = s.postDryRun(unknown);
        assertError(refused, 409, "restore_plan_materialization_failed", "blocked_freshness_unknown");
        assertThat(refused.json().path("freshness_unknown_detail").asText()).isEqualTo("no_indexed_coverage");
        assertNoSuchPlan(s.getPlan("plan-records-unknown"));

        // record mode without a record filter is not a valid request
        ObjectNode noFilter = s.dryRun("plan-records-nofilter", INCIDENT);
        ((ObjectNode) noFilter.path("scope")).put("mode", "record");
        assertError(s.postDryRun(noFilter), 400, "invalid_request", null);
    }

    @Test
    void recordModeEvaluatesEncodedQueriesOnTheIndexedMetadata() throws Exception {
        PlanScenario s = registered();
        String a = sysId("q-a");
        String b = sysId("q-b");
        String c = sysId("q-c");
        String d = sysId("q-d");
        s.event(INCIDENT, a, "a-1", "U", beforePit(20), 4);
        s.event(INCIDENT, b, "b-1", "I", beforePit(20), 0);
        s.event(INCIDENT, c, "c-1", "I", beforePit(200), 0);
        s.event(INCIDENT, c, "c-2", "D", beforePit(15), 1);
        s.event(PROBLEM, d, "d-1", "U", beforePit(20), 7);
        // after the PIT a's latest event is a delete: the query must look at the PIT winner (U), not this one
        s.event(INCIDENT, a, "a-2", "D", afterPit(5), 5);
        s.watermark(NOW);

        assertThat(queried(s, "q-or", "sys_id=" + a + "^ORsys_id=" + d, INCIDENT, PROBLEM)).containsOnlyKeys(a, d);
        assertThat(queried(s, "q-op", "operation=U", INCIDENT, PROBLEM)).containsOnlyKeys(a, d);
        assertThat(queried(s, "q-and", "operation!=D^table=incident", INCIDENT, PROBLEM)).containsOnlyKeys(a, b);
        assertThat(queried(s, "q-in", "sys_idIN" + b + "," + c, INCIDENT, PROBLEM)).containsOnlyKeys(b, c);
        assertThat(queried(s, "q-starts", "tableSTARTSWITHprob^ORevent_type=cdc.delete", INCIDENT, PROBLEM))
                .containsOnlyKeys(c, d);
        assertThat(queried(s, "q-mod", "sys_mod_count=4^ORsys_mod_count=7", INCIDENT, PROBLEM))
                .containsOnlyKeys(a, d);

        // a query matching nothing leaves no coverage
        ObjectNode none = queryRequest(s, "q-none", "sys_id=" + sysId("absent"), INCIDENT);
        Answer empty = s.postDryRun(none);
        assertError(empty, 409, "restore_plan_materialization_failed", "blocked_freshness_unknown");

        for (String unsupported : List.of("short_descriptionLIKEprinter", "sys_idLIKE" + a, "priority=1",
                "sys_id>" + a, "ORDERBYsys_id")) {
            Answer refused = s.postDryRun(queryRequest(s, "q-bad", unsupported, INCIDENT));
            assertError(refused, 400, "invalid_request", null);
        }
        assertNoSuchPlan(s.getPlan("q-bad"));
    }

    private static ObjectNode queryRequest(PlanScenario s, String planId, String query, String... tables) {
        ObjectNode request = s.dryRun(planId, tables);
        ((ObjectNode) request.path("scope")).put("mode", "record").put("encoded_query", query);
        return request;
    }

    private static Map<String, JsonNode> queried(PlanScenario s, String planId, String query, String... tables)
            throws Exception {
        Answer answer = s.postDryRun(queryRequest(s, planId, query, tables));
        assertThat(answer.status()).as(query + ": " + answer).isEqualTo(202);
        assertThat(answer.json().path("plan").path("scope").path("encoded_query").asText()).isEqualTo(query);
        assertHashMatchesInput(answer.json());
        return rowsBySysId(answer.json());
    }

    @Test
    void columnModeUpdatesRecordsOnTheTargetAndSkipsMissingOnes() throws Exception {
        PlanScenario s = registered();
        String present = sysId("col-present");
        String absent = sysId("col-absent");
        String other = sysId("col-other");
        String created = sysId("col-created-after");
        s.event(INCIDENT, present, "p-1", "U", beforePit(30), 3);
        s.event(INCIDENT, absent, "a-1", "U", beforePit(30), 3);
        s.event(INCIDENT, other, "o-1", "U", beforePit(30), 3);
        s.event(INCIDENT, created, "n-1", "I", afterPit(10), 0);
        s.watermark(NOW);

        ObjectNode request = s.dryRun("plan-columns", INCIDENT);
        ObjectNode scope = (ObjectNode) request.path("scope");
        scope.put("mode", "column");
        scope.putArray("columns").add("short_description").add("state");
        scope.put("encoded_query", "sys_idIN" + present + "," + absent + "," + created);
        Answer drafted = s.postDryRun(request);

        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode draft = drafted.json();
        assertThat(rowsBySysId(draft)).containsOnlyKeys(present, absent);
        assertThat(draft.path("plan_hash_input").path("scope").path("columns")).hasSize(2);
        // restoring columns never removes a record: no delete candidate for the record created after the PIT
        assertThat(draft.path("delete_candidates")).isEmpty();
        assertThat(draft.path("gate").path("reason_code").asText()).isEqualTo("none");

        // the columns are bound by the hash: another column list under the same plan_id is another request
        ObjectNode otherColumns = request.deepCopy();
        ((ObjectNode) otherColumns.path("scope")).putArray("columns").add("state");
        assertError(s.postDryRun(otherColumns), 409, "plan_hash_mismatch", "blocked_plan_hash_mismatch");

        ObjectNode noFilter = s.dryRun("plan-columns-nofilter", INCIDENT);
        ((ObjectNode) noFilter.path("scope")).put("mode", "column").putArray("columns").add("state");
        assertError(s.postDryRun(noFilter), 400, "invalid_request", null);

        Answer finalised = s.postFinalize("plan-columns", finalizeBody(List.<String[]>of(record(INCIDENT, present, "exists"),
                record(INCIDENT, absent, "missing"))));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        Map<String, JsonNode> rows = rowsBySysId(finalised.json());
        assertThat(rows.get(present).path("action").asText()).isEqualTo("update");
        assertThat(rows.get(absent).path("action").asText()).isEqualTo("skip");
        JsonNode counts = finalised.json().path("plan").path("action_counts");
        assertThat(counts.path("update").asInt()).isEqualTo(1);
        assertThat(counts.path("skip").asInt()).isEqualTo(1);
        assertHashMatchesInput(finalised.json());
    }

    // ---- delete candidates ------------------------------------------------------------------------------------

    @Test
    void aRecordCreatedAfterThePitBlocksTheGateUntilADecisionResolvesIt() throws Exception {
        PlanScenario s = registered();
        String kept = sysId("kept");
        String created = sysId("created-after-pit");
        String createdAndDeleted = sysId("created-and-deleted");
        s.event(INCIDENT, kept, "k-1", "U", beforePit(30), 2);
        s.event(INCIDENT, created, "c-1", "I", afterPit(10), 0);
        s.event(INCIDENT, created, "c-2", "U", afterPit(20), 1);
        s.event(INCIDENT, createdAndDeleted, "x-1", "I", afterPit(10), 0);
        s.event(INCIDENT, createdAndDeleted, "x-2", "D", afterPit(20), 1);
        s.watermark(NOW);
        String createdRow = rowId(INCIDENT, created);

        Answer drafted = s.postDryRun(s.dryRun("plan-deletes", INCIDENT));

        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode draft = drafted.json();
        assertThat(rowsBySysId(draft)).containsOnlyKeys(kept);
        assertThat(draft.path("delete_candidates")).hasSize(1);
        JsonNode candidate = draft.path("delete_candidates").get(0);
        assertThat(candidate.path("candidate_id").asText()).isEqualTo("delete." + createdRow);
        assertThat(candidate.path("row_id").asText()).isEqualTo(createdRow);
        assertThat(candidate.path("table").asText()).isEqualTo(INCIDENT);
        assertThat(candidate.path("record_sys_id").asText()).isEqualTo(created);
        assertThat(candidate.has("decision")).isFalse();
        assertThat(draft.path("gate").path("executability").asText()).isEqualTo("blocked");
        assertThat(draft.path("gate").path("reason_code").asText()).isEqualTo("blocked_unresolved_delete_candidates");
        assertThat(draft.path("gate").path("unresolved_delete_candidates").asInt()).isEqualTo(1);
        // the candidate is not a row, so it is not reconciled on the target
        assertThat(texts(draft.path("target_reconciliation_records"), "record_sys_id")).containsExactly(kept);
        Answer finalised = s.postFinalize("plan-deletes", finalizeAll(draft, "exists"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        assertThat(finalised.json().path("gate").path("reason_code").asText())
                .isEqualTo("blocked_unresolved_delete_candidates");
        assertThat(finalised.json().path("delete_candidates")).isEqualTo(draft.path("delete_candidates"));

        ObjectNode decided = s.dryRun("plan-deletes-decided", INCIDENT);
        decided.putArray("delete_candidates").addObject().put("candidate_id", "ops-decision-1")
                .put("row_id", createdRow).put("table", INCIDENT).put("record_sys_id", created)
                .put("decision", "allow_deletion");
        Answer resolved = s.postDryRun(decided);
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(202);
        assertThat(texts(resolved.json().path("delete_candidates"), "candidate_id")).containsExactly("ops-decision-1");
        assertThat(resolved.json().path("delete_candidates").get(0).path("decision").asText())
                .isEqualTo("allow_deletion");
        assertThat(resolved.json().path("gate").path("executability").asText()).isEqualTo("executable");
        assertThat(resolved.json().path("gate").path("unresolved_delete_candidates").asInt()).isZero();
    }

    @Test
    void aScopeWithOnlyRecordsCreatedAfterThePitIsRefusedBecauseAPlanNeedsARow() throws Exception {
        PlanScenario s = registered();
        String created = sysId("only-new");
        s.event(PROBLEM, created, "n-1", "I", afterPit(10), 0);
        s.watermark(NOW);

        Answer drafted = s.postDryRun(s.dryRun("plan-only-new", PROBLEM));

        // the contract's plan_hash_input needs at least one row: a delete-only restore cannot be a plan yet
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(409);
        assertThat(drafted.json().path("error").asText()).isEqualTo("restore_plan_materialization_failed");
        assertThat(drafted.json().path("freshness_unknown_detail").asText()).isEqualTo("no_indexed_coverage");
        assertThat(drafted.json().path("message").asText()).contains("1 record(s) created after the PIT");
        assertThat(s.postDryRun(s.dryRun("plan-only-new", PROBLEM)).status()).isEqualTo(409);
    }

    // ---- freshness ----------------------------------------------------------------------------------------------

    @Test
    void aStaleIndexMakesTheDraftPreviewOnly() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("stale"), "s-1", "U", beforePit(10), 1);
        s.watermark(NOW.minus(Duration.ofMinutes(10)));

        Answer drafted = s.postDryRun(s.dryRun("plan-stale", INCIDENT));

        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode gate = drafted.json().path("gate");
        assertThat(gate.path("executability").asText()).isEqualTo("preview_only");
        assertThat(gate.path("reason_code").asText()).isEqualTo("blocked_freshness_stale");
        assertThat(gate.path("stale_partition_count").asInt()).isEqualTo(1);
        JsonNode mark = drafted.json().path("watermarks").get(0);
        assertThat(mark.path("freshness").asText()).isEqualTo("stale");
        assertThat(mark.path("reason_code").asText()).isEqualTo("blocked_freshness_stale");
    }

    @Test
    void finalizingAfterTheIndexFellBehindReportsTheStaleIndex() throws Exception {
        PlanScenario s = registered();
        String id = sysId("fell-behind");
        s.event(INCIDENT, id, "f-1", "U", beforePit(10), 1);
        s.watermark(NOW.minusSeconds(60));
        Answer drafted = s.postDryRun(s.dryRun("plan-fell-behind", INCIDENT));
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        assertThat(drafted.json().path("gate").path("executability").asText()).isEqualTo("executable");

        Instant later = NOW.plus(Duration.ofMinutes(2)); // lag 180 s > 120 s
        service.clock().set(later);
        Answer finalised = s.postFinalize("plan-fell-behind", finalizeAll(drafted.json(), "exists"));

        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
        JsonNode gate = finalised.json().path("gate");
        assertThat(gate.path("executability").asText()).isEqualTo("preview_only");
        assertThat(gate.path("reason_code").asText()).isEqualTo("blocked_freshness_stale");
        JsonNode mark = finalised.json().path("watermarks").get(0);
        assertThat(mark.path("freshness").asText()).isEqualTo("stale");
        assertThat(mark.path("measured_at").asText()).isEqualTo("2026-11-24T12:02:00.000Z");
        assertThat(finalised.json().path("plan").path("generated_at").asText()).isEqualTo("2026-11-24T12:02:00.000Z");
        assertThat(s.getPlan("plan-fell-behind").json().path("gate")).isEqualTo(gate);
    }

    @Test
    void anUnindexedPartitionIsUnknownFreshness() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("unindexed"), "u-1", "U", beforePit(10), 1);
        // no watermark for the rows' partition

        Answer drafted = s.postDryRun(s.dryRun("plan-unknown", INCIDENT));

        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
        JsonNode gate = drafted.json().path("gate");
        assertThat(gate.path("executability").asText()).isEqualTo("blocked");
        assertThat(gate.path("reason_code").asText()).isEqualTo("blocked_freshness_unknown");
        assertThat(gate.path("freshness_unknown_detail").asText()).isEqualTo("partition_not_indexed");
        assertThat(gate.path("unknown_partition_count").asInt()).isEqualTo(1);
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    @Test
    void aScopeWithoutIndexedEventsIsNoCoverageAndStoresNothing() throws Exception {
        PlanScenario s = registered();
        s.watermark(NOW);
        ObjectNode request = s.dryRun("plan-no-coverage", INCIDENT);

        Answer answer = s.postDryRun(request);

        assertError(answer, 409, "restore_plan_materialization_failed", "blocked_freshness_unknown");
        assertThat(answer.json().path("freshness_unknown_detail").asText()).isEqualTo("no_indexed_coverage");
        assertNoSuchPlan(s.getPlan("plan-no-coverage"));
        // nothing was stored: once events exist the same plan_id drafts normally (no 409 mismatch, no stale reuse)
        s.event(INCIDENT, sysId("late"), "l-1", "U", beforePit(5), 1);
        Answer later = s.postDryRun(request);
        assertThat(later.status()).as(later.toString()).isEqualTo(202);
    }

    @Test
    void aMissingArtifactBodyFailsThePlan() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("fine"), "ok-1", "U", beforePit(10), 1);
        Event lost = s.indexOnly(INCIDENT, sysId("lost"), "lost-1", "U", beforePit(10), 1);
        s.watermark(NOW);
        ObjectNode request = s.dryRun("plan-lost-body", INCIDENT);

        Answer answer = s.postDryRun(request);

        assertError(answer, 409, "restore_plan_materialization_failed", "failed_internal_error");
        assertThat(answer.json().path("materialization_code").asText()).isEqualTo("missing_artifact_body");
        assertThat(answer.json().path("details").path("eventId").asText()).isEqualTo(lost.eventId());
        assertNoSuchPlan(s.getPlan("plan-lost-body"));
        assertError(s.postFinalize("plan-lost-body", finalizeBody(List.<String[]>of(record(INCIDENT, lost.sysId(),
                "exists")))), 404, "not_found", null);
    }

    @Test
    void aBodyScopeOtherThanTheTokensIsScopeBlocked() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("mine"), "m-1", "U", beforePit(10), 1);
        for (String field : List.of("tenant_id", "instance_id", "source")) {
            ObjectNode request = s.dryRun("plan-foreign-" + field, INCIDENT);
            request.put(field, "someone-else");
            Answer answer = s.postDryRun(request);
            assertError(answer, 403, "scope_blocked", "blocked_unknown_source_mapping");
        }
    }

    @Test
    void anUnregisteredSourceIsRefused() throws Exception {
        PlanScenario s = PlanScenario.unregistered(service, newScope());
        s.event(INCIDENT, sysId("unregistered"), "u-1", "U", beforePit(10), 1);
        s.watermark(NOW);

        Answer answer = s.postDryRun(s.dryRun("plan-unregistered", INCIDENT));

        assertError(answer, 403, "scope_blocked", "blocked_unknown_source_mapping");
        assertNoSuchPlan(s.getPlan("plan-unregistered"));

        // the instance is registered, but to another source: the mapping's source must be the request's
        PlanScenario registeredElsewhere = registered();
        ResourceScope mapped = registeredElsewhere.scope();
        PlanScenario otherSource = PlanScenario.unregistered(service, new ResourceScope(mapped.tenantId(),
                mapped.instanceId(), mapped.source() + "/other"));
        otherSource.event(INCIDENT, sysId("other-source"), "os-1", "U", beforePit(10), 1);
        otherSource.watermark(NOW);
        assertError(otherSource.postDryRun(otherSource.dryRun("plan-other-source", INCIDENT)), 403, "scope_blocked",
                "blocked_unknown_source_mapping");
    }

    @Test
    void malformedBodiesAre400NeverA500() throws Exception {
        PlanScenario s = registered();
        s.event(INCIDENT, sysId("valid"), "v-1", "U", beforePit(10), 1);
        s.watermark(NOW);
        ObjectNode valid = s.dryRun("plan-malformed", INCIDENT);
        List<String> bodies = new ArrayList<>(List.of("42", "null", "\"x\"", "[]", "[" + Json.write(valid) + "]",
                "true", "{", "{\"tenant_id\":", "not json", Json.write(valid) + " {}"));
        bodies.add(Json.write(valid.deepCopy().put("surprise", 1)));
        bodies.add(Json.write(withPath(valid, "scope", "tables", Json.mapper().getNodeFactory().textNode(INCIDENT))));
        bodies.add(Json.write(withPath(valid, "scope", "tables", Json.mapper().createArrayNode())));
        bodies.add(Json.write(withPath(valid, "scope", "mode", Json.mapper().getNodeFactory().textNode("rows"))));
        bodies.add(Json.write(withPath(valid, "pit", "restore_time", Json.mapper().getNodeFactory().numberNode(5))));
        bodies.add(Json.write(withPath(valid, "pit", "restore_time",
                Json.mapper().getNodeFactory().textNode("2026-02-30T00:00:00Z"))));
        bodies.add(Json.write(withPath(valid, "pit", "restore_time",
                Json.mapper().getNodeFactory().textNode("2026-11-24 11:00:00"))));
        bodies.add(Json.write(withPath(valid, "pit", "restore_timezone",
                Json.mapper().getNodeFactory().textNode("Europe/Berlin"))));
        bodies.add(Json.write(withPath(valid, "pit", "pit_algorithm_version",
                Json.mapper().getNodeFactory().textNode("pit.v2"))));
        bodies.add(Json.write(withPath(valid, "pit", "tie_breaker", Json.mapper().createArrayNode()
                .add("sys_mod_count").add("sys_updated_on").add("__time").add("event_id"))));
        bodies.add(Json.write(withPath(valid, "pit", "extra", Json.mapper().getNodeFactory().booleanNode(true))));
        bodies.add(Json.write(withPath(valid, "execution_options", "missing_row_mode",
                Json.mapper().getNodeFactory().textNode("always"))));
        bodies.add(Json.write(valid.deepCopy().put("plan_id", "")));
        bodies.add(Json.write(valid.deepCopy().put("requested_by", 7)));
        bodies.add(Json.write(valid.deepCopy().putNull("pit")));
        bodies.add(Json.write(valid.deepCopy().put("delete_candidates", "all")));
        ObjectNode badCandidate = valid.deepCopy();
        badCandidate.putArray("delete_candidates").addObject().put("candidate_id", "c").put("row_id", "r")
                .put("table", INCIDENT).put("record_sys_id", "x").put("decision", "maybe");
        bodies.add(Json.write(badCandidate));
        ObjectNode withoutPit = valid.deepCopy();
        withoutPit.remove("pit");
        bodies.add(Json.write(withoutPit));
        bodies.add(Json.write(valid).replaceFirst("\"plan_id\"", "\"plan_id\":\"dup\",\"plan_id\""));

        for (String body : bodies) {
            Answer answer = s.send("POST", "/v1/plans/dry-run", s.token(), body);
            assertThat(answer.status()).as(body + " → " + answer).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).as(body).isIn("invalid_request", "bad_request");
            assertThat(answer.json().path("message").asText()).as(body).isNotBlank();
        }
        // nothing of the above created the plan
        Answer created = s.postDryRun(valid);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);

        List<String> finalizeBodies = List.of("42", "[]", "null", "{}", "{\"finalized_by\":\"x\"}",
                "{\"finalized_by\":\"\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"a\","
                        + "\"target_state\":\"exists\"}]}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":[]}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":{}}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"a\","
                        + "\"target_state\":\"gone\"}]}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"a\","
                        + "\"target_state\":\"exists\",\"extra\":1}]}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":[\"incident|a\"]}",
                "{\"finalized_by\":\"x\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"a\","
                        + "\"target_state\":\"exists\"}],\"more\":true}",
                "{\"finalized_by\":");
        for (String body : finalizeBodies) {
            Answer answer = s.send("POST", "/v1/plans/plan-malformed/target-reconciliation/finalize", s.token(),
                    body);
            assertThat(answer.status()).as(body + " → " + answer).isEqualTo(400);
        }
        Answer finalised = s.postFinalize("plan-malformed", finalizeAll(created.json(), "exists"));
        assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
    }

    private static ObjectNode withPath(ObjectNode body, String object, String field, JsonNode value) {
        ObjectNode copy = body.deepCopy();
        ((ObjectNode) copy.path(object)).set(field, value);
        return copy;
    }

    // ---- concurrency ------------------------------------------------------------------------------------------

    @Test
    void concurrentIdenticalRequestsCreateOneDraftAndFinaliseItOnce() throws Exception {
        PlanScenario s = registered();
        for (int i = 0; i < 40; i++) {
            s.event(INCIDENT, sysId("race-" + i), "race-" + i, "U", beforePit(1 + i), 1 + i);
        }
        s.watermark(NOW);
        ObjectNode request = s.dryRun("plan-race", INCIDENT);
        int callers = 8;

        List<Answer> drafts = concurrently(callers, () -> s.postDryRun(request));

        assertThat(drafts).extracting(Answer::status).containsOnly(200, 202);
        assertThat(drafts).filteredOn(answer -> answer.status() == 202).hasSize(1);
        String draftHash = drafts.get(0).json().path("plan").path("plan_hash").asText();
        for (Answer answer : drafts) {
            assertThat(answer.json().path("plan").path("plan_hash").asText()).isEqualTo(draftHash);
            assertThat(answer.json().path("plan_hash_input").path("rows")).hasSize(40);
        }

        ObjectNode finalize = finalizeAll(drafts.get(0).json(), "exists");
        List<Answer> finals = concurrently(callers, () -> s.postFinalize("plan-race", finalize));

        assertThat(finals).extracting(Answer::status).containsOnly(200, 201);
        assertThat(finals).filteredOn(answer -> answer.status() == 201).hasSize(1);
        String planHash = finals.get(0).json().path("plan").path("plan_hash").asText();
        for (Answer answer : finals) {
            assertThat(answer.json().path("plan").path("plan_hash").asText()).isEqualTo(planHash);
            assertThat(answer.json().path("finalized_record_count").asInt()).isEqualTo(40);
        }
        assertHashMatchesInput(finals.get(0).json());
    }

    @Test
    void manyPlansDraftedAndFinalisedAtOnceAllSucceed() throws Exception {
        PlanScenario s = registered();
        for (int i = 0; i < 30; i++) {
            s.event(INCIDENT, sysId("many-" + i), "many-" + i, "U", beforePit(1 + i), 1);
        }
        s.watermark(NOW);
        int plans = 12;
        AtomicInteger next = new AtomicInteger();

        List<Answer> drafts = concurrently(plans, () -> s.postDryRun(s.dryRun("plan-many-" + next.getAndIncrement(),
                INCIDENT)));

        assertThat(drafts).extracting(Answer::status).containsOnly(202);
        Map<String, JsonNode> byPlan = new HashMap<>();
        drafts.forEach(answer -> byPlan.put(answer.json().path("plan").path("plan_id").asText(), answer.json()));
        assertThat(byPlan).hasSize(plans);
        // equal content, equal hash: plan_id is not hashed
        assertThat(drafts).extracting(answer -> answer.json().path("plan").path("plan_hash").asText())
                .containsOnly(drafts.get(0).json().path("plan").path("plan_hash").asText());

        AtomicInteger finalising = new AtomicInteger();
        List<Answer> finals = concurrently(plans, () -> {
            String planId = "plan-many-" + finalising.getAndIncrement();
            return s.postFinalize(planId, finalizeAll(byPlan.get(planId), "exists"));
        });

        assertThat(finals).extracting(Answer::status).containsOnly(201);
        for (int i = 0; i < plans; i++) {
            assertThat(s.getPlan("plan-many-" + i).status()).isEqualTo(200);
        }
    }

    private interface Call {
        Answer call() throws Exception;
    }

    /** Runs {@code call} from {@code callers} threads released together. */
    private static List<Answer> concurrently(int callers, Call call) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
            List<java.util.concurrent.Future<Answer>> pending = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (java.util.concurrent.Future<Answer> future : pending) {
                answers.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        }
    }

    // ---- size -------------------------------------------------------------------------------------------------

    @Test
    void aPlanOfThousandsOfRecordsStreamsBackCompletely() throws Exception {
        PlanScenario s = registered();
        int records = 3_100;
        List<Event> events = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            events.add(s.newEvent(INCIDENT, sysId("bulk-" + i), "bulk-" + i, i % 3 == 0 ? "I" : "U",
                    beforePit(1 + i % 500), i % 3 == 0 ? 0 : 1 + i % 7));
        }
        s.events(events);
        s.watermark(NOW);

        Answer drafted = s.postDryRun(s.dryRun("plan-bulk", INCIDENT));

        assertThat(drafted.status()).isEqualTo(202);
        JsonNode draft = drafted.json();
        assertThat(draft.path("plan_hash_input").path("rows")).hasSize(records);
        assertThat(draft.path("pit_resolutions")).hasSize(records);
        assertThat(draft.path("target_reconciliation_records")).hasSize(records);
        assertThat(texts(draft.path("plan_hash_input").path("rows"), "row_id")).isSorted().doesNotHaveDuplicates();
        assertHashMatchesInput(draft);

        Answer finalised = s.postFinalize("plan-bulk", finalizeAll(draft, "exists"));
        assertThat(finalised.status()).isEqualTo(201);
        assertThat(finalised.json().path("finalized_record_count").asInt()).isEqualTo(records);
        assertThat(finalised.json().path("plan_hash_input").path("rows")).hasSize(records);
        assertThat(finalised.json().path("plan").path("action_counts").path("update").asInt()).isEqualTo(records);
        assertHashMatchesInput(finalised.json());

        Answer read = s.getPlan("plan-bulk");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("plan_hash_input").path("rows")).hasSize(records);
        assertThat(read.json().path("pit_resolutions")).hasSize(records);
        assertThat(read.json().path("plan_hash_input")).isEqualTo(finalised.json().path("plan_hash_input"));
    }

    // ---- an S3-compatible object store -------------------------------------------------------------------------

    @Test
    void plansAndDraftsSurviveARestartOfTheService() throws Exception {
        ResourceScope scope = newScope();
        Path objects = work.resolve("objects");
        String updated = sysId("restart-u");
        Answer finalisedBefore;
        Answer draftBefore;
        try (Service before = Service.on(service.db(), objects, env -> env)) {
            PlanScenario s = PlanScenario.registered(before, scope);
            s.event(INCIDENT, updated, "r-u", "U", beforePit(30), 2);
            s.watermark(NOW);
            assertThat(s.postDryRun(s.dryRun("plan-kept-final", INCIDENT)).status()).isEqualTo(202);
            finalisedBefore = s.postFinalize("plan-kept-final",
                    finalizeBody(List.<String[]>of(record(INCIDENT, updated, "exists"))));
            assertThat(finalisedBefore.status()).as(finalisedBefore.toString()).isEqualTo(201);
            draftBefore = s.postDryRun(s.dryRun("plan-kept-draft", INCIDENT));
            assertThat(draftBefore.status()).isEqualTo(202);
        }

        try (Service after = Service.on(service.db(), objects, env -> env)) {
            PlanScenario s = PlanScenario.unregistered(after, scope);
            Answer read = s.getPlan("plan-kept-final");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("plan")).isEqualTo(finalisedBefore.json().path("plan"));
            assertThat(read.json().path("plan_hash_input")).isEqualTo(finalisedBefore.json().path("plan_hash_input"));

            Answer draftAgain = s.postDryRun(s.dryRun("plan-kept-draft", INCIDENT));
            assertThat(draftAgain.status()).isEqualTo(200);
            assertThat(draftAgain.json().path("plan")).isEqualTo(draftBefore.json().path("plan"));
            Answer finalised = s.postFinalize("plan-kept-draft",
                    finalizeBody(List.<String[]>of(record(INCIDENT, updated, "exists"))));
            assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
            assertHashMatchesInput(finalised.json());
        }
    }

    @Test
    void aPlanIsDraftedAndFinalisedFromAnS3CompatibleStore(@TempDir Path unused) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.start();
        try {
            String bucket = s3.newBucket();
            try (Service onS3 = Service.on(service.db(), unused, env -> Service.onS3(env, s3, bucket))) {
                PlanScenario s = PlanScenario.registered(onS3, newScope());
                String inserted = sysId("s3-inserted");
                String updated = sysId("s3-updated");
                s.event(INCIDENT, inserted, "s3-i", "I", beforePit(20), 0);
                s.event(INCIDENT, updated, "s3-u", "U", beforePit(20), 4);
                s.watermark(NOW);
                assertThat(onS3.runtime().objectStore().describe()).contains(bucket);

                Answer drafted = s.postDryRun(s.dryRun("plan-s3", INCIDENT));
                assertThat(drafted.status()).as(drafted.toString()).isEqualTo(202);
                assertThat(rowsBySysId(drafted.json())).containsOnlyKeys(inserted, updated);
                assertHashMatchesInput(drafted.json());

                Answer finalised = s.postFinalize("plan-s3", finalizeBody(List.<String[]>of(
                        record(INCIDENT, inserted, "missing"), record(INCIDENT, updated, "exists"))));
                assertThat(finalised.status()).as(finalised.toString()).isEqualTo(201);
                Map<String, JsonNode> rows = rowsBySysId(finalised.json());
                assertThat(rows.get(inserted).path("action").asText()).isEqualTo("insert");
                assertThat(rows.get(updated).path("action").asText()).isEqualTo("update");
                assertHashMatchesInput(finalised.json());
                assertThat(s.getPlan("plan-s3").json().path("plan")).isEqualTo(finalised.json().path("plan"));
            }
        } finally {
            s3.stop();
        }
    }
}
