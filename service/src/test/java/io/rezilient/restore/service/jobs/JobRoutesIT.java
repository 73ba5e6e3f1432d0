package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditReplayOrder;
import io.rezilient.restore.contracts.audit.CrossServiceAuditEvent;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;
import io.rezilient.restore.service.registry.StateChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job routes (service-spec §3.4, §5.1–§5.4, §9; deviations S25–S31) over real HTTP and a real migrated
 * PostgreSQL, with plans made by the plan routes. Every test works in a source of its own. The runbook sections
 * "Queue Triage", "Lock Timeout Recovery" and "Stuck Job Cleanup" are followed step by step.
 */
class JobRoutesIT {
    private static final String INCIDENT = "incident";
    private static final String PROBLEM = "problem";
    private static final AtomicInteger SCOPES = new AtomicInteger();
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = Service.start("JobRoutesIT", work.resolve("objects"), env -> env);
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
        return new ResourceScope("tenant-acme", "jobs-" + n, "sn://jobs-" + n + ".service-now.com");
    }

    private static JobScenario registered() throws Exception {
        return JobScenario.registered(service, newScope());
    }

    private static void assertError(Answer answer, int status, String error, String reasonCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).as(answer.toString()).isEqualTo(error);
        if (reasonCode != null) {
            assertThat(answer.json().path("reason_code").asText()).as(answer.toString()).isEqualTo(reasonCode);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> eventTypes(Answer events) {
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        events.json().path("events").forEach(event -> types.add(event.path("event_type").asText()));
        return types;
    }

    private static JsonNode lastEvent(Answer events) {
        JsonNode all = events.json().path("events");
        return all.get(all.size() - 1);
    }

    // ---- creation, queueing, completion and promotion (runbooks: Queue Triage, Lock Timeout Recovery) --------

    @Test
    void overlappingJobsQueueFifoAndCompletingTheHolderPromotesTheNextInLine() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-main", INCIDENT, PROBLEM);

        JsonNode first = s.created("plan-main", hash, INCIDENT);
        JsonNode wide = s.created("plan-main", hash, PROBLEM, INCIDENT, " incident ");
        JsonNode narrow = s.created("plan-main", hash, PROBLEM);

        assertThat(first.path("status").asText()).isEqualTo("running");
        assertThat(first.path("status_reason_code").asText()).isEqualTo("none");
        assertThat(first.path("queue_position").isNull()).isTrue();
        assertThat(first.path("started_at").asText()).isEqualTo("2026-11-24T12:00:00.000Z");
        assertThat(first.path("plan_hash").asText()).isEqualTo(hash);
        assertThat(first.path("contract_version").asText()).isEqualTo("restore.contracts.v1");
        assertThat(first.path("metadata_allowlist_version").asText()).isEqualTo("rrs.metadata.allowlist.v1");
        // normalised: trimmed, de-duplicated, sorted
        assertThat(texts(wide.path("lock_scope_tables"))).containsExactly(INCIDENT, PROBLEM);
        assertThat(wide.path("status").asText()).isEqualTo("queued");
        assertThat(wide.path("status_reason_code").asText()).isEqualTo("queued_scope_lock");
        assertThat(wide.path("wait_reason_code").asText()).isEqualTo("queued_scope_lock");
        assertThat(wide.path("queue_position").asInt()).isEqualTo(1);
        assertThat(texts(wide.path("wait_tables"))).containsExactly(INCIDENT);
        assertThat(texts(wide.path("wait_blocker_job_ids"))).containsExactly(first.path("job_id").asText());
        assertThat(wide.path("started_at").isNull()).isTrue();
        // head-of-line: problem is free, but the older queued job waits for it (deviation S25)
        assertThat(narrow.path("status").asText()).isEqualTo("queued");
        assertThat(narrow.path("queue_position").asInt()).isEqualTo(2);
        assertThat(texts(narrow.path("wait_tables"))).containsExactly(PROBLEM);
        assertThat(texts(narrow.path("wait_blocker_job_ids"))).containsExactly(wide.path("job_id").asText());

        // Lock Timeout Recovery step 3: mark the stuck holder failed
        service.clock().advance(Duration.ofMinutes(5));
        Answer failed = s.complete(first.path("job_id").asText(), "failed", "failed_internal_error");

        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        JsonNode terminal = failed.json().path("job");
        assertThat(terminal.path("status").asText()).isEqualTo("failed");
        assertThat(terminal.path("status_reason_code").asText()).isEqualTo("failed_internal_error");
        assertThat(terminal.path("completed_at").asText()).isEqualTo("2026-11-24T12:05:00.000Z");
        // step 4: the promotion is in the response and in the promoted job's events
        assertThat(texts(failed.json().path("promoted_job_ids"))).containsExactly(wide.path("job_id").asText());
        JsonNode promoted = s.job(wide.path("job_id").asText());
        assertThat(promoted.path("status").asText()).isEqualTo("running");
        assertThat(promoted.path("status_reason_code").asText()).isEqualTo("none");
        assertThat(promoted.path("queue_position").isNull()).isTrue();
        assertThat(promoted.path("wait_reason_code").isNull()).isTrue();
        assertThat(promoted.path("wait_tables")).isEmpty();
        assertThat(promoted.path("started_at").asText()).isEqualTo("2026-11-24T12:05:00.000Z");
        assertThat(eventTypes(s.events(wide.path("job_id").asText())))
                .containsExactly("job_created", "job_queued", "job_started");
        JsonNode started = lastEvent(s.events(wide.path("job_id").asText()));
        assertThat(started.path("details").path("promoted_from_queue").asBoolean()).isTrue();
        // the narrow job moved up and now waits for the promoted job, which holds problem
        JsonNode stillQueued = s.job(narrow.path("job_id").asText());
        assertThat(stillQueued.path("status").asText()).isEqualTo("queued");
        assertThat(stillQueued.path("queue_position").asInt()).isEqualTo(1);
        assertThat(texts(stillQueued.path("wait_blocker_job_ids"))).containsExactly(wide.path("job_id").asText());

        Answer completed = s.complete(wide.path("job_id").asText(), "completed", null);
        assertThat(texts(completed.json().path("promoted_job_ids"))).containsExactly(narrow.path("job_id").asText());
        assertThat(completed.json().path("job").path("status_reason_code").asText()).isEqualTo("none");
        assertThat(s.job(narrow.path("job_id").asText()).path("status").asText()).isEqualTo("running");
    }

    @Test
    void eventsRecordEveryTransitionAndTheCrossServiceStreamIsInReplayOrderWithTheActor() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-events", INCIDENT);
        JsonNode runner = s.created("plan-events", hash, INCIDENT);
        JsonNode waiter = s.created("plan-events", hash, INCIDENT);
        String runnerId = runner.path("job_id").asText();
        s.complete(runnerId, "completed", null);

        Answer legacy = s.events(runnerId);
        assertThat(eventTypes(legacy)).containsExactly("job_created", "job_started", "job_completed");
        JsonNode created = legacy.json().path("events").get(0);
        assertThat(created.path("event_id").asText()).matches("evt_[0-9a-f-]{36}");
        assertThat(created.path("job_id").asText()).isEqualTo(runnerId);
        assertThat(created.path("reason_code").asText()).isEqualTo("none");
        assertThat(created.path("details").path("plan_id").asText()).isEqualTo("plan-events");
        assertThat(texts(legacy.json().path("events").get(1).path("details").path("lock_scope_tables")))
                .containsExactly(INCIDENT);
        JsonNode done = lastEvent(legacy);
        assertThat(done.path("details").path("released_locks").asBoolean()).isTrue();
        assertThat(texts(done.path("details").path("promoted_job_ids"))).containsExactly(waiter.path("job_id").asText());
        JsonNode queued = s.events(waiter.path("job_id").asText()).json().path("events").get(1);
        assertThat(queued.path("event_type").asText()).isEqualTo("job_queued");
        assertThat(queued.path("reason_code").asText()).isEqualTo("queued_scope_lock");
        assertThat(texts(queued.path("details").path("blocked_tables"))).containsExactly(INCIDENT);
        assertThat(queued.path("details").path("queue_position").asInt()).isEqualTo(1);

        Answer audit = s.crossServiceEvents(runnerId);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        List<CrossServiceAuditEvent> events = new ArrayList<>();
        audit.json().path("events").forEach(event -> events.add(CrossServiceAuditEvent.fromJson(event)));
        AuditReplayOrder.requireReplayable(events);
        assertThat(events).extracting(e -> e.lifecycle().wire() + "/" + e.action() + "/" + e.outcome().wire())
                .containsExactly("plan/job_created/accepted", "execute/started/started",
                        "execute/completed/completed");
        // the same ids as the legacy stream, one per transition, and strictly increasing times (replay = history)
        assertThat(events).extracting(CrossServiceAuditEvent::eventId)
                .containsExactlyElementsOf(legacy.json().path("events").findValuesAsText("event_id"));
        assertThat(events.get(0).occurredAt()).isLessThan(events.get(1).occurredAt());
        JsonNode first = audit.json().path("events").get(0);
        assertThat(first.path("service").asText()).isEqualTo("rrs");
        assertThat(first.path("tenant_id").asText()).isEqualTo(s.scope().tenantId());
        assertThat(first.path("source").asText()).isEqualTo(s.scope().source());
        assertThat(first.path("plan_hash").asText()).isEqualTo(hash);
        assertThat(first.path("actor").path("type").asText()).isEqualTo("user");
        assertThat(first.path("actor").path("id").asText()).isEqualTo("operator-1");
        assertThat(first.path("metadata").path("legacy_event_type").asText()).isEqualTo("job_created");
        assertThat(first.has("reason_code")).as("reason none is omitted").isFalse();
        JsonNode waiterAudit = s.crossServiceEvents(waiter.path("job_id").asText()).json().path("events");
        assertThat(waiterAudit.get(1).path("action").asText()).isEqualTo("queued_for_lock");
        assertThat(waiterAudit.get(1).path("outcome").asText()).isEqualTo("queued");
        assertThat(waiterAudit.get(1).path("reason_code").asText()).isEqualTo("queued_scope_lock");
    }

    @Test
    void requesterIsTheTokenSubjectAndCallerApprovalIsReplacedByThePlaceholder() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-approval", INCIDENT);
        ObjectNode body = s.jobBody("plan-approval", hash, INCIDENT);
        body.put("requested_by", "someone.else@acme.example");
        body.putObject("approval").put("approval_required", true).put("approval_state", "approved");

        JsonNode job = s.createJob(body).json().path("job");

        assertThat(job.path("requested_by").asText()).isEqualTo("operator-1");
        assertThat(job.path("approval").path("approval_state").asText()).isEqualTo("placeholder_not_enforced");
        assertThat(job.path("approval").path("approval_decision_reason").asText())
                .isEqualTo("caller-supplied approval metadata is unverified");
        assertThat(s.created("plan-approval", hash, INCIDENT).path("approval").path("approval_decision_reason")
                .asText()).isEqualTo("approval enforcement is not configured in this stage");
    }

    @Test
    void jobsOnDisjointTablesOrOtherSourcesRunInParallel() throws Exception {
        JobScenario s = registered();
        JobScenario other = registered();
        String hash = s.finalizedPlan("plan-par", INCIDENT, PROBLEM);
        String otherHash = other.finalizedPlan("plan-par", INCIDENT);

        assertThat(s.created("plan-par", hash, INCIDENT).path("status").asText()).isEqualTo("running");
        assertThat(s.created("plan-par", hash, PROBLEM).path("status").asText()).isEqualTo("running");
        assertThat(other.created("plan-par", otherHash, INCIDENT).path("status").asText()).isEqualTo("running");
    }

    // ---- the source mapping at promotion (S14, S44, S45) -----------------------------------------------------------

    private static void setEntitlement(JobScenario s, LifecycleState state) {
        new PostgresSourceRegistry(service.owner()).setStates(s.scope().tenantId(), s.scope().instanceId(),
                new StateChange(Optional.empty(), Optional.of(state), Optional.empty()), "ops-admin")
                .orElseThrow();
    }

    @Test
    void aQueuedJobOfASuspendedEntitlementIsNotStartedAndStartsAtTheNextCreationOnceActiveAgain() throws Exception {
        JobScenario s = registered();
        JobScenario neighbour = registered();
        String hash = s.finalizedPlan("plan-suspend", INCIDENT, PROBLEM);
        String neighbourHash = neighbour.finalizedPlan("plan-suspend", INCIDENT);
        String holder = s.created("plan-suspend", hash, INCIDENT).path("job_id").asText();
        String next = s.created("plan-suspend", hash, INCIDENT).path("job_id").asText();
        String behind = s.created("plan-suspend", hash, PROBLEM, INCIDENT).path("job_id").asText();
        String neighbourHolder = neighbour.created("plan-suspend", neighbourHash, INCIDENT).path("job_id").asText();
        String neighbourNext = neighbour.created("plan-suspend", neighbourHash, INCIDENT).path("job_id").asText();

        setEntitlement(s, LifecycleState.SUSPENDED);
        service.clock().advance(Duration.ofMinutes(1));
        Answer done = s.complete(holder, "completed", null);

        // the completion itself goes through; only the start of the next job is withheld
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().path("job").path("status").asText()).isEqualTo("completed");
        assertThat(done.json().path("promoted_job_ids")).isEmpty();
        JsonNode withheld = s.job(next);
        assertThat(withheld.path("status").asText()).isEqualTo("queued");
        assertThat(withheld.path("status_reason_code").asText()).isEqualTo("blocked_unknown_source_mapping");
        assertThat(withheld.path("wait_reason_code").asText()).isEqualTo("blocked_unknown_source_mapping");
        assertThat(withheld.path("queue_position").asInt()).isEqualTo(1);
        assertThat(withheld.path("wait_tables")).isEmpty();
        assertThat(withheld.path("wait_blocker_job_ids")).isEmpty();
        assertThat(withheld.path("started_at").isNull()).isTrue();
        assertThat(eventTypes(s.events(next))).containsExactly("job_created", "job_queued", "job_queued");
        JsonNode event = lastEvent(s.events(next));
        assertThat(event.path("reason_code").asText()).isEqualTo("blocked_unknown_source_mapping");
        assertThat(event.path("details").path("start_withheld").asBoolean()).isTrue();
        assertThat(event.path("details").path("source_mapping_message").asText())
                .contains("entitlement suspended");
        // the job behind it still waits for its keys, which the withheld job keeps reserved
        JsonNode stillBehind = s.job(behind);
        assertThat(stillBehind.path("status_reason_code").asText()).isEqualTo("queued_scope_lock");
        assertThat(texts(stillBehind.path("wait_blocker_job_ids"))).containsExactly(next);
        // another instance's queue is a scope of its own: it never waits for this one
        assertThat(texts(neighbour.complete(neighbourHolder, "completed", null).json().path("promoted_job_ids")))
                .containsExactly(neighbourNext);
        // creation checks the mapping itself (§2.3)
        assertError(s.createJob(s.jobBody("plan-suspend", hash, PROBLEM)), 403, "scope_blocked",
                "blocked_unknown_source_mapping");

        setEntitlement(s, LifecycleState.ACTIVE);
        JsonNode newcomer = s.created("plan-suspend", hash, INCIDENT);

        JsonNode started = s.job(next);
        assertThat(started.path("status").asText()).isEqualTo("running");
        assertThat(started.path("status_reason_code").asText()).isEqualTo("none");
        assertThat(lastEvent(s.events(next)).path("details").path("promoted_from_queue").asBoolean()).isTrue();
        assertThat(newcomer.path("status").asText()).isEqualTo("queued");
        assertThat(newcomer.path("queue_position").asInt()).isEqualTo(2);
        // the new holder and the job ahead of it, sorted
        assertThat(texts(newcomer.path("wait_blocker_job_ids"))).containsExactlyElementsOf(
                List.of(behind, next).stream().sorted().toList());
        assertThat(s.job(behind).path("queue_position").asInt()).isEqualTo(1);
    }

    @Test
    void aRegistryOutageWithholdsTheStartButNotTheCompletionAndLeaksNothing() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-outage", INCIDENT, PROBLEM);
        String holder = s.created("plan-outage", hash, INCIDENT).path("job_id").asText();
        String next = s.created("plan-outage", hash, INCIDENT).path("job_id").asText();

        Answer done;
        registryOffline(true);
        try {
            done = s.complete(holder, "completed", null);
        } finally {
            registryOffline(false);
        }

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().path("promoted_job_ids")).isEmpty();
        JsonNode withheld = s.job(next);
        assertThat(withheld.path("status").asText()).isEqualTo("queued");
        assertThat(withheld.path("wait_reason_code").asText()).isEqualTo("blocked_auth_control_plane_outage");
        Answer events = s.events(next);
        assertThat(lastEvent(events).path("details").path("source_mapping_message").asText())
                .isEqualTo("the source registry could not be reached");
        assertThat(events.raw()).doesNotContain("source_registry_offline", "ERROR:", "relation");

        // the registry answers again: a job on a free table is admitted, and the withheld one starts with it
        JsonNode other = s.created("plan-outage", hash, PROBLEM);
        assertThat(other.path("status").asText()).isEqualTo("running");
        assertThat(s.job(next).path("status").asText()).isEqualTo("running");
    }

    /** Makes the source registry unreadable (as an unreachable database or ACP would be), or readable again. */
    private static void registryOffline(boolean offline) throws Exception {
        try (Connection connection = service.owner().getConnection();
             PreparedStatement statement = connection.prepareStatement(offline
                     ? "ALTER TABLE rez_restore.source_registry RENAME TO source_registry_offline"
                     : "ALTER TABLE rez_restore.source_registry_offline RENAME TO source_registry")) {
            statement.execute();
        }
    }

    // ---- Stuck Job Cleanup -------------------------------------------------------------------------------------

    @Test
    void aQueuedJobCancelledByTheOperatorLeavesTheQueueWithItsAuditTrail() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-cancel", INCIDENT);
        s.created("plan-cancel", hash, INCIDENT);
        JsonNode queued = s.created("plan-cancel", hash, INCIDENT);
        JsonNode behind = s.created("plan-cancel", hash, INCIDENT);
        String queuedId = queued.path("job_id").asText();

        Answer cancelled = s.complete(queuedId, "cancelled", null);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().path("promoted_job_ids")).isEmpty();
        JsonNode job = s.job(queuedId);
        assertThat(job.path("status").asText()).isEqualTo("cancelled");
        assertThat(job.path("queue_position").isNull()).isTrue();
        assertThat(job.path("wait_reason_code").isNull()).isTrue();
        assertThat(job.path("started_at").isNull()).isTrue();
        JsonNode terminal = lastEvent(s.events(queuedId));
        assertThat(terminal.path("event_type").asText()).isEqualTo("job_cancelled");
        assertThat(terminal.path("details").path("released_locks").asBoolean()).isFalse();
        // the job behind it moved up
        assertThat(s.job(behind.path("job_id").asText()).path("queue_position").asInt()).isEqualTo(1);
        assertError(s.complete(queuedId, "failed", null), 409, "already_terminal", null);
    }

    @Test
    void completeValidatesItsBodyAndAnswers404ForUnknownJobs() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-complete", INCIDENT);
        String jobId = s.created("plan-complete", hash, INCIDENT).path("job_id").asText();

        assertError(s.complete(jobId, "running", null), 400, "invalid_request", null);
        assertError(s.complete(jobId, "completed", "not_a_reason"), 400, "invalid_request", null);
        assertError(s.plans().send("POST", "/v1/jobs/" + jobId + "/complete", s.plans().token(),
                "{\"status\":\"completed\",\"force\":true}"), 400, "invalid_request", null);
        assertError(s.plans().send("POST", "/v1/jobs/" + jobId + "/complete", s.plans().token(), "[1]"), 400,
                "invalid_request", null);
        assertError(s.complete("job_missing", "completed", null), 404, "not_found",
                "blocked_unknown_source_mapping");
        assertThat(s.job(jobId).path("status").asText()).isEqualTo("running");
    }

    // ---- creation checks, in the reference's order -------------------------------------------------------------

    @Test
    void invalidBodiesAreRefusedWithInvalidRequest() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-invalid", INCIDENT);
        List<ObjectNode> bodies = new ArrayList<>();
        bodies.add((ObjectNode) s.jobBody("plan-invalid", hash, INCIDENT).without("plan_id"));
        bodies.add(s.jobBody("plan-invalid", "abc", INCIDENT));
        bodies.add(s.jobBody("plan-invalid", hash));
        bodies.add(s.jobBody("plan-invalid", hash, "   "));
        ObjectNode unknownCapability = s.jobBody("plan-invalid", hash, INCIDENT);
        unknownCapability.putArray("required_capabilities").add("restore_everything");
        bodies.add(unknownCapability);
        ObjectNode admin = s.jobBody("plan-invalid", hash, INCIDENT);
        admin.putArray("required_capabilities").add("rrs.admin");
        bodies.add(admin);
        bodies.add(s.jobBody("plan-invalid", hash, INCIDENT).put("extra", 1));

        for (ObjectNode body : bodies) {
            assertError(s.createJob(body), 400, "invalid_request", null);
        }
        assertError(s.plans().send("POST", "/v1/jobs", s.plans().token(), "{not json"), 400, "bad_request", null);
        assertThat(s.list("").json().path("jobs")).isEmpty();
    }

    @Test
    void creationChecksRunInTheReferenceOrderAndARefusalChangesNothing() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-checks", INCIDENT);
        String otherHash = "f".repeat(64);

        // scope before everything that needs the plan
        ObjectNode foreign = s.jobBody("plan-missing", otherHash, INCIDENT).put("tenant_id", "tenant-other");
        assertError(s.createJob(foreign), 403, "scope_blocked", "blocked_unknown_source_mapping");
        // no finalised plan: missing, or only a draft
        assertError(s.createJob(s.jobBody("plan-missing", hash, INCIDENT)), 409, "plan_missing",
                "blocked_plan_unavailable");
        Answer draft = s.plans().postDryRun(s.plans().dryRun("plan-draft", INCIDENT));
        String draftHash = draft.json().path("plan").path("plan_hash").asText();
        assertError(s.createJob(s.jobBody("plan-draft", draftHash, INCIDENT)), 409, "plan_missing",
                "blocked_plan_unavailable");
        // hash before tables
        assertError(s.createJob(s.jobBody("plan-checks", otherHash, "change_request")), 409, "plan_hash_mismatch",
                "blocked_plan_hash_mismatch");
        // tables must be the plan's (ours)
        Answer outside = s.createJob(s.jobBody("plan-checks", hash, INCIDENT, "change_request"));
        assertError(outside, 400, "invalid_request", null);
        assertThat(outside.json().path("message").asText()).contains("change_request");

        assertThat(s.list("").json().path("jobs")).as("no refusal created a job").isEmpty();
        // the checks passed: the same plan is accepted
        assertThat(s.created("plan-checks", hash, INCIDENT).path("status").asText()).isEqualTo("running");
    }

    @Test
    void aPreviewOnlyPlanCannotBecomeAJob() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-fresh", INCIDENT);
        s.created("plan-fresh", hash, INCIDENT);
        // the index falls behind: a new plan is preview-only (runbook "Dry-Run Preview-Only Plans")
        s.plans().event(INCIDENT, PlanScenario.sysId("stale"), "stale-1", "I",
                PlanScenario.PIT.minus(Duration.ofMinutes(5)), 0);
        s.plans().watermark(NOW.minus(Duration.ofHours(2)));
        Answer draft = s.plans().postDryRun(s.plans().dryRun("plan-stale", INCIDENT));
        Answer finalized = s.plans().postFinalize("plan-stale", PlanScenario.finalizeAll(draft.json(), "exists"));
        assertThat(finalized.json().path("gate").path("executability").asText()).isEqualTo("preview_only");
        String staleHash = finalized.json().path("plan").path("plan_hash").asText();

        Answer refused = s.createJob(s.jobBody("plan-stale", staleHash, INCIDENT));

        assertError(refused, 409, "plan_not_executable", "blocked_freshness_stale");
        assertThat(refused.json().path("message").asText()).isEqualTo("dry-run plan gate is not executable");
        assertThat(s.list("").json().path("jobs")).hasSize(1);
    }

    @Test
    void anUnregisteredSourceIsRefusedBeforeThePlanIsRead() throws Exception {
        JobScenario s = registered();
        PlanScenario stranger = PlanScenario.unregistered(service, newScope());
        ObjectNode body = s.jobBody("plan-x", "a".repeat(64), INCIDENT);
        body.put("instance_id", stranger.scope().instanceId()).put("source", stranger.scope().source());

        Answer refused = stranger.send("POST", "/v1/jobs", stranger.token(), Json.write(body));

        assertError(refused, 403, "scope_blocked", "blocked_unknown_source_mapping");
    }

    // ---- tenant isolation and listing ------------------------------------------------------------------------------

    @Test
    void anotherScopesJobAnswersExactlyLikeAMissingOne() throws Exception {
        JobScenario s = registered();
        JobScenario intruder = registered();
        String hash = s.finalizedPlan("plan-iso", INCIDENT);
        String jobId = s.created("plan-iso", hash, INCIDENT).path("job_id").asText();
        String token = intruder.plans().token();
        String[][] requests = {{"GET", "/v1/jobs/" + jobId, null}, {"GET", "/v1/jobs/" + jobId + "/events", null},
                {"GET", "/v1/jobs/" + jobId + "/events/cross-service", null},
                {"POST", "/v1/jobs/" + jobId + "/complete", "{\"status\":\"cancelled\"}"}};

        for (String[] request : requests) {
            Answer foreign = intruder.plans().send(request[0], request[1], token, request[2]);
            Answer missing = intruder.plans().send(request[0], request[1].replace(jobId, "job_nope"), token,
                    request[2]);
            assertError(foreign, 404, "not_found", "blocked_unknown_source_mapping");
            assertThat(new Answer(foreign.status(), foreign.raw().replace(jobId, "job_nope")).jsonWithoutRequestId())
                    .isEqualTo(missing.jsonWithoutRequestId());
        }
        assertThat(intruder.list("").json().path("jobs")).isEmpty();
        assertThat(s.job(jobId).path("status").asText()).isEqualTo("running");
    }

    @Test
    void aJobCannotBeCreatedFromAnotherScopesPlan() throws Exception {
        JobScenario owner = registered();
        JobScenario other = registered();
        String hash = owner.finalizedPlan("plan-shared-id", INCIDENT);

        // the other scope names its own scope (else 403) and the owner's plan id and hash: no such plan there
        Answer refused = other.createJob(other.jobBody("plan-shared-id", hash, INCIDENT));

        assertError(refused, 409, "plan_missing", "blocked_plan_unavailable");
        assertThat(refused.raw()).doesNotContain(owner.scope().instanceId());
        assertThat(other.list("").json().path("jobs")).isEmpty();
        assertThat(owner.list("").json().path("jobs")).isEmpty();
    }

    @Test
    void listingIsScopedFilteredByStatusAndPagedInFifoOrder() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-list", INCIDENT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(s.created("plan-list", hash, INCIDENT).path("job_id").asText());
        }

        Answer queuedPage = s.list("?status=queued&limit=2");
        assertThat(queuedPage.status()).as(queuedPage.toString()).isEqualTo(200);
        assertThat(queuedPage.json().path("jobs").findValuesAsText("job_id")).containsExactly(ids.get(1), ids.get(2));
        assertThat(queuedPage.json().path("jobs").findValuesAsText("queue_position")).containsExactly("1", "2");
        String cursor = queuedPage.json().path("next_cursor").asText();
        JsonNode rest = s.list("?status=queued&limit=2&cursor=" + cursor).json();
        assertThat(rest.path("jobs").findValuesAsText("job_id")).containsExactly(ids.get(3), ids.get(4));
        assertThat(rest.path("next_cursor").isNull()).as("the last page has no next page").isTrue();
        assertThat(s.list("?status=running").json().path("jobs").findValuesAsText("job_id"))
                .containsExactly(ids.get(0));
        assertThat(s.list("").json().path("jobs").findValuesAsText("job_id")).containsExactlyElementsOf(ids);

        assertError(s.list("?status=stuck"), 400, "invalid_request", null);
        assertError(s.list("?limit=0"), 400, "invalid_request", null);
        assertError(s.list("?limit=501"), 400, "invalid_request", null);
        assertError(s.list("?cursor=abc"), 400, "invalid_request", null);
    }

    // ---- durability and replicas -------------------------------------------------------------------------------------

    @Test
    void jobsLocksAndFifoOrderSurviveARestartAndAReplicaSeesTheSameState() throws Exception {
        JobScenario s = registered();
        String hash = s.finalizedPlan("plan-restart", INCIDENT);
        String runner = s.created("plan-restart", hash, INCIDENT).path("job_id").asText();
        String second = s.created("plan-restart", hash, INCIDENT).path("job_id").asText();
        String third = s.created("plan-restart", hash, INCIDENT).path("job_id").asText();

        try (Service replica = Service.on(service.db(), work.resolve("objects"), env -> env)) {
            JobScenario viaReplica = JobScenario.on(replica, s.scope());
            assertThat(viaReplica.job(second).path("queue_position").asInt()).isEqualTo(1);
            Answer done = viaReplica.complete(runner, "completed", null);
            assertThat(texts(done.json().path("promoted_job_ids"))).containsExactly(second);
        }
        // the first service never saw these changes in memory: it reads them
        assertThat(s.job(second).path("status").asText()).isEqualTo("running");
        assertThat(s.job(third).path("queue_position").asInt()).isEqualTo(1);
        assertThat(texts(s.complete(second, "completed", null).json().path("promoted_job_ids")))
                .containsExactly(third);
        assertThat(eventTypes(s.events(third))).containsExactly("job_created", "job_queued", "job_started");
    }
}
