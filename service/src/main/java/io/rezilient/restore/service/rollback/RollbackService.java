package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.restore.ApprovalMetadata;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.auth.CapabilityGrantsUnavailableException;
import io.rezilient.restore.service.auth.EffectiveCapabilities;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.jobs.Job;
import io.rezilient.restore.service.jobs.JobDatabase;
import io.rezilient.restore.service.jobs.JobErrors;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobService;
import io.rezilient.restore.service.jobs.JobSql;
import io.rezilient.restore.service.jobs.JobStateMachine;
import io.rezilient.restore.service.jobs.JobStoreUnavailableException;
import io.rezilient.restore.service.jobs.JobTransitions;
import io.rezilient.restore.service.jobs.JobView;
import io.rezilient.restore.service.jobs.NewJob;
import io.rezilient.restore.service.locks.LockScope;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.plans.ComposedPlans;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PlanStoreUnavailableException;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /v1/jobs/{id}/rollback} (ours, architecture §5 item 5): undoes a completed or failed job from its
 * rollback journal with a new, audited job.
 *
 * <p>Checks, in order: the job is visible (404 like a missing one); the body (400); the job is {@code completed} or
 * {@code failed} and ran an execution (409); the source mapping (403/503, as job creation); the journal against the
 * caller's report of the target ({@link UndoDecisions}: 400/409); the caller's credentials hold
 * {@code restore_execute}, and {@code restore_delete} when the undo deletes (403). Then one transaction, under the
 * scope lock, refuses while another undo of the job has not ended (409: the target is about to change), writes the
 * undo plan ({@link UndoPlan}) and creates its job through the normal creation transition (locks, queueing, events),
 * the {@code job_created} event naming the job it rolls back.
 */
public final class RollbackService {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackService.class);
    /** Generated undo plan ids: {@value #PLAN_PREFIX}{@code <first 8 of the job's uuid>-<n>}. */
    static final String PLAN_PREFIX = "undo-";

    private final JobDatabase database;
    private final PlanStore plans;
    private final SourceMappingEnforcement sourceMappings;
    private final PostgresLockManager locks;
    private final EffectiveCapabilities capabilities;
    private final JobTransitions transitions;
    private final Clock clock;

    public RollbackService(JobDatabase database, PlanStore plans, SourceMappingEnforcement sourceMappings,
                           PostgresLockManager locks, JobEventLog events, EffectiveCapabilities capabilities,
                           Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.sourceMappings = Objects.requireNonNull(sourceMappings, "sourceMappings");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transitions = new JobTransitions(locks, new JobStateMachine(events), clock);
    }

    /** What a rollback created: the undo job, its plan and the job it undoes. */
    public record Created(JobView job, String planId, String planHash, ObjectNode actionCounts,
                          String rollbackOfJobId) {
        /** {@code {job, plan: {plan_id, plan_hash, action_counts}, rollback_of_job_id}}. */
        public ObjectNode toJson() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("job", job.toJson());
            body.putObject("plan").put("plan_id", planId).put("plan_hash", planHash)
                    .set("action_counts", actionCounts.deepCopy());
            body.put("rollback_of_job_id", rollbackOfJobId);
            return body;
        }
    }

    public Created rollback(Principal caller, String jobId, JsonNode body) {
        Job undone = read(connection -> JobSql.find(connection, caller.scope(), jobId))
                .orElseThrow(RollbackErrors::notFound);
        RollbackRequest request = RollbackRequest.parse(body);
        if (undone.status() != JobStatus.COMPLETED && undone.status() != JobStatus.FAILED) {
            throw RollbackErrors.notTerminal(jobId, undone.status().wire());
        }
        // a job forced terminal mid-execution keeps a paused execution: its journal is final all the same
        RollbackSql.ExecutionFacts execution = read(connection -> RollbackSql.execution(connection, jobId))
                .orElseThrow(() -> RollbackErrors.noExecution(jobId));
        sourceMappings.enforce(undone.scope());
        List<JournalEntry> journal = read(connection -> RollbackSql.journal(connection, jobId));
        if (journal.isEmpty()) {
            throw RollbackErrors.nothingToUndo("job " + jobId + " applied no row: its rollback journal is empty");
        }
        List<UndoDecisions.Undo> undos = UndoDecisions.decide(journal, request);
        if (undos.isEmpty()) {
            throw RollbackErrors.nothingToUndo("nothing to undo: every journaled record is skipped or already as it"
                    + " was before job " + jobId);
        }
        PlanKey undonePlan = new PlanKey(undone.tenantId(), undone.instanceId(), undone.source(), undone.planId());
        PlanHeader undonePlanHeader = undonePlan(undonePlan);
        Map<String, ObjectNode> deleteValues = read(connection -> RollbackSql.rowValues(connection, undonePlan,
                undos.stream().filter(undo -> undo.action() == PlanRowAction.DELETE)
                        .map(undo -> undo.entry().planRowId()).toList()));
        requireDeleteValues(undos, deleteValues);
        boolean deletes = undos.stream().anyMatch(undo -> undo.action() == PlanRowAction.DELETE);
        List<String> required = requireCapabilities(caller, deletes);
        UndoPlan.Undone what = new UndoPlan.Undone(jobId, undone.planId(), undone.planHash(),
                undonePlanHeader.plan().path("execution_options").deepCopy(), execution.startedAt());
        String fingerprint = fingerprint(jobId, body);
        AuditActor actor = JobService.actorOf(caller);
        Instant now = clock.instant();
        Created created = write("create rollback job", connection -> {
            locks.lockScope(connection, new LockScope(caller.tenantId(), caller.instanceId(), caller.source()));
            Optional<String> running = RollbackSql.activeUndo(connection, undonePlan, jobId);
            if (running.isPresent()) {
                throw RollbackErrors.undoInProgress(jobId, running.get());
            }
            String planId = planId(connection, undone, request.planId());
            UndoPlan plan = UndoPlan.of(new PlanKey(undone.tenantId(), undone.instanceId(), undone.source(), planId),
                    what, undos, deleteValues, fingerprint, caller.subject(), now);
            ComposedPlans.insert(connection, plan.key(), plan.header(), plan.rows());
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("rollback_of_job_id", jobId)
                    .put("rollback_of_plan_id", undone.planId()).put("rollback_of_plan_hash", undone.planHash());
            NewJob job = new NewJob("job_" + UUID.randomUUID(), undone.tenantId(), undone.instanceId(),
                    undone.source(), planId, plan.planHash(), plan.tables(), required, caller.subject(), now,
                    ApprovalMetadata.placeholder(ApprovalMetadata.PlaceholderReason.ENFORCEMENT_NOT_CONFIGURED)
                            .toJson(), details);
            JobTransitions.Created admitted = transitions.create(connection, job, actor);
            return new Created(admitted.job(), planId, plan.planHash(), plan.actionCounts(), jobId);
        });
        LOG.atInfo().setMessage("rollback job created").addKeyValue("job_id", created.job().job().jobId())
                .addKeyValue("rollback_of_job_id", jobId).addKeyValue("plan_id", created.planId())
                .addKeyValue("rows", undos.size()).addKeyValue("status", created.job().job().status().wire())
                .addKeyValue("actor", caller.subject()).log();
        return created;
    }

    /** The undone plan, whose execution options the undo keeps. */
    private PlanHeader undonePlan(PlanKey key) {
        try {
            return plans.findHeader(key).filter(plan -> plan.state() == ReconciliationState.FINALIZED)
                    .orElseThrow(() -> RollbackErrors.nothingToUndo("the plan " + key.planId()
                            + " of the job is no longer stored; its journal cannot be turned into a plan"));
        } catch (PlanStoreUnavailableException failed) {
            throw JobErrors.storeUnavailable(failed);
        }
    }

    /** A delete row carries the undone row's ciphertext (the plan contract's rule); an undone row without is refused. */
    private static void requireDeleteValues(List<UndoDecisions.Undo> undos, Map<String, ObjectNode> values) {
        List<ObjectNode> without = undos.stream()
                .filter(undo -> undo.action() == PlanRowAction.DELETE && !values.containsKey(undo.entry().planRowId()))
                .map(undo -> JsonNodeFactory.instance.objectNode().put("row_id", undo.entry().planRowId())
                        .put("journal_id", undo.entry().journalId()).put("table", undo.entry().table())
                        .put("record_sys_id", undo.entry().recordSysId())
                        .put("restore_action", undo.entry().action()).put("before_image_source", "target"))
                .toList();
        if (!without.isEmpty()) {
            throw RollbackErrors.imageUnavailable(without, List.of());
        }
    }

    /** {@code restore_execute}, plus {@code restore_delete} when the undo deletes; returns them sorted. */
    private List<String> requireCapabilities(Principal caller, boolean deletes) {
        Set<String> required = new TreeSet<>();
        required.add(Capability.RESTORE_EXECUTE.wire());
        if (deletes) {
            required.add(Capability.RESTORE_DELETE.wire());
        }
        Set<String> held = new HashSet<>();
        try {
            capabilities.of(caller).forEach(capability -> held.add(capability.wire()));
        } catch (CapabilityGrantsUnavailableException outage) {
            throw RollbackErrors.grantsUnavailable(outage);
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(held);
        if (!missing.isEmpty()) {
            throw RollbackErrors.missingCapability(missing);
        }
        return List.copyOf(required);
    }

    /** The body's plan id if free, else 409; or the next free {@code undo-<short>-<n>} (under the scope lock). */
    private static String planId(Connection connection, Job undone, Optional<String> requested)
            throws SQLException {
        PlanKey scope = new PlanKey(undone.tenantId(), undone.instanceId(), undone.source(), "scope");
        if (requested.isPresent()) {
            if (ComposedPlans.exists(connection, new PlanKey(undone.tenantId(), undone.instanceId(),
                    undone.source(), requested.get()))) {
                throw RollbackErrors.planIdInUse(requested.get());
            }
            return requested.get();
        }
        String prefix = PLAN_PREFIX + shortId(undone.jobId()) + "-";
        Set<String> taken = new HashSet<>(RollbackSql.planIdsStartingWith(connection, scope, prefix));
        for (int n = 1; ; n++) {
            if (!taken.contains(prefix + n)) {
                return prefix + n;
            }
        }
    }

    /** The first 8 characters of the job id after its {@code job_} prefix (the UUID's first group). */
    static String shortId(String jobId) {
        String bare = jobId.startsWith("job_") ? jobId.substring(4) : jobId;
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < bare.length() && safe.length() < 8; i++) {
            char c = bare.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 128) {
                safe.append(Character.toLowerCase(c));
            }
        }
        return safe.isEmpty() ? "job" : safe.toString();
    }

    /** The plan's request fingerprint: what was undone and what the caller reported and resolved. */
    private static String fingerprint(String jobId, JsonNode body) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("rollback_of_job_id", jobId);
        input.set("request", body.deepCopy());
        return CanonicalJson.sha256Of(input);
    }

    private <T> T read(JobDatabase.Work<T> work) {
        return unavailableAs503(() -> database.read("read rollback inputs", work));
    }

    private <T> T write(String what, JobDatabase.Work<T> work) {
        return unavailableAs503(() -> database.inTransaction(what, work));
    }

    private static <T> T unavailableAs503(Supplier<T> work) {
        try {
            return work.get();
        } catch (JobStoreUnavailableException failed) {
            throw JobErrors.storeUnavailable(failed);
        }
    }
}
