package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.execute.ExecutionScenario.EXECUTE;
import static io.rezilient.restore.service.execute.ExecutionScenario.assertError;
import static io.rezilient.restore.service.execute.ExecutionScenario.body;
import static io.rezilient.restore.service.execute.ExecutionScenario.claimBody;
import static io.rezilient.restore.service.execute.ExecutionScenario.commitAll;
import static io.rezilient.restore.service.execute.ExecutionScenario.rowIds;
import static io.rezilient.restore.service.execute.ExecutionScenario.running;
import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeAll;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pull-mode execution over real HTTP, real JWTs and a real migrated PostgreSQL (service-spec §3.5, §6; architecture
 * §5 items 2–4): arming, claims with leases, idempotent commits, pause and resume, the checkpoint and the journal's
 * linkage invariants ("Rollback Journal Verification"). Each test works in a source of its own.
 */
class ExecutionRoutesIT {
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = Service.start("ExecutionRoutesIT", work.resolve("objects"), env -> env);
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

    @Test
    void anArmedExecutionIsClaimedAndCommittedToTheEndAndItsJournalLinksEveryAppliedRow() throws Exception {
        ExecutionScenario.Running job = running(service, 5);
        assertError(job.get("/execution"), 404, "not_found", null);
        assertError(job.get("/checkpoint"), 404, "not_found", null);
        assertError(job.get("/rollback-journal"), 404, "not_found", null);

        assertError(job.post("/execution", Set.of(), body()), 403, "missing_capability",
                "blocked_missing_capability");
        Answer armed = job.post("/execution", EXECUTE, body().put("chunk_size", 2));
        assertThat(armed.status()).as(armed.toString()).isEqualTo(202);
        JsonNode execution = armed.json().path("execution");
        assertThat(execution.path("status").asText()).isEqualTo("paused");
        assertThat(execution.path("plan_checksum").asText()).isEqualTo(job.planHash());
        assertThat(execution.path("checkpoint").path("total_chunks").asInt()).isEqualTo(3);
        assertThat(execution.path("checkpoint").path("checkpoint_id").asText())
                .isEqualTo(ExecutionIds.checkpointId(job.jobId(), job.planHash(), 0, 0));
        assertThat(execution.path("capabilities_used")).extracting(JsonNode::asText).containsExactly("restore_execute");
        assertError(job.post("/execution", EXECUTE, body()), 409, "job_paused", null);

        // first claim crosses a chunk boundary (3 rows of 2-row chunks); a second agent must wait for it
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(3));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("accepted").asBoolean()).isTrue();
        assertThat(first.json().path("claimed_rows")).hasSize(3);
        assertThat(first.json().path("claimed_rows").get(2).path("chunk_id").asText()).isEqualTo("chunk_0002");
        assertThat(first.json().path("claimed_rows").get(0).path("values").has("diff_enc")).isTrue();
        assertThat(first.json().path("has_more_rows").asBoolean()).isTrue();
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(3)), 409, "claim_in_progress",
                "blocked_resume_precondition_mismatch");

        ObjectNode short1 = commitAll(first.json());
        ((ArrayNode) short1.path("row_outcomes")).remove(0);
        assertError(job.post("/execute-batches/commit", EXECUTE, short1), 409, "claim_commit_mismatch",
                "blocked_resume_precondition_mismatch");
        Answer committed = job.post("/execute-batches/commit", EXECUTE, commitAll(first.json()));
        assertThat(committed.status()).as(committed.toString()).isEqualTo(200);
        assertThat(committed.json().path("execution_status").asText()).isEqualTo("paused");
        assertThat(committed.json().path("checkpoint").path("next_chunk_index").asInt()).isEqualTo(1);
        assertThat(committed.json().path("checkpoint").path("next_row_index").asInt()).isEqualTo(1);
        assertThat(committed.json().path("summary").path("applied_rows").asInt()).isEqualTo(3);
        // the same commit again answers the same; another one for the same claim is refused
        Answer replay = job.post("/execute-batches/commit", EXECUTE, commitAll(first.json()));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json()).isEqualTo(committed.json());
        ObjectNode other = commitAll(first.json());
        ((ObjectNode) other.path("row_outcomes").get(0)).put("outcome", "failed").put("reason_code",
                "failed_internal_error").remove("before_image");
        assertError(job.post("/execute-batches/commit", EXECUTE, other), 409, "claim_not_claimed", null);

        Answer rest = job.post("/execute-batches/claim", EXECUTE, claimBody(10));
        assertThat(rest.json().path("claimed_rows")).hasSize(2);
        assertThat(rest.json().path("has_more_rows").asBoolean()).isFalse();
        Answer last = job.post("/execute-batches/commit", EXECUTE, commitAll(rest.json()));
        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertThat(last.json().path("execution_status").asText()).isEqualTo("completed");

        JsonNode done = job.get("/execution").json().path("execution");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("summary").path("applied_rows").asInt()).isEqualTo(5);
        assertThat(done.path("checkpoint").path("next_chunk_index").asInt())
                .isEqualTo(done.path("checkpoint").path("total_chunks").asInt());
        assertThat(done.path("chunks")).extracting(chunk -> chunk.path("status").asText())
                .containsExactly("applied", "applied", "applied");
        assertThat(job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                .path("job").path("status").asText()).isEqualTo("completed");
        // terminal: nothing left to claim, and execute answers the stored record
        Answer after = job.post("/execute-batches/claim", EXECUTE, claimBody(1));
        assertThat(after.status()).isEqualTo(409);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(200);

        JsonNode bundle = job.get("/rollback-journal").json();
        List<String> journalIds = new ArrayList<>();
        bundle.path("rollback_journal").forEach(entry -> journalIds.add(entry.path("journal_id").asText()));
        assertThat(journalIds).hasSize(5).doesNotHaveDuplicates();
        Set<String> mirrored = new HashSet<>();
        bundle.path("sn_mirror").forEach(record -> mirrored.add(record.path("journal_id").asText()));
        assertThat(mirrored).containsExactlyInAnyOrderElementsOf(journalIds);
        // the database derives each mirror id (the view sn_mirror) exactly as the ids contract does
        bundle.path("sn_mirror").forEach(record -> assertThat(record.path("mirror_id").asText())
                .isEqualTo(ExecutionIds.mirrorId(record.path("journal_id").asText())));
        Set<String> appliedRows = new HashSet<>();
        done.path("row_outcomes").forEach(outcome -> {
            if (outcome.path("outcome").asText().equals("applied")) {
                appliedRows.add(ExecutionIds.journalId(job.jobId(), job.planHash(), outcome.path("row_id").asText(),
                        1));
            }
        });
        assertThat(appliedRows).containsExactlyInAnyOrderElementsOf(journalIds);
        assertThat(bundle.path("rollback_journal").get(0).path("before_image_enc").path("alg").asText())
                .isEqualTo("AES-256-GCM");
        assertThat(bundle.toString()).doesNotContain("_plain");
    }

    @Test
    void anAgentAskingForTheClaimedRowAttemptsGetsACheckpointListingOnlyItsClaimsRows() throws Exception {
        ExecutionScenario.Running job = running(service, 4);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 2)).status()).isEqualTo(202);
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(first.json())).json()
                .path("checkpoint").path("row_attempt_by_row").size()).isEqualTo(2);

        Answer second = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        assertError(job.post("/execute-batches/commit?row_attempts=some", EXECUTE, commitAll(second.json())), 400,
                "invalid_request", null);
        Answer committed = job.post("/execute-batches/commit?row_attempts=claimed", EXECUTE,
                commitAll(second.json()));
        assertThat(committed.status()).as(committed.toString()).isEqualTo(200);
        JsonNode attempts = committed.json().path("checkpoint").path("row_attempt_by_row");
        List<String> listed = new ArrayList<>();
        attempts.fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyElementsOf(rowIds(second));
        assertThat(committed.json().path("checkpoint").path("next_chunk_index").asInt()).isEqualTo(2);
        assertThat(committed.json().path("execution_status").asText()).isEqualTo("completed");
        // the answer as it was sent is what a repeated commit gets (with the evidence it generated, now reused);
        // the checkpoint itself still lists every row
        ObjectNode repeated = (ObjectNode) job.post("/execute-batches/commit", EXECUTE, commitAll(second.json())).json();
        ObjectNode sent = (ObjectNode) committed.json();
        JsonNode repeatedEvidence = repeated.remove("evidence");
        assertThat(repeatedEvidence.path("evidence_id")).isEqualTo(sent.path("evidence").path("evidence_id"));
        assertThat(repeatedEvidence.path("reused").asBoolean()).isTrue();
        sent.remove("evidence");
        assertThat(repeated).isEqualTo(sent);
        assertThat(job.get("/checkpoint").json().path("checkpoint").path("row_attempt_by_row").size()).isEqualTo(4);
    }

    @Test
    void aPipelinedClaimTakesTheRowsAfterTheHeldOneAndCommitsGoInRowOrder() throws Exception {
        ExecutionScenario.Running job = running(service, 6);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 2)).status()).isEqualTo(202);
        List<String> all = nextRowIds(job, 6, "");
        assertThat(all).hasSize(6);
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        String held = first.json().path("claim_id").asText();
        // the rows a pipelined claim would take are the ones after the held claim, not the checkpoint's
        assertThat(nextRowIds(job, 2, "&after_claim_id=" + held)).containsExactlyElementsOf(all.subList(2, 4));
        assertError(job.get("/execute-batches/next?max_rows=2&after_claim_id=%20"), 400, "invalid_request", null);

        Answer second = job.post("/execute-batches/claim", EXECUTE, claimBody(2).put("after_claim_id", held));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(rowIds(second)).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(second.json().path("processed_rows").asInt()).isEqualTo(2);
        // at most two claims at once, and only after the last one held; a plain claim still waits for the held ones
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(2)
                .put("after_claim_id", second.json().path("claim_id").asText())), 409, "claim_in_progress", null);
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(2).put("after_claim_id", held)), 409,
                "claim_in_progress", null);
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(2)), 409, "claim_in_progress", null);
        // the checkpoint only moves forward: the pipelined claim commits after the one it follows
        assertError(job.post("/execute-batches/commit", EXECUTE, commitAll(second.json())), 409,
                "claim_out_of_order", "blocked_resume_precondition_mismatch");
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(first.json())).status()).isEqualTo(200);
        Answer third = job.post("/execute-batches/claim", EXECUTE, claimBody(2)
                .put("after_claim_id", second.json().path("claim_id").asText()));
        assertThat(rowIds(third)).containsExactlyElementsOf(all.subList(4, 6));
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(second.json())).json()
                .path("checkpoint").path("next_chunk_index").asInt()).isEqualTo(2);
        Answer last = job.post("/execute-batches/commit", EXECUTE, commitAll(third.json()));
        assertThat(last.json().path("execution_status").asText()).as(last.toString()).isEqualTo("completed");
        assertThat(job.get("/rollback-journal").json().path("rollback_journal")).hasSize(6);
    }

    @Test
    void anExpiredClaimGivesBackTheRowsOfTheClaimPipelinedAfterItToo() throws Exception {
        ExecutionScenario.Running job = running(service, 4);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 2)).status()).isEqualTo(202);
        List<String> all = nextRowIds(job, 4, "");
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        Answer second = job.post("/execute-batches/claim", EXECUTE, claimBody(2)
                .put("after_claim_id", first.json().path("claim_id").asText()));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        service.clock().set(NOW.plus(Duration.ofSeconds(301)));
        Answer again = job.post("/execute-batches/claim", EXECUTE, claimBody(4));
        assertThat(rowIds(again)).containsExactlyElementsOf(all);
        assertError(job.post("/execute-batches/commit", EXECUTE, commitAll(first.json())), 409, "claim_not_active",
                null);
        assertError(job.post("/execute-batches/commit", EXECUTE, commitAll(second.json())), 409, "claim_not_active",
                null);
        Answer committed = job.post("/execute-batches/commit", EXECUTE, commitAll(again.json()));
        assertThat(committed.json().path("execution_status").asText()).as(committed.toString()).isEqualTo("completed");
    }

    /** The row ids {@code GET …/execute-batches/next} lists, with {@code query} appended. */
    private static List<String> nextRowIds(ExecutionScenario.Running job, int maxRows, String query)
            throws Exception {
        Answer next = job.get("/execute-batches/next?max_rows=" + maxRows + query);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        next.json().path("rows").forEach(row -> ids.add(row.path("row_id").asText()));
        return ids;
    }

    @Test
    void anExpiredClaimsRowsAreClaimedAgainAndItsLateCommitIsRefused() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        assertThat(first.json().path("accepted").asBoolean()).isTrue();
        service.clock().set(NOW.plus(Duration.ofSeconds(301)));
        Answer again = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("claim_id").asText()).isNotEqualTo(first.json().path("claim_id").asText());
        assertThat(again.json().path("claimed_rows").get(0).path("row_attempt").asInt()).isEqualTo(2);
        assertError(job.post("/execute-batches/commit", EXECUTE, commitAll(first.json())), 409, "claim_not_active",
                null);
        Answer committed = job.post("/execute-batches/commit", EXECUTE, commitAll(again.json()));
        assertThat(committed.json().path("execution_status").asText()).as(committed.toString()).isEqualTo("completed");
    }

    @Test
    void aPausedExecutionRefusesClaimsUntilResumedWithTheRecordedChecksums() throws Exception {
        ExecutionScenario.Running job = running(service, 3);
        JsonNode execution = job.post("/execution", EXECUTE, body().put("chunk_size", 1)).json().path("execution");
        Answer paused = job.post("/pause", EXECUTE, body());
        assertThat(paused.status()).as(paused.toString()).isEqualTo(202);
        assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(1)), 409, "job_paused", "paused_manual");

        assertError(job.post("/resume", EXECUTE, body().put("expected_plan_checksum", "0".repeat(64))), 409,
                "resume_plan_checksum_mismatch", "blocked_resume_precondition_mismatch");
        assertError(job.post("/resume", EXECUTE, body().put("expected_precondition_checksum", "0".repeat(64))), 409,
                "resume_precondition_checksum_mismatch", "blocked_resume_precondition_mismatch");
        Answer resumed = job.post("/resume", EXECUTE, body()
                .put("expected_plan_checksum", execution.path("plan_checksum").asText())
                .put("expected_precondition_checksum", execution.path("precondition_checksum").asText()));
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(202);
        assertThat(resumed.json().path("execution").path("resume_attempt_count").asInt()).isEqualTo(2);
        assertError(job.post("/resume", EXECUTE, body()), 409, "job_not_paused", "blocked_resume_checkpoint_missing");
        assertThat(job.post("/execute-batches/claim", EXECUTE, claimBody(1)).json().path("accepted").asBoolean())
                .isTrue();
    }

    @Test
    void anotherScopesJobAnswersLikeAMissingOneOnEveryExecutionRoute() throws Exception {
        ExecutionScenario.Running job = running(service, 1);
        ExecutionScenario.Running stranger = running(service, 1);
        String foreign = stranger.token(EXECUTE);
        for (String path : List.of("/execution", "/checkpoint", "/rollback-journal", "/execute-batches/next")) {
            assertError(job.plans().send("GET", "/v1/jobs/" + job.jobId() + path, foreign, null), 404, "not_found",
                    null);
        }
        for (String path : List.of("/execution", "/resume", "/pause", "/execute-batches/claim",
                "/execute-batches/commit")) {
            Answer answer = job.plans().send("POST", "/v1/jobs/" + job.jobId() + path, foreign,
                    Json.write(path.endsWith("commit") ? body().put("claim_id", "claim_x").set("row_outcomes",
                            Json.mapper().createArrayNode().add(body().put("row_id", "r").put("outcome", "applied")
                                    .put("reason_code", "none"))) : body()));
            assertThat(answer.status()).as(path + " " + answer).isEqualTo(404);
        }
        // the job's plan, seen from the other scope: its reconciliation records answer like a missing plan
        String planId = job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                .path("job").path("plan_id").asText();
        assertThat(job.plans().send("GET", "/v1/plans/" + planId + "/target-reconciliation", job.plans().token(),
                null).status()).isEqualTo(200);
        assertError(job.plans().send("GET", "/v1/plans/" + planId + "/target-reconciliation", foreign, null), 404,
                "not_found", null);
    }

    @Test
    void recordsCreatedAfterThePitThatAnOperatorAllowedToDeleteAreDeleteRowsAndNeedRestoreDelete() throws Exception {
        ExecutionScenario.Running job = running(service, 2, 2, dryRun -> {
            ArrayNode candidates = dryRun.putArray("delete_candidates");
            String planId = dryRun.path("plan_id").asText();
            for (int i = 0; i < 2; i++) {
                String sysId = sysId(planId + "-late-" + i);
                candidates.addObject().put("candidate_id", "cand-" + i)
                        .put("row_id", PlanScenario.rowId("incident", sysId)).put("table", "incident")
                        .put("record_sys_id", sysId).put("decision", i == 0 ? "allow_deletion" : "skip_deletion");
            }
            return dryRun;
        }, List.of("restore_execute"));
        assertError(job.post("/execution", EXECUTE, body()), 403, "missing_capability", "blocked_missing_capability");
        Set<Capability> both = Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE);
        Answer armed = job.post("/execution", both, body());
        assertThat(armed.status()).as(armed.toString()).isEqualTo(202);
        assertThat(armed.json().path("execution").path("summary").path("planned_rows").asInt()).isEqualTo(3);
        Answer claim = job.post("/execute-batches/claim", both, claimBody(10));
        List<String> deletes = new ArrayList<>();
        claim.json().path("claimed_rows").forEach(row -> {
            if (row.path("action").asText().equals("delete")) {
                deletes.add(row.path("record_sys_id").asText());
                assertThat(row.path("origin").asText()).isEqualTo("delete_candidate");
                assertThat(row.path("values").isEmpty()).isTrue();
            }
        });
        String planId = job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                .path("job").path("plan_id").asText();
        assertThat(deletes).containsExactly(sysId(planId + "-late-0"));
        assertThat(rowIds(claim)).isSorted();
    }

    @Test
    void runtimeConflictsFollowTheMatrixAndASkippedConflictMakesItsChunkARowFallback() throws Exception {
        // one skip in six rows stays under the 20% skip ratio that would need an elevated confirmation
        ExecutionScenario.Running fresh = running(service, 6);
        JsonNode planRows = fresh.plans().getPlan(fresh.plans().send("GET", "/v1/jobs/" + fresh.jobId(),
                fresh.plans().token(), null).json().path("job").path("plan_id").asText()).json()
                .path("plan_hash_input").path("rows");
        String first = planRows.get(0).path("row_id").asText();
        ObjectNode reference = body();
        reference.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-1").put("row_id", first)
                .put("class", "reference_conflict").put("reason_code", "blocked_reference_conflict")
                .put("reason", "parent missing").put("resolution", "abort_and_replan");
        assertError(fresh.post("/execution", EXECUTE, reference), 409, "runtime_conflict_blocked",
                "blocked_reference_conflict");
        ObjectNode schema = body();
        schema.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-2").put("row_id", first)
                .put("class", "schema_conflict").put("reason_code", "failed_schema_conflict")
                .put("reason", "column dropped").put("resolution", "abort_and_replan");
        assertError(fresh.post("/execution", EXECUTE, schema), 409, "runtime_conflict_blocked",
                "failed_schema_conflict");
        ObjectNode unknownRow = body();
        unknownRow.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-3").put("row_id", "row.nope")
                .put("class", "value_conflict").put("reason_code", "failed_internal_error")
                .put("reason", "x").put("resolution", "skip");
        assertError(fresh.post("/execution", EXECUTE, unknownRow), 400, "invalid_request", null);
        ObjectNode skip = body().put("chunk_size", 3);
        skip.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-4").put("row_id", first)
                .put("class", "value_conflict").put("reason_code", "failed_internal_error")
                .put("reason", "changed on the target").put("resolution", "skip");
        assertThat(fresh.post("/execution", EXECUTE, skip).status()).isEqualTo(202);
        Answer claim = fresh.post("/execute-batches/claim", EXECUTE, claimBody(6));
        assertThat(claim.json().path("claimed_rows").get(0).path("action").asText()).isEqualTo("skip");
        assertThat(fresh.post("/execute-batches/commit", EXECUTE, commitAll(claim.json())).status()).isEqualTo(200);
        JsonNode execution = fresh.get("/execution").json().path("execution");
        assertThat(execution.path("summary").path("skipped_rows").asInt()).isEqualTo(1);
        assertThat(execution.path("summary").path("applied_rows").asInt()).isEqualTo(5);
        assertThat(execution.path("summary").path("runtime_conflict_count").asInt()).isEqualTo(1);
        assertThat(execution.path("chunks").get(0).path("status").asText()).isEqualTo("row_fallback");
        assertThat(execution.path("chunks").get(0).path("fallback_trigger_conflict_ids")).extracting(JsonNode::asText)
                .containsExactly("rc-4");
        assertThat(execution.path("chunks").get(1).path("status").asText()).isEqualTo("applied");
        JsonNode skipped = execution.path("row_outcomes").get(0);
        assertThat(skipped.path("outcome").asText()).isEqualTo("skipped");
        assertThat(skipped.path("used_row_fallback").asBoolean()).isTrue();
        assertThat(skipped.path("conflict_id").asText()).isEqualTo("rc-4");
        // a skipped row is never journaled
        assertThat(fresh.get("/rollback-journal").json().path("rollback_journal")).hasSize(5);
    }

    @Test
    void anAgentsTargetConflictIsRecordedAsARowFallbackWithItsClass() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        ObjectNode commit = commitAll(claim.json());
        ObjectNode conflicted = (ObjectNode) commit.path("row_outcomes").get(1);
        conflicted.put("outcome", "skipped").put("reason_code", "blocked_reference_conflict")
                .put("conflict_class", "value_conflict").put("used_row_fallback", true)
                .put("message", "changed on the target since reconciliation").remove("before_image");
        ((ObjectNode) commit.path("row_outcomes").get(0)).put("used_row_fallback", true);
        assertThat(job.post("/execute-batches/commit", EXECUTE, commit).status()).isEqualTo(200);
        JsonNode execution = job.get("/execution").json().path("execution");
        assertThat(execution.path("status").asText()).isEqualTo("completed");
        assertThat(execution.path("chunks").get(0).path("status").asText()).isEqualTo("row_fallback");
        assertThat(execution.path("chunks").get(0).path("fallback_trigger_conflict_ids")).extracting(JsonNode::asText)
                .containsExactly("target." + rowIds(claim).get(1));
        assertThat(execution.path("row_outcomes").get(1).path("conflict_class").asText()).isEqualTo("value_conflict");
    }

    @Test
    void revalidatedTargetRecordsMustCoverThePlanAndAgreeWithIt() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        JsonNode planRows = job.plans().getPlan(job.plans().send("GET", "/v1/jobs/" + job.jobId(),
                job.plans().token(), null).json().path("job").path("plan_id").asText()).json()
                .path("plan_hash_input").path("rows");
        ObjectNode incomplete = body();
        incomplete.putArray("revalidated_target_records").addObject().put("table", "incident")
                .put("record_sys_id", planRows.get(0).path("record_sys_id").asText()).put("target_state", "exists");
        assertError(job.post("/execution", EXECUTE, incomplete), 409, "target_revalidation_incomplete",
                "failed_internal_error");
        ObjectNode vanished = body();
        ArrayNode records = vanished.putArray("revalidated_target_records");
        // the plan updates both (source insert, target existed); one has since vanished from the target
        records.addObject().put("table", "incident").put("record_sys_id",
                planRows.get(0).path("record_sys_id").asText()).put("target_state", "missing");
        records.addObject().put("table", "incident").put("record_sys_id",
                planRows.get(1).path("record_sys_id").asText()).put("target_state", "exists");
        assertError(job.post("/execution", EXECUTE, vanished), 409, "target_revalidation_failed",
                "blocked_reference_conflict");
        ((ObjectNode) records.get(0)).put("target_state", "exists");
        Answer armed = job.post("/execution", EXECUTE, vanished);
        assertThat(armed.status()).as(armed.toString()).isEqualTo(202);
        assertThat(armed.json().path("execution").path("target_revalidation").asText()).isEqualTo("records");
        assertThat(armed.json().path("execution").path("revalidated_target_records")).hasSize(2);
    }

    @Test
    void aPlanAboveTheRowCapNeedsElevatedConfirmationAndTheOverrideCapability() throws Exception {
        ExecutionScenario.Running job = running(service, 3);
        // RRS_EXECUTE_MAX_ROWS is 10000 here: a skip ratio above 20% trips the same rule (1 conflict of 3 rows)
        JsonNode planRows = job.plans().getPlan(job.plans().send("GET", "/v1/jobs/" + job.jobId(),
                job.plans().token(), null).json().path("job").path("plan_id").asText()).json()
                .path("plan_hash_input").path("rows");
        ObjectNode skip = body();
        skip.putArray("runtime_conflicts").addObject().put("conflict_id", "rc-1")
                .put("row_id", planRows.get(0).path("row_id").asText()).put("class", "value_conflict")
                .put("reason_code", "failed_internal_error").put("reason", "x").put("resolution", "skip");
        Answer refused = job.post("/execution", EXECUTE, skip);
        assertError(refused, 403, "missing_capability", "blocked_missing_capability");
        assertThat(refused.json().path("message").asText()).contains("elevated confirmation").contains("skip ratio");
        skip.putObject("elevated_confirmation").put("confirmed", true).put("confirmation", "CONFIRM")
                .put("reason", "approved in CHG-1");
        Answer noOverride = job.post("/execution", EXECUTE, skip);
        assertError(noOverride, 403, "missing_capability", "blocked_missing_capability");
        assertThat(noOverride.json().path("message").asText()).contains("restore_override_caps");
        Answer armed = job.post("/execution", Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_OVERRIDE_CAPS),
                skip);
        assertThat(armed.status()).as(armed.toString()).isEqualTo(202);
        assertThat(armed.json().path("execution").path("elevated_confirmation_used").asBoolean()).isTrue();
    }

    @Test
    void aWorkflowModeOtherThanThePlansIsRefused() throws Exception {
        ExecutionScenario.Running job = running(service, 1);
        ObjectNode allowlist = body();
        allowlist.putObject("workflow").put("mode", "allowlist").putArray("allowlist").add("business_rule_x");
        assertError(job.post("/execution", EXECUTE, allowlist), 409, "workflow_mismatch", "failed_internal_error");
    }

    @Test
    void aSuspendedEntitlementPausesTheExecutionAndResumeWaitsUntilItIsActiveAgain() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 1)).status()).isEqualTo(202);
        setEntitlement(job, io.rezilient.restore.service.registry.LifecycleState.SUSPENDED);
        try {
            assertError(job.post("/execute-batches/claim", EXECUTE, claimBody(1)), 409, "job_paused",
                    "paused_entitlement_disabled");
            JsonNode paused = job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                    .path("job");
            assertThat(paused.path("status").asText()).isEqualTo("paused");
            assertThat(paused.path("status_reason_code").asText()).isEqualTo("paused_entitlement_disabled");
            assertError(job.post("/resume", EXECUTE, body()), 409, "job_paused", "paused_entitlement_disabled");
        } finally {
            setEntitlement(job, io.rezilient.restore.service.registry.LifecycleState.ACTIVE);
        }
        assertThat(job.post("/resume", EXECUTE, body()).status()).isEqualTo(202);
        assertThat(job.post("/execute-batches/claim", EXECUTE, claimBody(1)).json().path("accepted").asBoolean())
                .isTrue();
    }

    @Test
    void malformedUnknownAndForeignClaimsAnswer4xx() throws Exception {
        ExecutionScenario.Running job = running(service, 1);
        assertError(job.post("/execute-batches/claim", EXECUTE, body().put("max_rows", 0)), 400, "invalid_request",
                null);
        assertError(job.post("/execute-batches/claim", EXECUTE, body().put("surprise", 1)), 400, "invalid_request",
                null);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        ObjectNode unknown = body().put("claim_id", "claim_000000000000000000000000");
        unknown.putArray("row_outcomes").addObject().put("row_id", "row.x").put("outcome", "applied")
                .put("reason_code", "none");
        assertError(job.post("/execute-batches/commit", EXECUTE, unknown), 409, "claim_not_found",
                "blocked_resume_precondition_mismatch");
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(1));
        ExecutionScenario.Running other = running(service, 1);
        assertThat(other.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        // another job's claim id on this job is not found either
        assertError(other.post("/execute-batches/commit", EXECUTE, commitAll(claim.json())), 409, "claim_not_found",
                null);
        ObjectNode wrongRow = commitAll(claim.json());
        ((ObjectNode) wrongRow.path("row_outcomes").get(0)).put("row_id", "row.other");
        assertError(job.post("/execute-batches/commit", EXECUTE, wrongRow), 409, "claim_commit_mismatch", null);
        ObjectNode twice = commitAll(claim.json());
        ((ArrayNode) twice.path("row_outcomes")).add(twice.path("row_outcomes").get(0).deepCopy());
        assertError(job.post("/execute-batches/commit", EXECUTE, twice), 409, "claim_commit_mismatch", null);
        ObjectNode plaintext = commitAll(claim.json());
        ((ObjectNode) plaintext.path("row_outcomes").get(0).path("before_image")).put("before_image_plain", "x");
        assertError(job.post("/execute-batches/commit", EXECUTE, plaintext), 400, "invalid_request", null);
        ObjectNode imposter = commitAll(claim.json()).put("committed_by", "someone-else");
        assertError(job.post("/execute-batches/commit", EXECUTE, imposter), 403, "missing_capability", null);
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(claim.json())).status()).isEqualTo(200);
        JsonNode checkpoint = job.get("/checkpoint").json().path("checkpoint");
        assertThat(checkpoint.path("next_chunk_index").asInt()).isEqualTo(checkpoint.path("total_chunks").asInt());
        assertThat(checkpoint.path("row_attempt_by_row").size()).isEqualTo(1);
    }

    private static void setEntitlement(ExecutionScenario.Running job,
                                       io.rezilient.restore.service.registry.LifecycleState state) {
        new io.rezilient.restore.service.registry.PostgresSourceRegistry(service.owner()).setStates(
                job.plans().scope().tenantId(), job.plans().scope().instanceId(),
                new io.rezilient.restore.service.registry.StateChange(Optional.empty(), Optional.of(state),
                        Optional.empty()), "ops-admin");
    }

    @Test
    void journalsArePrunedOnlyPastTheirWindowAndWithEvidenceExportedAndKeepTheirLinkage() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        assertThat(job.post("/execute-batches/commit", EXECUTE, commitAll(claim.json())).status()).isEqualTo(200);
        javax.sql.DataSource data = service.runtime().dataSource();
        java.time.Instant future = NOW.plus(Duration.ofDays(1));

        JournalRetention noEvidence = new JournalRetention(data, jobId -> false);
        assertThat(noEvidence.decide(future)).filteredOn(d -> d.journal().jobId().equals(job.jobId()))
                .singleElement().satisfies(d -> {
                    assertThat(d.prunable()).isFalse();
                    assertThat(d.reason()).isEqualTo("evidence not exported");
                    assertThat(d.journal().entries()).isEqualTo(2);
                });
        JournalRetention exported = new JournalRetention(data, jobId -> jobId.equals(job.jobId()));
        assertThat(exported.decide(NOW.minus(Duration.ofDays(1)))).filteredOn(d -> d.journal().jobId()
                .equals(job.jobId())).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo("within the retention window"));
        assertThat(noEvidence.prune(future, future)).isZero();

        assertThat(exported.prune(future, future)).isEqualTo(2);
        JsonNode bundle = job.get("/rollback-journal").json();
        assertThat(bundle.path("rollback_journal")).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.path("before_image_enc").isNull()).isTrue();
            assertThat(entry.path("pruned_at").asText()).isNotEmpty();
            assertThat(entry.path("plan_row_id").asText()).startsWith("row.");
        });
        assertThat(bundle.path("sn_mirror")).hasSize(2);
        assertThat(exported.decide(future)).filteredOn(d -> d.journal().jobId().equals(job.jobId()))
                .singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("already pruned"));
    }

    @Test
    void aFailedRowFailsItsChunkTheExecutionAndTheJobAndIsNeverJournaled() throws Exception {
        ExecutionScenario.Running job = running(service, 3);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 3)).status()).isEqualTo(202);
        Answer first = job.post("/execute-batches/claim", EXECUTE, claimBody(1));
        Answer firstCommit = job.post("/execute-batches/commit", EXECUTE, commitAll(first.json()));
        assertThat(firstCommit.json().path("execution_status").asText()).isEqualTo("paused");
        Answer rest = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        ObjectNode commit = commitAll(rest.json());
        ((ObjectNode) commit.path("row_outcomes").get(0)).put("outcome", "failed")
                .put("reason_code", "failed_internal_error").put("message", "constraint violated")
                .remove("before_image");
        Answer last = job.post("/execute-batches/commit", EXECUTE, commit);
        assertThat(last.json().path("execution_status").asText()).isEqualTo("failed");
        assertThat(last.json().path("reason_code").asText()).isEqualTo("failed_internal_error");
        JsonNode execution = job.get("/execution").json().path("execution");
        assertThat(execution.path("summary").path("applied_rows").asInt()).isEqualTo(2);
        assertThat(execution.path("summary").path("failed_rows").asInt()).isEqualTo(1);
        JsonNode chunk = execution.path("chunks").get(0);
        assertThat(chunk.path("status").asText()).isEqualTo("failed");
        assertThat(chunk.path("applied_count").asInt()).isEqualTo(2);
        assertThat(chunk.path("failed_count").asInt()).isEqualTo(1);
        assertThat(job.get("/rollback-journal").json().path("rollback_journal")).hasSize(2);
        assertThat(job.plans().send("GET", "/v1/jobs/" + job.jobId(), job.plans().token(), null).json()
                .path("job").path("status").asText()).isEqualTo("failed");
    }

    @Test
    void aTamperedCheckpointIsRefusedByResumeAndClaim() throws Exception {
        ExecutionScenario.Running job = running(service, 2);
        assertThat(job.post("/execution", EXECUTE, body().put("chunk_size", 1)).status()).isEqualTo(202);
        assertThat(job.post("/pause", EXECUTE, body()).status()).isEqualTo(202);
        try (java.sql.Connection connection = service.owner().getConnection();
             java.sql.PreparedStatement tamper = connection.prepareStatement(
                     "UPDATE rez_restore.checkpoints SET next_chunk_index = 1 WHERE job_id = ?")) {
            tamper.setString(1, job.jobId());
            assertThat(tamper.executeUpdate()).isEqualTo(1);
        }
        Answer resumed = job.post("/resume", EXECUTE, body());
        assertError(resumed, 409, "resume_checkpoint_mismatch", "blocked_resume_precondition_mismatch");
        assertThat(resumed.json().path("message").asText()).contains("checkpoint_id");
    }
}
