package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.PostgresCapabilityGrants;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.rezilient.restore.service.execute.ExecutionScenario.EXECUTE;
import static io.rezilient.restore.service.execute.ExecutionScenario.assertError;
import static io.rezilient.restore.service.execute.ExecutionScenario.body;
import static io.rezilient.restore.service.execute.ExecutionScenario.claimBody;
import static io.rezilient.restore.service.execute.ExecutionScenario.commitAll;
import static io.rezilient.restore.service.execute.ExecutionScenario.rowIds;
import static io.rezilient.restore.service.execute.ExecutionScenario.running;
import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook sections on running a restore (seed {@code restore-service-runbooks.md}, our {@code docs/runbooks.md}),
 * followed step by step against the API: "Execute Hard-Block Conflicts", "Chunk Fallback Investigation", "Capability
 * and Override Blocks", "Resume Checkpoint Recovery", "Resume Failure (Checksum / Preconditions)", "Missing Checkpoint
 * Handling" and "Rollback Journal Verification" ("Journal Retention Governance" is in {@code ExecutionRoutesIT}).
 */
class ExecutionRunbooksIT {
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = Service.start("ExecutionRunbooksIT", work.resolve("objects"), env -> env);
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

    /** A plan conflict on the first record of the scenario's plan (its plan id is the dry-run body's). */
    private static ObjectNode withConflict(ObjectNode dryRun, String conflictClass, String reasonCode,
                                           String resolution) {
        String planId = dryRun.path("plan_id").asText();
        dryRun.putArray("conflicts").addObject().put("conflict_id", "cf-" + conflictClass)
                .put("class", conflictClass).put("table", "incident").put("record_sys_id", sysId(planId + "-0"))
                .put("reason_code", reasonCode).put("reason", "found while planning")
                .put("resolution", resolution).put("observed_at", "2026-11-24T10:00:00Z");
        return dryRun;
    }

    @Test
    void executeHardBlockConflicts() throws Exception {
        // 1-2. a reference conflict blocks execute hard, even resolved abort_and_replan (the gate lets it through)
        ExecutionScenario.Running reference = running(service, 2, 0,
                dryRun -> withConflict(dryRun, "reference_conflict", "blocked_reference_conflict", "abort_and_replan"),
                List.of("restore_execute"));
        assertError(reference.post("/execution", EXECUTE, body()), 409, "plan_conflict_blocked",
                "blocked_reference_conflict");
        // do not retry with skip: a reference conflict cannot be skipped
        ObjectNode skip = body();
        skip.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-1")
                .put("row_id", rowIdOf(reference, 0)).put("class", "reference_conflict")
                .put("reason_code", "blocked_reference_conflict").put("reason", "parent missing")
                .put("resolution", "skip");
        assertError(reference.post("/execution", EXECUTE, skip), 400, "invalid_request", null);
        // replan: the blocked job is cancelled, nothing of it ran
        Answer cancelled = reference.plans().send("POST", "/v1/jobs/" + reference.jobId() + "/complete",
                reference.plans().token(), Json.write(body().put("status", "cancelled")));
        assertThat(cancelled.json().path("job").path("status").asText()).isEqualTo("cancelled");
        assertError(reference.get("/execution"), 404, "not_found", null);

        // 3. abort_and_replan schema and permission conflicts name their own reason
        ExecutionScenario.Running schema = running(service, 2, 0,
                dryRun -> withConflict(dryRun, "schema_conflict", "failed_schema_conflict", "abort_and_replan"),
                List.of("restore_execute"));
        assertError(schema.post("/execution", EXECUTE, body()), 409, "plan_conflict_blocked",
                "failed_schema_conflict");
        ExecutionScenario.Running permission = running(service, 2, 0,
                dryRun -> withConflict(dryRun, "permission_conflict", "failed_permission_conflict",
                        "abort_and_replan"), List.of("restore_execute"));
        assertError(permission.post("/execution", EXECUTE, body()), 409, "plan_conflict_blocked",
                "failed_permission_conflict");

        // 4. the target changed since reconciliation: target_revalidation_failed, naming the record
        ExecutionScenario.Running changed = running(service, 1);
        ObjectNode records = body();
        records.putArray("revalidated_target_records").addObject().put("table", "incident")
                .put("record_sys_id", recordOf(changed, 0)).put("target_state", "missing");
        Answer refused = changed.post("/execution", EXECUTE, records);
        assertError(refused, 409, "target_revalidation_failed", "blocked_reference_conflict");
        assertThat(refused.json().path("message").asText()).contains(recordOf(changed, 0));
    }

    @Test
    void chunkFallbackInvestigation() throws Exception {
        ExecutionScenario.Running job = running(service, 4);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 2)).status()).isEqualTo(202);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(4));
        // the agent met a conflict on the target in the first chunk and re-applied it row by row
        ObjectNode commit = commitAll(claim.json());
        ((ObjectNode) commit.path("row_outcomes").get(0)).put("used_row_fallback", true);
        ((ObjectNode) commit.path("row_outcomes").get(1)).put("outcome", "skipped")
                .put("reason_code", "blocked_reference_conflict").put("conflict_class", "missing_row_conflict")
                .put("used_row_fallback", true).put("message", "the record vanished from the target")
                .remove("before_image");
        assertThat(job.post("/execute-batches/commit", EXECUTE, commit).status()).isEqualTo(200);

        // 1-2. the chunks: the first fell back to rows, the second applied as a unit
        JsonNode execution = job.get("/execution").json().path("execution");
        assertThat(execution.path("chunks")).extracting(chunk -> chunk.path("status").asText())
                .containsExactly("row_fallback", "applied");
        // 3. what triggered it, and which rows used row fallback
        String conflicted = rowIds(claim).get(1);
        assertThat(execution.path("chunks").get(0).path("fallback_trigger_conflict_ids"))
                .extracting(JsonNode::asText).containsExactly("target." + conflicted);
        List<JsonNode> fallbackRows = new java.util.ArrayList<>();
        execution.path("row_outcomes").forEach(outcome -> {
            if (outcome.path("used_row_fallback").asBoolean()) {
                fallbackRows.add(outcome);
            }
        });
        assertThat(fallbackRows).hasSize(2);
        // 4. the non-conflicting row was applied; the conflicting one skipped with its reason and class
        assertThat(fallbackRows.get(0).path("outcome").asText()).isEqualTo("applied");
        assertThat(fallbackRows.get(1).path("outcome").asText()).isEqualTo("skipped");
        assertThat(fallbackRows.get(1).path("reason_code").asText()).isEqualTo("blocked_reference_conflict");
        assertThat(fallbackRows.get(1).path("conflict_class").asText()).isEqualTo("missing_row_conflict");
        assertThat(execution.path("summary").path("fallback_chunk_count").asInt()).isEqualTo(1);
    }

    @Test
    void capabilityAndOverrideBlocks() throws Exception {
        // a plan that deletes (an allowed delete candidate) needs restore_delete besides the job's capabilities
        ExecutionScenario.Running job = running(service, 1, 1, dryRun -> {
            String planId = dryRun.path("plan_id").asText();
            String late = sysId(planId + "-late-0");
            dryRun.putArray("delete_candidates").addObject().put("candidate_id", "cand-0")
                    .put("row_id", PlanScenario.rowId("incident", late)).put("table", "incident")
                    .put("record_sys_id", late).put("decision", "allow_deletion");
            return dryRun;
        }, List.of("restore_execute"));
        // 1. the caller's token carries no capabilities claim: its capabilities are the grants of its subject
        String ungranted = DevTokenIssuer.hs256(TestKeys.HS256_SECRET, service.clock()).issue(TokenRequest.rrs(
                job.plans().scope(), "grant-operator", Optional.empty(), Duration.ofMinutes(5)));
        Answer blocked = job.plans().send("POST", "/v1/jobs/" + job.jobId() + "/execution", ungranted,
                Json.write(body()));
        assertError(blocked, 403, "missing_capability", "blocked_missing_capability");
        assertThat(blocked.json().path("message").asText()).contains("restore_delete").contains("restore_execute");
        // 3. capabilities change (a grant), then execute again on the same running job
        new PostgresCapabilityGrants(service.owner()).grant(job.plans().scope(), "grant-operator",
                Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE), "ops-admin");
        Answer armed = job.plans().send("POST", "/v1/jobs/" + job.jobId() + "/execution", ungranted,
                Json.write(body()));
        assertThat(armed.status()).as(armed.toString()).isEqualTo(202);
        assertThat(armed.json().path("execution").path("capabilities_used")).extracting(JsonNode::asText)
                .containsExactly("restore_delete", "restore_execute");
    }

    @Test
    void resumeCheckpointRecovery() throws Exception {
        ExecutionScenario.Running job = running(service, 3);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 1)).status()).isEqualTo(202);
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(1));
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(first.json())).status()).isEqualTo(200);
        assertThat(job.post("/pause", EXECUTE, body()).status()).isEqualTo(202);

        // 1. the checkpoint
        JsonNode checkpoint = job.get("/checkpoint").json().path("checkpoint");
        assertThat(checkpoint.path("next_chunk_index").asInt()).isEqualTo(1);
        assertThat(checkpoint.path("total_chunks").asInt()).isEqualTo(3);
        // 2. the preconditions recorded on the execution
        JsonNode execution = job.get("/execution").json().path("execution");
        assertThat(execution.path("reason_code").asText()).isEqualTo("paused_manual");
        // 3. resume with them
        Answer resumed = job.post("/resume", EXECUTE, body()
                .put("expected_plan_checksum", execution.path("plan_checksum").asText())
                .put("expected_precondition_checksum", execution.path("precondition_checksum").asText()));
        // 4. 202: running again; agents claim the rest
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(202);
        assertThat(resumed.json().path("execution").path("resume_attempt_count").asInt()).isEqualTo(2);
        while (true) {
            Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(1));
            if (!claim.json().path("accepted").asBoolean()) {
                break;
            }
            job.post("/execute-batches/commit", EXECUTE, commitAll(claim.json()));
        }
        // 5. the final execution: the checkpoint reached the end
        JsonNode done = job.get("/execution").json().path("execution");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("checkpoint").path("next_chunk_index").asInt())
                .isEqualTo(done.path("checkpoint").path("total_chunks").asInt());
        // a terminal execution answers resume with the stored record, 200
        assertThat(job.post("/resume", EXECUTE, body()).status()).isEqualTo(200);
    }

    @Test
    void resumeFailureOnChecksumsOrPreconditions() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        assertThat(job.post("/pause", EXECUTE, body()).status()).isEqualTo(202);
        // 1. a mismatch: blocked_resume_precondition_mismatch; do not force
        assertError(job.post("/resume", EXECUTE, body().put("expected_plan_checksum", "f".repeat(64))), 409,
                "resume_plan_checksum_mismatch", "blocked_resume_precondition_mismatch");
        assertError(job.post("/resume", EXECUTE, body().put("expected_precondition_checksum", "f".repeat(64))), 409,
                "resume_precondition_checksum_mismatch", "blocked_resume_precondition_mismatch");
        // 2. replan (a new plan and job elsewhere) and cancel this job: nothing more of it runs
        Answer cancelled = job.plans().send("POST", "/v1/jobs/" + job.jobId() + "/complete", job.plans().token(),
                Json.write(body().put("status", "cancelled")));
        assertThat(cancelled.json().path("job").path("status").asText()).isEqualTo("cancelled");
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(1)), 409, "job_not_claimable", null);
        // 3. the history keeps the pause and the cancellation
        List<String> events = new java.util.ArrayList<>();
        job.plans().send("GET", "/v1/jobs/" + job.jobId() + "/events", job.plans().token(), null).json()
                .path("events").forEach(event -> events.add(event.path("event_type").asText()));
        assertThat(events).containsSubsequence("job_started", "job_paused", "job_cancelled");
    }

    @Test
    void missingCheckpointHandling() throws Exception {
        ExecutionScenario.Running job = running(service, 1);
        // 1. never executed: no checkpoint, and resume has nothing to continue
        assertError(job.get("/checkpoint"), 404, "not_found", null);
        assertError(job.post("/resume", EXECUTE, body()), 409, "resume_checkpoint_missing",
                "blocked_resume_checkpoint_missing");
        // a running execution is not paused either
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        assertError(job.post("/resume", EXECUTE, body()), 409, "job_not_paused", "blocked_resume_checkpoint_missing");
    }

    @Test
    void rollbackJournalVerification() throws Exception {
        ExecutionScenario.Running job = running(service, 5);
        assertError(job.get("/rollback-journal"), 404, "not_found", null);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(5));
        ObjectNode commit = commitAll(claim.json());
        ((ObjectNode) commit.path("row_outcomes").get(4)).put("outcome", "failed")
                .put("reason_code", "failed_internal_error").put("message", "constraint").remove("before_image");
        assertThat(job.post("/execute-batches/commit", EXECUTE, commit).status()).isEqualTo(200);
        // 1. the bundle and the execution
        JsonNode journal = job.get("/rollback-journal").json();
        JsonNode execution = job.get("/execution").json().path("execution");
        // 2. every mirror record names a journal entry; every applied row has one
        Set<String> journalIds = new HashSet<>();
        Set<String> journalRows = new TreeSet<>();
        journal.path("rollback_journal").forEach(entry -> {
            journalIds.add(entry.path("journal_id").asText());
            journalRows.add(entry.path("plan_row_id").asText());
        });
        journal.path("sn_mirror").forEach(mirror -> assertThat(journalIds)
                .contains(mirror.path("journal_id").asText()));
        Set<String> applied = new TreeSet<>();
        execution.path("row_outcomes").forEach(outcome -> {
            if (outcome.path("outcome").asText().equals("applied")) {
                applied.add(outcome.path("row_id").asText());
            }
        });
        assertThat(applied).hasSize(4);
        assertThat(journalRows).isEqualTo(applied);
        // 3. each entry's metadata
        JsonNode entry = journal.path("rollback_journal").get(0);
        assertThat(entry.path("plan_hash").asText()).isEqualTo(job.planHash());
        assertThat(entry.path("chunk_id").asText()).isEqualTo("chunk_0001");
        assertThat(entry.path("row_attempt").asInt()).isEqualTo(1);
        assertThat(entry.path("before_image_source").asText()).isEqualTo("target");
        // 4. the mirror carries linkage ids only; nothing is plaintext
        assertThat(journal.path("sn_mirror").get(0).has("before_image_enc")).isFalse();
        assertThat(journal.toString()).doesNotContain("_plain");
    }

    private static String rowIdOf(ExecutionScenario.Running job, int index) throws Exception {
        return PlanScenario.rowId("incident", recordOf(job, index));
    }

    /** The sys_id of the scenario plan's record {@code index}. */
    private static String recordOf(ExecutionScenario.Running job, int index) throws Exception {
        String planId = job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                .path("job").path("plan_id").asText();
        return sysId(planId + "-" + index);
    }
}
