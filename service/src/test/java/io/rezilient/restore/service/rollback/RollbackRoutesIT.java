package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.plan.PlanHash;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.rowId;
import static io.rezilient.restore.service.plans.PlanScenario.sha256;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undoing a job from its rollback journal over real HTTP, real JWTs and a real migrated PostgreSQL (ours, architecture
 * §5 item 5). A restore job is run to the end by commits that play the agent — fake sealed before-images and
 * after-fingerprints — with one record per journal case:
 * <pre>
 *   A  update, existed before            → undo update with A's before-image
 *   B  insert, did not exist before      → undo delete
 *   C  delete, existed before            → undo insert with C's before-image
 *   D  delete of a record already gone   → nothing to undo
 *   E  update, client sent no image      → cannot be undone (plan values only): must be skipped
 * </pre>
 * Each test works in a source of its own.
 */
class RollbackRoutesIT {
    private static final AtomicInteger SCOPES = new AtomicInteger();
    private static final Set<Capability> EXECUTE = Set.of(Capability.RESTORE_EXECUTE);
    private static final Set<Capability> EXECUTE_DELETE = Set.of(Capability.RESTORE_EXECUTE,
            Capability.RESTORE_DELETE);
    private static final List<String> LABELS = List.of("A", "B", "C", "D", "E");
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = Service.start("RollbackRoutesIT", work.resolve("objects"), env -> env);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
            service.db().close();
        }
    }

    /** A scope with a completed restore job over records A–E (see the class comment). */
    private record Restored(PlanScenario plans, String planId, String jobId, String planHash,
                            Map<String, String> sysIds) {
        String token(Set<Capability> capabilities) {
            return DevTokenIssuer.hs256(TestKeys.HS256_SECRET, service.clock()).issue(TokenRequest.rrs(plans.scope(),
                    "operator-1", Optional.of(capabilities), Duration.ofMinutes(5)));
        }

        Answer post(String jobId, String path, Set<Capability> capabilities, JsonNode body) throws Exception {
            return plans.send("POST", "/v1/jobs/" + jobId + path, token(capabilities), Json.write(body));
        }

        Answer get(String path) throws Exception {
            return plans.send("GET", path, token(EXECUTE), null);
        }

        Answer rollback(Set<Capability> capabilities, JsonNode body) throws Exception {
            return post(jobId, "/rollback", capabilities, body);
        }

        String sysId(String label) {
            return sysIds.get(label);
        }

        String rowOf(String label) {
            return rowId("incident", sysIds.get(label));
        }

        String journalOf(String label) {
            return ExecutionIds.journalId(jobId, planHash, rowOf(label), 1);
        }
    }

    private static Restored restored() throws Exception {
        int n = SCOPES.incrementAndGet();
        ResourceScope scope = new ResourceScope("tenant-acme", "undo-" + n, "sn://undo-" + n + ".service-now.com");
        PlanScenario plans = PlanScenario.registered(service, scope);
        String planId = "plan-undo-" + n;
        Map<String, String> sysIds = new LinkedHashMap<>();
        List<String[]> states = new ArrayList<>();
        for (String label : LABELS) {
            String sysId = sysId(planId + "-" + label);
            sysIds.put(label, sysId);
            plans.event("incident", sysId, planId + "-ev-" + label, "I", PIT.minus(Duration.ofMinutes(30)), 0);
            boolean deleted = label.equals("C") || label.equals("D");
            if (deleted) {
                plans.event("incident", sysId, planId + "-del-" + label, "D", PIT.minus(Duration.ofMinutes(20)), 1);
            }
            String state = label.equals("B") || label.equals("D") ? "missing" : "exists";
            states.add(new String[] {"incident", sysId, state});
        }
        plans.watermark(NOW.minusSeconds(30));
        Answer draft = plans.postDryRun(plans.dryRun(planId, "incident"));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(202);
        Answer finalized = plans.postFinalize(planId, PlanScenario.finalizeBody(states));
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(201);
        String planHash = finalized.json().path("plan").path("plan_hash").asText();
        String jobId = createJob(plans, planId, planHash, List.of("restore_execute", "restore_delete"));
        Restored restored = new Restored(plans, planId, jobId, planHash, sysIds);
        Answer claim = restored.post(jobId, "/execute-batches/claim", EXECUTE_DELETE,
                Json.mapper().createObjectNode().put("max_rows", 10));
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        Map<String, String> labelOf = new HashMap<>();
        sysIds.forEach((label, sysId) -> labelOf.put(rowId("incident", sysId), label));
        ObjectNode commit = Json.mapper().createObjectNode().put("claim_id", claim.json().path("claim_id").asText());
        ArrayNode outcomes = commit.putArray("row_outcomes");
        for (JsonNode row : claim.json().path("claimed_rows")) {
            String label = labelOf.get(row.path("row_id").asText());
            ObjectNode outcome = outcomes.addObject().put("row_id", row.path("row_id").asText())
                    .put("outcome", "applied").put("reason_code", "none");
            switch (label) {
                case "A" -> {
                    assertThat(row.path("action").asText()).isEqualTo("update");
                    outcome.putObject("before_image").put("state", "exists").set("enc", envelope("before-A"));
                    outcome.put("after_fingerprint", fingerprint("after-A"));
                }
                case "B" -> {
                    assertThat(row.path("action").asText()).isEqualTo("insert");
                    outcome.putObject("before_image").put("state", "missing");
                    outcome.put("after_fingerprint", fingerprint("after-B").toUpperCase());
                }
                case "C" -> {
                    assertThat(row.path("action").asText()).isEqualTo("delete");
                    outcome.putObject("before_image").put("state", "exists").set("enc", envelope("before-C"));
                }
                case "D" -> outcome.putObject("before_image").put("state", "missing");
                default -> outcome.put("after_fingerprint", fingerprint("after-E"));
            }
        }
        Answer committed = restored.post(jobId, "/execute-batches/commit", EXECUTE_DELETE, commit);
        assertThat(committed.status()).as(committed.toString()).isEqualTo(200);
        assertThat(committed.json().path("execution_status").asText()).isEqualTo("completed");
        return restored;
    }

    private static String createJob(PlanScenario plans, String planId, String planHash, List<String> required)
            throws Exception {
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("tenant_id", plans.scope().tenantId());
        job.put("instance_id", plans.scope().instanceId());
        job.put("source", plans.scope().source());
        job.put("plan_id", planId);
        job.put("plan_hash", planHash);
        job.putArray("lock_scope_tables").add("incident");
        ArrayNode capabilities = job.putArray("required_capabilities");
        required.forEach(capabilities::add);
        job.put("requested_by", "operator-1");
        Answer created = plans.send("POST", "/v1/jobs", plans.token(), Json.write(job));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("job").path("job_id").asText();
    }

    private static ObjectNode envelope(String label) {
        return Json.mapper().createObjectNode().put("v", 1).put("alg", "AES-256-GCM").put("kid", "tenant-acme:k1")
                .put("module", "rez.agent").put("format", "rez.aes-gcm.v1").put("compression", "none")
                .put("ciphertext", Base64.getEncoder().encodeToString(("sealed " + label + " ".repeat(24))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static String fingerprint(String label) {
        return sha256("fingerprint of " + label);
    }

    /** The target as the restore left it: A and B (and E) there with their after-fingerprints, C and D gone. */
    private static Map<String, ObjectNode> unchangedTarget(Restored job) {
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        records.put("A", record(job, "A", "exists", fingerprint("after-A")));
        records.put("B", record(job, "B", "exists", fingerprint("after-B")));
        records.put("C", record(job, "C", "missing", null));
        records.put("D", record(job, "D", "missing", null));
        records.put("E", record(job, "E", "exists", fingerprint("after-E")));
        return records;
    }

    private static ObjectNode record(Restored job, String label, String state, String fingerprint) {
        ObjectNode record = Json.mapper().createObjectNode().put("table", "incident")
                .put("record_sys_id", job.sysId(label)).put("target_state", state);
        if (fingerprint != null) {
            record.put("fingerprint", fingerprint);
        }
        return record;
    }

    private static ObjectNode body(Map<String, ObjectNode> records, Map<String, String> resolutions) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode list = body.putArray("target_records");
        records.values().forEach(list::add);
        if (!resolutions.isEmpty()) {
            ArrayNode given = body.putArray("resolutions");
            resolutions.forEach((rowId, resolution) -> given.addObject().put("row_id", rowId)
                    .put("resolution", resolution));
        }
        return body;
    }

    private static void assertError(Answer answer, int status, String error, String reasonCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).as(answer.toString()).isEqualTo(error);
        if (reasonCode != null) {
            assertThat(answer.json().path("reason_code").asText()).as(answer.toString()).isEqualTo(reasonCode);
        }
        assertThat(answer.json().path("message").asText()).as(answer.toString()).isNotBlank();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    @Test
    void theJournalShowsEachAppliedRowsAfterFingerprintLowerCased() throws Exception {
        Restored job = restored();
        JsonNode journal = job.get("/v1/jobs/" + job.jobId() + "/rollback-journal").json().path("rollback_journal");
        Map<String, JsonNode> byJournal = new HashMap<>();
        journal.forEach(entry -> byJournal.put(entry.path("journal_id").asText(), entry));
        assertThat(byJournal).hasSize(5);
        assertThat(byJournal.get(job.journalOf("A")).path("after_fingerprint").asText())
                .isEqualTo(fingerprint("after-A"));
        assertThat(byJournal.get(job.journalOf("B")).path("after_fingerprint").asText())
                .isEqualTo(fingerprint("after-B"));
        assertThat(byJournal.get(job.journalOf("C")).has("after_fingerprint")).isFalse();
        assertThat(byJournal.get(job.journalOf("E")).path("before_image_source").asText()).isEqualTo("plan_values");
    }

    @Test
    void anAfterFingerprintIsRefusedOnARowThatWasNotApplied() throws Exception {
        int n = SCOPES.incrementAndGet();
        ResourceScope scope = new ResourceScope("tenant-acme", "undo-" + n, "sn://undo-" + n + ".service-now.com");
        PlanScenario plans = PlanScenario.registered(service, scope);
        String planId = "plan-undo-" + n;
        plans.event("incident", sysId(planId), planId + "-ev", "I", PIT.minus(Duration.ofMinutes(30)), 0);
        plans.watermark(NOW.minusSeconds(30));
        Answer draft = plans.postDryRun(plans.dryRun(planId, "incident"));
        Answer finalized = plans.postFinalize(planId, PlanScenario.finalizeAll(draft.json(), "exists"));
        String planHash = finalized.json().path("plan").path("plan_hash").asText();
        String jobId = createJob(plans, planId, planHash, List.of("restore_execute"));
        Restored job = new Restored(plans, planId, jobId, planHash, Map.of());
        Answer claim = job.post(jobId, "/execute-batches/claim", EXECUTE, Json.mapper().createObjectNode());
        ObjectNode commit = Json.mapper().createObjectNode().put("claim_id", claim.json().path("claim_id").asText());
        commit.putArray("row_outcomes").addObject()
                .put("row_id", claim.json().path("claimed_rows").get(0).path("row_id").asText())
                .put("outcome", "skipped").put("reason_code", "none").put("after_fingerprint", fingerprint("x"));
        assertError(job.post(jobId, "/execute-batches/commit", EXECUTE, commit), 400, "invalid_request", null);
        ((ObjectNode) commit.path("row_outcomes").get(0)).put("outcome", "applied").put("after_fingerprint", "abc");
        assertError(job.post(jobId, "/execute-batches/commit", EXECUTE, commit), 400, "invalid_request", null);
    }

    @Test
    void aRollbackChecksTheTargetAgainstTheJournalAndCreatesAnUndoJobThatCanBeUndoneInTurn() throws Exception {
        Restored job = restored();
        Map<String, ObjectNode> target = unchangedTarget(job);

        // every journaled record must be reported
        Map<String, ObjectNode> partial = new LinkedHashMap<>(target);
        partial.remove("C");
        Answer incomplete = job.rollback(EXECUTE_DELETE, body(partial, Map.of()));
        assertError(incomplete, 409, "rollback_target_records_incomplete", "blocked_rollback_target_unverified");
        assertThat(texts(incomplete.json().path("missing_records"), "record_sys_id"))
                .containsExactly(job.sysId("C"));

        // E has only the restore payload in its journal entry: it cannot be undone, only skipped
        Answer unavailable = job.rollback(EXECUTE_DELETE, body(target, Map.of()));
        assertError(unavailable, 409, "rollback_before_image_unavailable", "blocked_rollback_image_unavailable");
        assertThat(texts(unavailable.json().path("unavailable_rows"), "row_id")).containsExactly(job.rowOf("E"));
        assertThat(unavailable.json().path("unavailable_rows").get(0).path("before_image_source").asText())
                .isEqualTo("plan_values");
        Answer overwriteDoesNotHelp = job.rollback(EXECUTE_DELETE, body(target, Map.of(job.rowOf("E"),
                "overwrite")));
        assertError(overwriteDoesNotHelp, 409, "rollback_before_image_unavailable", null);

        // someone changed A on the target and deleted B since the restore: both block until resolved
        Map<String, ObjectNode> changed = new LinkedHashMap<>(target);
        changed.put("A", record(job, "A", "exists", fingerprint("someone else's edit")));
        changed.put("B", record(job, "B", "missing", null));
        Map<String, String> skipE = Map.of(job.rowOf("E"), "skip");
        Answer blocked = job.rollback(EXECUTE_DELETE, body(changed, skipE));
        assertError(blocked, 409, "rollback_target_changed", "blocked_rollback_target_changed");
        assertThat(blocked.json().path("changed_row_count").asInt()).isEqualTo(2);
        Map<String, JsonNode> changedRows = new HashMap<>();
        blocked.json().path("changed_rows").forEach(row -> changedRows.put(row.path("row_id").asText(), row));
        assertThat(changedRows).containsOnlyKeys(job.rowOf("A"), job.rowOf("B"));
        JsonNode a = changedRows.get(job.rowOf("A"));
        assertThat(a.path("table").asText()).isEqualTo("incident");
        assertThat(a.path("record_sys_id").asText()).isEqualTo(job.sysId("A"));
        assertThat(a.path("journal_id").asText()).isEqualTo(job.journalOf("A"));
        assertThat(a.path("expected_state").asText()).isEqualTo("exists");
        assertThat(a.path("found_state").asText()).isEqualTo("exists");
        assertThat(a.path("expected_fingerprint").asText()).isEqualTo(fingerprint("after-A"));
        assertThat(a.path("found_fingerprint").asText()).isEqualTo(fingerprint("someone else's edit"));
        assertThat(changedRows.get(job.rowOf("B")).path("found_state").asText()).isEqualTo("missing");
        // a resolution for only one of them still blocks on the other
        Map<String, String> onlyA = new HashMap<>(skipE);
        onlyA.put(job.rowOf("A"), "overwrite");
        Answer stillBlocked = job.rollback(EXECUTE_DELETE, body(changed, onlyA));
        assertThat(texts(stillBlocked.json().path("changed_rows"), "row_id")).containsExactly(job.rowOf("B"));

        // deleting B is part of the undo: without restore_delete the caller may not create it
        assertError(job.rollback(EXECUTE, body(target, skipE)), 403, "missing_capability",
                "blocked_missing_capability");
        assertError(job.rollback(Set.of(Capability.RESTORE_DELETE), body(target, skipE)), 403, "missing_capability",
                "blocked_missing_capability");

        // resolved: A overwritten (undone although changed), B skipped (no delete, so restore_execute suffices)
        Map<String, String> resolved = new HashMap<>(skipE);
        resolved.put(job.rowOf("A"), "overwrite");
        resolved.put(job.rowOf("B"), "skip");
        Answer partialUndo = job.rollback(EXECUTE, body(changed, resolved));
        assertThat(partialUndo.status()).as(partialUndo.toString()).isEqualTo(201);
        assertThat(partialUndo.json().path("plan").path("action_counts").path("update").asInt()).isEqualTo(1);
        assertThat(partialUndo.json().path("plan").path("action_counts").path("insert").asInt()).isEqualTo(1);
        assertThat(partialUndo.json().path("plan").path("action_counts").path("delete").asInt()).isZero();
        String partialJob = partialUndo.json().path("job").path("job_id").asText();
        assertThat(partialUndo.json().path("job").path("required_capabilities")).extracting(JsonNode::asText)
                .containsExactly("restore_execute");
        // while it has not ended, the target is about to change: no second undo of the same job
        assertThat(partialUndo.json().path("job").path("status").asText()).isEqualTo("running");
        Answer second = job.rollback(EXECUTE_DELETE, body(target, skipE));
        assertError(second, 409, "rollback_in_progress", "blocked_rollback_target_unverified");
        assertThat(second.json().path("undo_job_id").asText()).isEqualTo(partialJob);
        Answer cancelled = job.post(partialJob, "/complete", EXECUTE, Json.mapper().createObjectNode()
                .put("status", "cancelled"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);

        // the full undo of the unchanged target
        Answer created = job.rollback(EXECUTE_DELETE, body(target, skipE));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode answer = created.json();
        assertThat(answer.path("rollback_of_job_id").asText()).isEqualTo(job.jobId());
        String undoJob = answer.path("job").path("job_id").asText();
        String undoPlan = answer.path("plan").path("plan_id").asText();
        String undoHash = answer.path("plan").path("plan_hash").asText();
        assertThat(undoPlan).matches("undo-[0-9a-f]{8}-2");
        assertThat(undoJob).isNotEqualTo(job.jobId()).startsWith("job_");
        assertThat(answer.path("job").path("plan_id").asText()).isEqualTo(undoPlan);
        assertThat(answer.path("job").path("plan_hash").asText()).isEqualTo(undoHash);
        assertThat(answer.path("job").path("status").asText()).isEqualTo("running");
        assertThat(answer.path("job").path("requested_by").asText()).isEqualTo("operator-1");
        assertThat(answer.path("job").path("lock_scope_tables")).extracting(JsonNode::asText)
                .containsExactly("incident");
        assertThat(answer.path("job").path("required_capabilities")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("restore_execute", "restore_delete");
        JsonNode counts = answer.path("plan").path("action_counts");
        assertThat(counts.path("update").asInt()).isEqualTo(1);
        assertThat(counts.path("insert").asInt()).isEqualTo(1);
        assertThat(counts.path("delete").asInt()).isEqualTo(1);
        assertThat(counts.path("skip").asInt()).isZero();

        // the plan is a finalised, executable plan whose hash is the contracts' hash of its hash input
        Answer plan = job.get("/v1/plans/" + undoPlan);
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        JsonNode stored = plan.json();
        assertThat(stored.path("plan").path("plan_hash").asText()).isEqualTo(undoHash);
        assertThat(PlanHash.compute(stored.path("plan_hash_input")).planHash()).isEqualTo(undoHash);
        assertThat(stored.path("gate").path("executability").asText()).isEqualTo("executable");
        assertThat(stored.path("gate").path("reason_code").asText()).isEqualTo("none");
        JsonNode rollbackOf = stored.path("plan").path("rollback_of");
        assertThat(rollbackOf.path("job_id").asText()).isEqualTo(job.jobId());
        assertThat(rollbackOf.path("plan_id").asText()).isEqualTo(job.planId());
        assertThat(rollbackOf.path("plan_hash").asText()).isEqualTo(job.planHash());
        JsonNode scope = stored.path("plan_hash_input").path("scope");
        assertThat(scope.path("mode").asText()).isEqualTo("record");
        assertThat(scope.path("record_sys_ids")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(job.sysId("A"), job.sysId("B"), job.sysId("C"));
        assertThat(stored.path("plan_hash_input").path("execution_options").path("missing_row_mode").asText())
                .isEqualTo("existing_only");
        Map<String, JsonNode> rows = new HashMap<>();
        stored.path("plan_hash_input").path("rows").forEach(row -> rows.put(row.path("row_id").asText(), row));
        assertThat(rows).containsOnlyKeys(job.rowOf("A"), job.rowOf("B"), job.rowOf("C"));
        assertThat(rows.get(job.rowOf("A")).path("action").asText()).isEqualTo("update");
        assertThat(rows.get(job.rowOf("A")).path("values").path("before_image_enc")).isEqualTo(envelope("before-A"));
        assertThat(rows.get(job.rowOf("C")).path("action").asText()).isEqualTo("insert");
        assertThat(rows.get(job.rowOf("C")).path("values").path("before_image_enc")).isEqualTo(envelope("before-C"));
        assertThat(rows.get(job.rowOf("B")).path("action").asText()).isEqualTo("delete");
        assertThat(rows.get(job.rowOf("B")).path("values").has("before_image_enc")).isFalse();
        JsonNode metadata = rows.get(job.rowOf("C")).path("metadata");
        assertThat(metadata.path("allowlist_version").asText()).isEqualTo("rrs.metadata.allowlist.v1");
        assertThat(Json.mapper().convertValue(metadata.path("metadata"), Map.class)).containsOnlyKeys("tenant_id",
                "instance_id", "source", "table", "record_sys_id", "operation");
        assertThat(metadata.path("metadata").path("operation").asText()).isEqualTo("I");
        assertThat(stored.toString()).doesNotContain("_plain");

        // the undo job's events say what it rolls back
        JsonNode events = job.get("/v1/jobs/" + undoJob + "/events").json().path("events");
        assertThat(events.get(0).path("event_type").asText()).isEqualTo("job_created");
        assertThat(events.get(0).path("details").path("rollback_of_job_id").asText()).isEqualTo(job.jobId());
        assertThat(events.get(0).path("details").path("rollback_of_plan_hash").asText()).isEqualTo(job.planHash());

        // a job that is not terminal cannot be rolled back yet
        assertError(job.post(undoJob, "/rollback", EXECUTE_DELETE, body(target, Map.of())), 409,
                "job_not_rollbackable", "blocked_rollback_not_terminal");

        // its claims name the journal entries whose before-images the rows restore
        Answer claim = job.post(undoJob, "/execute-batches/claim", EXECUTE_DELETE, Json.mapper().createObjectNode());
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        assertThat(claim.json().path("rollback_of_job_id").asText()).isEqualTo(job.jobId());
        Map<String, JsonNode> claimed = new HashMap<>();
        claim.json().path("claimed_rows").forEach(row -> claimed.put(row.path("row_id").asText(), row));
        assertThat(claimed).hasSize(3);
        for (String label : List.of("A", "B", "C")) {
            assertThat(claimed.get(job.rowOf(label)).path("journal_id").asText()).as(label)
                    .isEqualTo(job.journalOf(label));
        }
        assertThat(claimed.get(job.rowOf("A")).path("values").path("before_image_enc"))
                .isEqualTo(envelope("before-A"));

        // the undo job runs like any job and journals its own before-images: it can be undone in turn
        ObjectNode commit = Json.mapper().createObjectNode().put("claim_id", claim.json().path("claim_id").asText());
        ArrayNode outcomes = commit.putArray("row_outcomes");
        for (String label : List.of("A", "B", "C")) {
            ObjectNode outcome = outcomes.addObject().put("row_id", job.rowOf(label)).put("outcome", "applied")
                    .put("reason_code", "none");
            switch (label) {
                case "A" -> outcome.put("after_fingerprint", fingerprint("undone-A"))
                        .putObject("before_image").put("state", "exists").set("enc", envelope("restored-A"));
                case "B" -> outcome.putObject("before_image").put("state", "exists").set("enc",
                        envelope("restored-B"));
                default -> outcome.put("after_fingerprint", fingerprint("undone-C"))
                        .putObject("before_image").put("state", "missing");
            }
        }
        Answer done = job.post(undoJob, "/execute-batches/commit", EXECUTE_DELETE, commit);
        assertThat(done.json().path("execution_status").asText()).as(done.toString()).isEqualTo("completed");

        Map<String, ObjectNode> afterUndo = new LinkedHashMap<>();
        afterUndo.put("A", record(job, "A", "exists", fingerprint("undone-A")));
        afterUndo.put("B", record(job, "B", "missing", null));
        afterUndo.put("C", record(job, "C", "exists", fingerprint("undone-C")));
        Answer redo = job.post(undoJob, "/rollback", EXECUTE_DELETE, body(afterUndo, Map.of()).put("plan_id",
                "redo-" + job.planId()));
        assertThat(redo.status()).as(redo.toString()).isEqualTo(201);
        assertThat(redo.json().path("plan").path("plan_id").asText()).isEqualTo("redo-" + job.planId());
        assertThat(redo.json().path("rollback_of_job_id").asText()).isEqualTo(undoJob);
        JsonNode redoPlan = job.get("/v1/plans/redo-" + job.planId()).json();
        Map<String, JsonNode> redoRows = new HashMap<>();
        redoPlan.path("plan_hash_input").path("rows").forEach(row -> redoRows.put(row.path("row_id").asText(), row));
        assertThat(redoRows.get(job.rowOf("A")).path("action").asText()).isEqualTo("update");
        assertThat(redoRows.get(job.rowOf("A")).path("values").path("before_image_enc"))
                .isEqualTo(envelope("restored-A"));
        assertThat(redoRows.get(job.rowOf("B")).path("action").asText()).isEqualTo("insert");
        assertThat(redoRows.get(job.rowOf("B")).path("values").path("before_image_enc"))
                .isEqualTo(envelope("restored-B"));
        // C did not exist before the undo: undoing the undo deletes it again, carrying the undo row's ciphertext
        assertThat(redoRows.get(job.rowOf("C")).path("action").asText()).isEqualTo("delete");
        assertThat(redoRows.get(job.rowOf("C")).path("values").path("before_image_enc"))
                .isEqualTo(envelope("before-C"));
        assertThat(PlanHash.compute(redoPlan.path("plan_hash_input")).planHash())
                .isEqualTo(redo.json().path("plan").path("plan_hash").asText());
        // the redo queues behind nothing (the undo ended), and a used plan_id is refused
        assertThat(redo.json().path("job").path("status").asText()).isEqualTo("running");
        assertError(job.rollback(EXECUTE_DELETE, body(target, skipE).put("plan_id", "redo-" + job.planId())), 409,
                "plan_id_in_use", "blocked_plan_hash_mismatch");
    }

    @Test
    void onlyACompletedOrFailedJobThatRanAnExecutionCanBeRolledBack() throws Exception {
        Restored job = restored();
        String planHash = job.planHash();
        String another = createJob(job.plans(), job.planId(), planHash, List.of("restore_execute"));
        ObjectNode anyBody = body(unchangedTarget(job), Map.of());
        assertError(job.post(another, "/rollback", EXECUTE_DELETE, anyBody), 409, "job_not_rollbackable",
                "blocked_rollback_not_terminal");
        Answer completed = job.post(another, "/complete", EXECUTE, Json.mapper().createObjectNode()
                .put("status", "completed"));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        Answer never = job.post(another, "/rollback", EXECUTE_DELETE, anyBody);
        assertError(never, 409, "job_not_rollbackable", "blocked_rollback_not_terminal");
        assertThat(never.json().path("message").asText()).contains("never ran an execution");
    }

    @Test
    void anotherScopesJobAnswersLikeAMissingOne() throws Exception {
        Restored job = restored();
        Restored stranger = restored();
        ObjectNode valid = body(unchangedTarget(job), Map.of(job.rowOf("E"), "skip"));
        Answer foreign = job.plans().send("POST", "/v1/jobs/" + job.jobId() + "/rollback",
                stranger.token(EXECUTE_DELETE), Json.write(valid));
        Answer missing = job.plans().send("POST", "/v1/jobs/job_missing/rollback", job.token(EXECUTE_DELETE),
                Json.write(valid));
        assertError(foreign, 404, "not_found", "blocked_unknown_source_mapping");
        assertError(missing, 404, "not_found", "blocked_unknown_source_mapping");
        assertThat(foreign.jsonWithoutRequestId()).isEqualTo(missing.jsonWithoutRequestId());
        // and the owner can
        assertThat(job.rollback(EXECUTE_DELETE, valid).status()).isEqualTo(201);
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        Restored job = restored();
        ObjectNode valid = body(unchangedTarget(job), Map.of(job.rowOf("E"), "skip"));
        List<JsonNode> bad = new ArrayList<>();
        bad.add(Json.mapper().createArrayNode());
        bad.add(Json.mapper().createObjectNode());
        bad.add(Json.mapper().createObjectNode().set("target_records", Json.mapper().createArrayNode()));
        bad.add(valid.deepCopy().put("unknown", 1));
        bad.add(valid.deepCopy().put("plan_id", " "));
        ObjectNode duplicate = valid.deepCopy();
        ((ArrayNode) duplicate.path("target_records")).add(duplicate.path("target_records").get(0).deepCopy());
        bad.add(duplicate);
        ObjectNode fingerprintOfMissing = valid.deepCopy();
        ((ObjectNode) fingerprintOfMissing.path("target_records").get(2)).put("fingerprint", fingerprint("x"));
        bad.add(fingerprintOfMissing);
        ObjectNode shortFingerprint = valid.deepCopy();
        ((ObjectNode) shortFingerprint.path("target_records").get(0)).put("fingerprint", "abc");
        bad.add(shortFingerprint);
        ObjectNode badState = valid.deepCopy();
        ((ObjectNode) badState.path("target_records").get(0)).put("target_state", "gone");
        bad.add(badState);
        ObjectNode badResolution = valid.deepCopy();
        ((ObjectNode) badResolution.path("resolutions").get(0)).put("resolution", "ignore");
        bad.add(badResolution);
        ObjectNode twice = valid.deepCopy();
        ((ArrayNode) twice.path("resolutions")).add(twice.path("resolutions").get(0).deepCopy());
        bad.add(twice);
        ObjectNode unknownRow = valid.deepCopy();
        ((ArrayNode) unknownRow.path("resolutions")).addObject().put("row_id", "row.nope").put("resolution", "skip");
        bad.add(unknownRow);
        ObjectNode unknownRecord = valid.deepCopy();
        ((ArrayNode) unknownRecord.path("target_records")).addObject().put("table", "incident")
                .put("record_sys_id", "not-journaled").put("target_state", "missing");
        bad.add(unknownRecord);
        for (JsonNode body : bad) {
            Answer answer = job.plans().send("POST", "/v1/jobs/" + job.jobId() + "/rollback",
                    job.token(EXECUTE_DELETE), Json.write(body));
            assertThat(answer.status()).as(body + " → " + answer).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).as(answer.toString()).isIn("invalid_request",
                    "bad_request");
        }
        assertThat(job.rollback(EXECUTE_DELETE, valid).status()).isEqualTo(201);
    }
}
