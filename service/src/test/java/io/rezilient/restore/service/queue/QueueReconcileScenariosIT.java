package io.rezilient.restore.service.queue;

import io.rezilient.restore.service.config.TestKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.locks.LockDecision;
import io.rezilient.restore.service.locks.LockScope;
import io.rezilient.restore.service.locks.PostgresLockManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.time.ZoneOffset.UTC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconcile and reset over HTTP on a real PostgreSQL (service-spec §5.5, the reconcile bullets of §12
 * "jobs/job-service.test.ts"), plus our scoping rules (deviations S37-S41).
 */
class QueueReconcileScenariosIT {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final String SN = "sn";

    @TempDir
    static Path objects;
    private static QueueWorld world;

    private final String tenant = "tenant-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        world = QueueWorld.start("QueueReconcileScenariosIT", objects);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    private String id(String name) {
        return tenant + "-" + name;
    }

    /** A running blocker and a job queued behind it, both on incident. */
    private void blockerAndQueued(String blocker, String queued) throws Exception {
        assertThat(world.create(tenant, SN, blocker, "incident")).isInstanceOf(LockDecision.Running.class);
        assertThat(world.create(tenant, SN, queued, "incident")).isInstanceOf(LockDecision.Queued.class);
    }

    private ObjectNode scoped() {
        return QueueWorld.body(tenant, SN);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> codes(JsonNode answer, String jobId) {
        List<String> codes = new ArrayList<>();
        answer.path("anomalies").forEach(anomaly -> {
            if (anomaly.path("job_id").asText().equals(jobId)) {
                codes.add(anomaly.path("code").asText());
            }
        });
        return codes;
    }

    private static JsonNode anomaly(JsonNode answer, String code, String jobId) {
        for (JsonNode anomaly : answer.path("anomalies")) {
            if (anomaly.path("code").asText().equals(code) && anomaly.path("job_id").asText().equals(jobId)) {
                return anomaly;
            }
        }
        throw new AssertionError("no " + code + " for " + jobId + " in " + answer);
    }

    private static List<String> runningIds(JsonNode lockState) {
        List<String> ids = new ArrayList<>();
        lockState.path("running_jobs").forEach(entry -> ids.add(entry.path("jobId").asText()));
        return ids;
    }

    private static List<String> queuedIds(JsonNode lockState) {
        List<String> ids = new ArrayList<>();
        lockState.path("queued_jobs").forEach(entry -> ids.add(entry.path("jobId").asText()));
        return ids;
    }

    @Test
    void aDryRunReportsStaleJobsAndChangesNothing() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(1));
        var before = world.stateOf(tenant);

        QueueWorld.Answer reconcile = world.reconcile(scoped().put("stale_after_ms", 0));
        // reset defaults to a dry run too: it reports what it would force and still changes nothing
        QueueWorld.Answer reset = world.reset(scoped().put("stale_after_ms", 0));

        assertThat(reconcile.status()).as(reconcile.toString()).isEqualTo(200);
        JsonNode json = reconcile.json();
        assertThat(json.path("dry_run").asBoolean()).isTrue();
        assertThat(json.path("applied").asBoolean()).isFalse();
        assertThat(json.path("stale_cutoff_at").asText()).isEqualTo(IsoUtc.format(world.now()));
        assertThat(codes(json, a)).containsExactly("stale_non_terminal_job");
        assertThat(codes(json, b)).containsExactly("stale_non_terminal_job");
        assertThat(json.path("forced_transitions")).isEmpty();
        assertThat(json.path("promoted_job_ids")).isEmpty();
        assertThat(runningIds(json.path("lock_state_before"))).containsExactly(a);
        assertThat(queuedIds(json.path("lock_state_before"))).containsExactly(b);
        assertThat(json.path("lock_state_after")).isEqualTo(json.path("lock_state_before"));
        assertThat(json.path("totals").path("jobs_scanned").asLong()).isEqualTo(2);
        assertThat(json.path("totals").path("non_terminal_in_scope").asLong()).isEqualTo(2);
        assertThat(json.path("totals").path("stale_jobs_in_scope").asLong()).isEqualTo(2);

        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.json().path("applied").asBoolean()).isFalse();
        assertThat(reset.json().path("forced_transitions")).hasSize(2);
        assertThat(world.stateOf(tenant)).isEqualTo(before);
    }

    @Test
    void resetForcesTheStaleBlockerAndPromotesThePreservedQueuedJob() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(10));
        Instant now = world.now();

        ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis())
                .put("force_status", "failed").put("force_reason_code", "failed_internal_error");
        body.putArray("preserve_stale_job_ids").add(b);
        QueueWorld.Answer answer = world.reset(body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("applied").asBoolean()).isTrue();
        assertThat(json.path("forced_transitions")).isEqualTo(Json.parse("[{\"job_id\":\"" + a
                + "\",\"from_status\":\"running\",\"to_status\":\"failed\","
                + "\"reason_code\":\"failed_internal_error\"}]"));
        assertThat(json.path("promoted_jobs")).isEqualTo(Json.parse("[{\"job_id\":\"" + b
                + "\",\"from_status\":\"queued\",\"to_status\":\"running\",\"reason_code\":\"none\"}]"));
        assertThat(texts(json.path("promoted_job_ids"))).containsExactly(b);
        assertThat(runningIds(json.path("lock_state_after"))).containsExactly(b);
        assertThat(queuedIds(json.path("lock_state_after"))).isEmpty();

        assertThat(world.status(a)).isEqualTo("failed/failed_internal_error");
        assertThat(world.rows("SELECT completed_at = ? AS same FROM rez_restore.jobs WHERE job_id = ?",
                now.atOffset(UTC), a).getFirst().get("same")).isEqualTo("t");
        assertThat(world.status(b)).isEqualTo("running/none");
        assertThat(world.rows("SELECT started_at = ? AS same FROM rez_restore.jobs WHERE job_id = ?",
                now.atOffset(UTC), b).getFirst().get("same")).isEqualTo("t");
        assertThat(world.lockRows(a)).isEmpty();
        assertThat(world.lockRows(b)).containsExactly("held:incident");

        Map<String, String> failed = world.events(a).getLast();
        assertThat(failed.get("event_type")).isEqualTo("job_failed");
        assertThat(failed.get("reason_code")).isEqualTo("failed_internal_error");
        assertThat(Json.parse(failed.get("details"))).isEqualTo(Json.parse("{\"reconcile_forced_terminal\":true,"
                + "\"stale_cutoff_at\":\"" + IsoUtc.format(now.minus(FIVE_MINUTES)) + "\"}"));
        assertThat(failed.get("actor_type") + "/" + failed.get("actor_id")).isEqualTo("service/admin_token");
        Map<String, String> started = world.events(b).getLast();
        assertThat(started.get("event_type")).isEqualTo("job_started");
        assertThat(Json.parse(started.get("details")))
                .isEqualTo(Json.parse("{\"promoted_from_queue\":true,\"reconcile_operation\":true}"));
        assertThat(started.get("actor_type") + "/" + started.get("actor_id")).isEqualTo("service/admin_token");
        Map<String, String> audit = world.auditEvent(failed.get("event_id"));
        assertThat(audit.get("lifecycle") + "/" + audit.get("action") + "/" + audit.get("outcome"))
                .isEqualTo("execute/failed/failed");
        assertThat(Json.parse(audit.get("actor")).path("id").asText()).isEqualTo("admin_token");
    }

    @Test
    void anOmittedForceReasonIsFailedStaleLockRecovered() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(10));

        ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis());
        body.putArray("preserve_stale_job_ids").add(b);
        QueueWorld.Answer answer = world.reset(body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("forced_transitions").get(0).path("reason_code").asText())
                .isEqualTo("failed_stale_lock_recovered");
        assertThat(world.status(a)).isEqualTo("failed/failed_stale_lock_recovered");
        assertThat(world.events(a).getLast().get("reason_code")).isEqualTo("failed_stale_lock_recovered");
    }

    @Test
    void nothingStaleMeansNothingForcedAndTheQueuedJobWaits() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(1));
        int events = world.events(a).size() + world.events(b).size();

        QueueWorld.Answer answer = world.reset(scoped().put("dry_run", false)
                .put("stale_after_ms", FIVE_MINUTES.toMillis()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("forced_transitions")).isEmpty();
        assertThat(answer.json().path("promoted_jobs")).isEmpty();
        assertThat(answer.json().path("anomalies")).isEmpty();
        assertThat(world.status(a)).isEqualTo("running/none");
        assertThat(world.status(b)).isEqualTo("queued/queued_scope_lock");
        assertThat(world.events(a).size() + world.events(b).size()).isEqualTo(events);
    }

    @Test
    void staleQueuedJobsThatAreNotPreservedAreForcedToo() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(10));

        QueueWorld.Answer answer = world.reset(scoped().put("dry_run", false)
                .put("stale_after_ms", FIVE_MINUTES.toMillis()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("forced_transitions")).hasSize(2);
        assertThat(answer.json().path("promoted_jobs")).isEmpty();
        assertThat(world.status(a)).isEqualTo("failed/failed_stale_lock_recovered");
        assertThat(world.status(b)).isEqualTo("failed/failed_stale_lock_recovered");
        assertThat(world.lockRows(b)).isEmpty();
        assertThat(world.events(b).getLast().get("event_type")).isEqualTo("job_failed");
    }

    @Test
    void aBacklogDrainsToThePreservedTarget() throws Exception {
        String a = id("a");
        String b = id("b");
        String c = id("c");
        String target = id("target");
        blockerAndQueued(a, b);
        world.create(tenant, SN, c, "incident");
        world.create(tenant, SN, target, "incident");
        world.advance(Duration.ofMinutes(10));

        ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis());
        body.putArray("preserve_stale_job_ids").add(target);
        QueueWorld.Answer answer = world.reset(body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> forced = new ArrayList<>();
        answer.json().path("forced_transitions").forEach(change -> forced.add(change.path("job_id").asText()));
        assertThat(forced).containsExactly(a, b, c);
        assertThat(texts(answer.json().path("promoted_job_ids"))).containsExactly(target);
        assertThat(world.status(target)).isEqualTo("running/none");
        assertThat(world.lockRows(target)).containsExactly("held:incident");
    }

    @Test
    void theScopeLimitsForcingToItsSourceAndTables() throws Exception {
        String a = id("a");
        String problem = id("problem");
        String otherSource = id("other-source");
        world.create(tenant, SN, a, "incident");
        world.create(tenant, SN, problem, "problem");
        world.create(tenant, "sn-2", otherSource, "incident");
        world.advance(Duration.ofMinutes(10));

        ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis());
        ((ObjectNode) body.get("scope")).putArray("lock_scope_tables").add(" incident ");
        QueueWorld.Answer answer = world.reset(body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("scope").path("lock_scope_tables")).isEqualTo(Json.parse("[\"incident\"]"));
        assertThat(answer.json().path("forced_transitions")).hasSize(1);
        assertThat(world.status(a)).isEqualTo("failed/failed_stale_lock_recovered");
        assertThat(world.status(problem)).as("outside lock_scope_tables").isEqualTo("running/none");
        assertThat(world.status(otherSource)).as("another source").isEqualTo("running/none");
        assertThat(world.lockRows(otherSource)).containsExactly("held:incident");
        JsonNode totals = answer.json().path("totals");
        assertThat(totals.path("jobs_scanned").asLong()).isEqualTo(2);
        assertThat(totals.path("jobs_in_scope").asLong()).isEqualTo(1);
        assertThat(totals.path("stale_jobs_in_scope").asLong()).isEqualTo(1);
    }

    @Test
    void aQueuedJobMissingFromTheQueueIsAMembershipMismatchThatAnApplyHeals() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        List<String> queueRows = world.lockRows(b);
        assertThat(world.sql("DELETE FROM rez_restore.lock_queue WHERE job_id = ?", b)).isEqualTo(1);

        QueueWorld.Answer dryRun = world.reconcile(scoped());
        QueueWorld.Answer apply = world.reconcile(scoped().put("dry_run", false));
        QueueWorld.Answer again = world.reconcile(scoped());

        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        JsonNode mismatch = anomaly(dryRun.json(), "lock_membership_mismatch", b);
        assertThat(mismatch.path("status").asText()).isEqualTo("queued");
        assertThat(mismatch.path("details").path("expected_lock_state").asText()).isEqualTo("queued");
        assertThat(mismatch.path("details").path("in_queued").asBoolean()).isFalse();
        assertThat(mismatch.path("details").path("in_running").asBoolean()).isFalse();
        assertThat(queuedIds(dryRun.json().path("lock_state_after"))).containsExactly(b);
        assertThat(apply.status()).as(apply.toString()).isEqualTo(200);
        assertThat(world.lockRows(b)).as("the same FIFO place again").isEqualTo(queueRows);
        assertThat(world.status(b)).isEqualTo("queued/queued_scope_lock");
        assertThat(again.json().path("anomalies")).isEmpty();
    }

    @Test
    void aBlockerMarkedFailedWithoutReleaseIsAMissingBlockerAndTheApplyPromotes() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(1));
        // a terminal transition that forgot its release: the holds stay behind
        world.sql("UPDATE rez_restore.jobs SET status = 'failed', status_reason_code = 'failed_internal_error',"
                + " completed_at = ?, updated_at = ? WHERE job_id = ?", world.now().atOffset(UTC),
                world.now().atOffset(UTC), a);

        QueueWorld.Answer dryRun = world.reconcile(scoped());
        String afterDryRun = world.status(b);
        QueueWorld.Answer apply = world.reconcile(scoped().put("dry_run", false));

        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        JsonNode missing = anomaly(dryRun.json(), "queued_missing_blocker", b).path("details");
        assertThat(texts(missing.path("orphaned_blocker_job_ids"))).containsExactly(a);
        assertThat(texts(missing.path("blocker_job_ids"))).containsExactly(a);
        assertThat(texts(missing.path("blocked_tables"))).containsExactly("incident");
        assertThat(missing.path("queue_position").asInt()).isEqualTo(1);
        assertThat(codes(dryRun.json(), b)).contains("queued_job_promotable");
        assertThat(afterDryRun).as("the dry run changed nothing").isEqualTo("queued/queued_scope_lock");

        assertThat(apply.status()).as(apply.toString()).isEqualTo(200);
        assertThat(texts(apply.json().path("promoted_job_ids"))).containsExactly(b);
        assertThat(runningIds(apply.json().path("lock_state_after"))).containsExactly(b);
        assertThat(queuedIds(apply.json().path("lock_state_after"))).isEmpty();
        assertThat(world.status(b)).isEqualTo("running/none");
        assertThat(world.lockRows(a)).isEmpty();
        assertThat(world.lockRows(b)).containsExactly("held:incident");
        assertThat(world.status(a)).as("the terminal job is not touched").isEqualTo("failed/failed_internal_error");
    }

    /**
     * Deviations S14, S44: a completion and a reconcile both start a queued job only while its source mapping is
     * active; while the instance is suspended the job stays queued, saying why, and keeps its place.
     */
    @Test
    void aQueuedJobOfASuspendedInstanceStartsNeitherByACompletionNorByAReconcileUntilItIsActiveAgain()
            throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.registryStates(tenant, "active", "active", "suspended");

        assertThat(world.complete(tenant, SN, a)).isEmpty();

        assertThat(world.status(b)).isEqualTo("queued/blocked_unknown_source_mapping");
        assertThat(world.lockRows(b)).hasSize(1).allMatch(row -> row.startsWith("queued:incident@"));
        Map<String, String> withheld = world.events(b).getLast();
        assertThat(withheld.get("event_type")).isEqualTo("job_queued");
        assertThat(withheld.get("reason_code")).isEqualTo("blocked_unknown_source_mapping");
        JsonNode details = Json.parse(withheld.get("details"));
        assertThat(details.path("start_withheld").asBoolean()).isTrue();
        assertThat(details.path("source_mapping_message").asText()).contains("instance suspended");
        int events = world.events(b).size();

        world.advance(Duration.ofMinutes(1));
        QueueWorld.Answer dryRun = world.reconcile(scoped());
        QueueWorld.Answer stillSuspended = world.reconcile(scoped().put("dry_run", false));

        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        JsonNode promotable = anomaly(dryRun.json(), "queued_job_promotable", b).path("details");
        assertThat(promotable.path("start_withheld_reason_code").asText()).isEqualTo("blocked_unknown_source_mapping");
        assertThat(dryRun.json().path("promoted_jobs")).isEmpty();
        assertThat(dryRun.json().at("/lock_state_after/queued_jobs/0/reasonCode").asText())
                .isEqualTo("blocked_unknown_source_mapping");
        assertThat(stillSuspended.status()).as(stillSuspended.toString()).isEqualTo(200);
        assertThat(stillSuspended.json().path("promoted_job_ids")).isEmpty();
        assertThat(world.status(b)).isEqualTo("queued/blocked_unknown_source_mapping");
        assertThat(world.events(b)).as("nothing changed, nothing recorded").hasSize(events);

        world.registryStates(tenant, "active", "active", "active");
        QueueWorld.Answer active = world.reconcile(scoped().put("dry_run", false));

        assertThat(texts(active.json().path("promoted_job_ids"))).containsExactly(b);
        assertThat(world.status(b)).isEqualTo("running/none");
        assertThat(world.lockRows(b)).containsExactly("held:incident");
        Map<String, String> started = world.events(b).getLast();
        assertThat(started.get("event_type")).isEqualTo("job_started");
        assertThat(Json.parse(started.get("details"))).isEqualTo(Json.parse(
                "{\"promoted_from_queue\":true,\"reconcile_operation\":true}"));
        assertThat(started.get("actor_type") + "/" + started.get("actor_id")).isEqualTo("service/admin_token");
    }

    @Test
    void aGenuinelyActiveBlockerPromotesNobody() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        int events = world.events(b).size();

        QueueWorld.Answer dryRun = world.reconcile(scoped());
        QueueWorld.Answer apply = world.reconcile(scoped().put("dry_run", false));

        assertThat(dryRun.json().path("anomalies")).isEmpty();
        assertThat(apply.status()).as(apply.toString()).isEqualTo(200);
        assertThat(apply.json().path("anomalies")).isEmpty();
        assertThat(apply.json().path("promoted_jobs")).isEmpty();
        assertThat(world.status(b)).isEqualTo("queued/queued_scope_lock");
        assertThat(world.events(b)).hasSize(events);
    }

    @Test
    void aRunningJobThatCollidesWithAnEarlierHolderIsRequeued() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(1));
        // drift: b "started" without its keys while a still holds them
        world.sql("DELETE FROM rez_restore.lock_queue WHERE job_id = ?", b);
        world.sql("UPDATE rez_restore.jobs SET status = 'running', status_reason_code = 'none', started_at = ?"
                + " WHERE job_id = ?", world.now().atOffset(UTC), b);
        String seq = world.job(b).get("enqueued_seq");

        QueueWorld.Answer apply = world.reconcile(scoped().put("dry_run", false));

        assertThat(apply.status()).as(apply.toString()).isEqualTo(200);
        assertThat(codes(apply.json(), b)).contains("lock_membership_mismatch", "active_job_conflicts_requeued");
        assertThat(world.status(b)).isEqualTo("queued/queued_scope_lock");
        assertThat(world.job(b).get("started_at")).isNull();
        assertThat(world.lockRows(b)).containsExactly("queued:incident@" + seq);
        Map<String, String> queued = world.events(b).getLast();
        assertThat(queued.get("event_type")).isEqualTo("job_queued");
        assertThat(Json.parse(queued.get("details"))).isEqualTo(Json.parse(
                "{\"blocked_tables\":[\"incident\"],\"queue_position\":1,\"reconcile_operation\":true}"));
    }

    @Test
    void aScopedReconcileNeverReadsForUpdateOrRewritesAnotherScope() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        String foreign = id("foreign");
        world.create(tenant, "sn-2", foreign, "incident");
        // drift in the other scope: its running job lost its holds
        world.sql("DELETE FROM rez_restore.lock_holds WHERE job_id = ?", foreign);
        world.advance(Duration.ofMinutes(10));
        var foreignBefore = List.of(world.job(foreign), world.lockRows(foreign), world.events(foreign));

        // another transaction holds the foreign scope's advisory lock and its job row: touching either would block
        try (Connection other = world.service.owner().getConnection()) {
            other.setAutoCommit(false);
            new PostgresLockManager().lockScope(other, new LockScope(tenant, QueueWorld.INSTANCE, "sn-2"));
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT 1 FROM rez_restore.jobs WHERE job_id = ? FOR UPDATE")) {
                lock.setString(1, foreign);
                lock.executeQuery().close();
            }

            ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis());
            QueueWorld.Answer reset = world.reset(body);

            assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
            assertThat(reset.json().path("forced_transitions")).hasSize(2);
            for (JsonNode entry : reset.json().path("lock_state_before").path("running_jobs")) {
                assertThat(entry.path("source").asText()).isEqualTo(SN);
            }
            other.rollback();
        }
        assertThat(List.of(world.job(foreign), world.lockRows(foreign), world.events(foreign)))
                .isEqualTo(foreignBefore);
        assertThat(world.lockRows(foreign)).isEmpty();

        // a tenant-wide dry run still sees (and reports) the foreign drift, without changing it
        ObjectNode tenantWide = Json.mapper().createObjectNode();
        tenantWide.putObject("scope").put("tenant_id", tenant);
        QueueWorld.Answer dryRun = world.reconcile(tenantWide);
        assertThat(codes(dryRun.json(), foreign)).containsExactly("lock_membership_mismatch");
        assertThat(world.lockRows(foreign)).isEmpty();
    }

    @Test
    void aTokenAdminIsRecordedAsTheUserActor() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        world.advance(Duration.ofMinutes(10));
        String token = DevTokenIssuer.hs256(TestKeys.HS256_SECRET,
                world.service.clock()).issue(TokenRequest.rrs(
                new ResourceScope(tenant, QueueWorld.INSTANCE, SN), "ops.jane",
                Optional.of(Set.of(Capability.ADMIN)),
                Duration.ofMinutes(5)));
        ObjectNode body = scoped().put("dry_run", false).put("stale_after_ms", FIVE_MINUTES.toMillis());
        body.putArray("preserve_stale_job_ids").add(b);

        QueueWorld.Answer answer = world.post(QueueAdminRoutes.RESET_PATH, Json.write(body),
                Optional.empty(), Optional.of(token));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Map<String, String> failed = world.events(a).getLast();
        assertThat(failed.get("actor_type") + "/" + failed.get("actor_id")).isEqualTo("user/ops.jane");
        Map<String, String> started = world.events(b).getLast();
        assertThat(started.get("actor_type") + "/" + started.get("actor_id")).isEqualTo("user/ops.jane");
    }

    @Test
    void aTokenAdminIsConfinedToItsOwnScope() throws Exception {
        String a = id("a");
        String b = id("b");
        blockerAndQueued(a, b);
        String token = DevTokenIssuer.hs256(TestKeys.HS256_SECRET,
                world.service.clock()).issue(TokenRequest.rrs(
                new ResourceScope(tenant, QueueWorld.INSTANCE, SN), "ops.jane",
                Optional.of(Set.of(Capability.ADMIN)),
                Duration.ofMinutes(5)));
        ObjectNode foreign = Json.mapper().createObjectNode();
        foreign.putObject("scope").put("tenant_id", "tenant-someone-else");
        ObjectNode unscoped = Json.mapper().createObjectNode();

        QueueWorld.Answer refused = world.post(QueueAdminRoutes.RECONCILE_PATH, Json.write(foreign),
                Optional.empty(), Optional.of(token));
        QueueWorld.Answer own = world.post(QueueAdminRoutes.RECONCILE_PATH, Json.write(unscoped),
                Optional.empty(), Optional.of(token));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("scope_blocked");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        // the missing scope fields were filled with the token's own: only its source was examined
        assertThat(own.json().path("scope").path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(own.json().path("scope").path("source").asText()).isEqualTo(SN);
        assertThat(own.json().path("totals").path("jobs_in_scope").asInt()).isEqualTo(2);
    }
}
