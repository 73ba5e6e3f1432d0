package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.ActorType;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.audit.CrossServiceAuditEvent;
import io.rezilient.restore.contracts.restore.ApprovalMetadata;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.locks.LockScope;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.locks.ScopeQueue;
import io.rezilient.restore.service.plans.PlanFacts;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PlanStoreUnavailableException;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Restore jobs (service-spec §3.4, §5): creation with its checks in the reference's order, reads, listing and
 * completion. Every change is one transaction holding the job row, its lock rows and its events; the lock
 * manager's scope lock serialises changes of one (tenant, instance, source) across replicas.
 */
public final class JobService {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final JobDatabase database;
    private final PlanStore plans;
    private final SourceMappingEnforcement sourceMappings;
    private final PostgresLockManager locks;
    private final JobEventLog events;
    private final JobTransitions transitions;
    private final Clock clock;

    public JobService(JobDatabase database, PlanStore plans, SourceMappingEnforcement sourceMappings,
                      PostgresLockManager locks, JobEventLog events, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.sourceMappings = Objects.requireNonNull(sourceMappings, "sourceMappings");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transitions = new JobTransitions(locks, new JobStateMachine(events), clock);
    }

    /** The actor of a request made with a token: its subject. */
    public static AuditActor actorOf(Principal caller) {
        return new AuditActor(ActorType.USER, caller.subject(), null);
    }

    /**
     * Creates a job for a finalised, executable plan of the caller's scope and asks for its locks; the job is
     * {@code running} or {@code queued} when this returns. Checks, in order (§3.4): scope (403), source mapping
     * (403/503), plan store (503), plan exists and is finalised (409), plan hash (409), lock tables within the
     * plan's tables (400, ours), plan gate executable (409). A refused request changes nothing.
     */
    public JobView create(Principal caller, CreateJobRequest request) {
        if (!ScopeGuard.mayCreateIn(caller, request.resourceScope())) {
            throw JobErrors.scopeBlocked();
        }
        sourceMappings.enforce(request.resourceScope());
        PlanFacts plan = finalizedPlan(new PlanKey(request.tenantId(), request.instanceId(), request.source(),
                request.planId()));
        if (!plan.planHash().equals(request.planHash())) {
            throw JobErrors.planHashMismatch();
        }
        requireTablesWithinPlan(request.lockScopeTables(), plan);
        if (!Executability.EXECUTABLE.wire().equals(plan.executability())) {
            throw JobErrors.planNotExecutable(plan.gateReasonCode().isEmpty()
                    ? ReasonCode.BLOCKED_FRESHNESS_UNKNOWN.wire() : plan.gateReasonCode());
        }
        ApprovalMetadata approval = ApprovalMetadata.placeholder(request.callerSentApproval()
                ? ApprovalMetadata.PlaceholderReason.CALLER_SUPPLIED_UNVERIFIED
                : ApprovalMetadata.PlaceholderReason.ENFORCEMENT_NOT_CONFIGURED);
        // operator identity comes from the token (architecture §5 deviation 2); the body's requested_by is not trusted
        NewJob requested = new NewJob("job_" + UUID.randomUUID(), request.tenantId(), request.instanceId(),
                request.source(), request.planId(), plan.planHash(), request.lockScopeTables(),
                request.requiredCapabilities(), caller.subject(), clock.instant(), approval.toJson());
        AuditActor actor = actorOf(caller);
        JobTransitions.Created created = unavailableAs503(() -> database.inTransaction("create job",
                connection -> transitions.create(connection, requested, actor)));
        LOG.atInfo().setMessage("job created").addKeyValue("job_id", created.job().job().jobId())
                .addKeyValue("plan_id", created.job().job().planId())
                .addKeyValue("status", created.job().job().status().wire())
                .addKeyValue("promoted_job_ids", created.promotedJobIds())
                .addKeyValue("actor", caller.subject()).log();
        return created.job();
    }

    /** The job, if it exists in the caller's scope. */
    public Optional<JobView> find(Principal caller, String jobId) {
        return unavailableAs503(() -> database.read("read job", connection -> {
            Optional<Job> job = JobSql.find(connection, caller.scope(), jobId);
            return job.isEmpty() ? Optional.<JobView>empty() : Optional.of(JobView.of(connection, locks, job.get()));
        }));
    }

    /** The job's legacy events in insertion order, or empty when the caller cannot see the job. */
    public Optional<List<ObjectNode>> events(Principal caller, String jobId) {
        return unavailableAs503(() -> database.read("read job events", connection ->
                JobSql.find(connection, caller.scope(), jobId).isEmpty()
                        ? Optional.<List<ObjectNode>>empty()
                        : Optional.of(events.events(connection, jobId))));
    }

    /** The job's cross-service audit events in replay order, or empty when the caller cannot see the job. */
    public Optional<List<CrossServiceAuditEvent>> auditEvents(Principal caller, String jobId) {
        return unavailableAs503(() -> database.read("read job audit events", connection ->
                JobSql.find(connection, caller.scope(), jobId).isEmpty()
                        ? Optional.<List<CrossServiceAuditEvent>>empty()
                        : Optional.of(events.auditEvents(connection, jobId))));
    }

    /** A page of the caller's jobs in FIFO order. */
    public JobPage list(Principal caller, JobListQuery query) {
        return unavailableAs503(() -> database.read("list jobs", connection -> {
            List<JobSql.Listed> rows = JobSql.list(connection, caller.scope(), query.status(), query.afterSeq(),
                    query.limit() + 1);
            boolean more = rows.size() > query.limit();
            List<JobSql.Listed> page = more ? rows.subList(0, query.limit()) : rows;
            // every job of the page is of the caller's scope: its lock state is read once, if a job waits
            boolean anyQueued = page.stream().anyMatch(row -> row.job().status() == JobStatus.QUEUED);
            ScopeQueue queue = anyQueued ? locks.read(connection, scopeOf(caller)) : ScopeQueue.empty();
            List<JobView> views = new ArrayList<>(page.size());
            for (JobSql.Listed row : page) {
                views.add(JobView.in(queue, row.job()));
            }
            Optional<String> next = more ? Optional.of(Long.toString(page.getLast().enqueuedSeq())) : Optional.empty();
            return new JobPage(views, next);
        }));
    }

    /** A page of jobs and the cursor of the next page, if any. */
    public record JobPage(List<JobView> jobs, Optional<String> nextCursor) {
        public JobPage {
            jobs = List.copyOf(jobs);
            Objects.requireNonNull(nextCursor, "nextCursor");
        }
    }

    /**
     * Forces a non-terminal job (any status, queued included) terminal and releases its locks; the jobs that can
     * now run are promoted in the same transaction (§3.4, §5.3) — if the source mapping is active (S14). The mapping
     * is checked before the transaction (see {@link StartPermission}); a refusal or an outage does not stop the
     * completion, it only withholds the promotions, which the jobs' reason codes then show.
     */
    public JobTransitions.Terminated complete(Principal caller, String jobId, CompleteJobRequest request) {
        AuditActor actor = actorOf(caller);
        StartPermission permission = StartPermission.check(sourceMappings, caller.scope());
        JobTransitions.Terminated done = unavailableAs503(() -> database.inTransaction("complete job", connection -> {
            // the scope lock before the job row lock: promotion locks rows of other jobs of the scope
            locks.lockScope(connection, scopeOf(caller));
            Job job = JobSql.findForUpdate(connection, caller.scope(), jobId).orElseThrow(JobErrors::jobNotFound);
            if (job.status().isTerminal()) {
                throw JobErrors.alreadyTerminal(jobId, job.status().wire());
            }
            return transitions.terminate(connection, job, request.status(), request.reasonCode(), permission, actor);
        }));
        LOG.atInfo().setMessage("job completed").addKeyValue("job_id", jobId)
                .addKeyValue("status", request.status().wire()).addKeyValue("reason_code", request.reasonCode())
                .addKeyValue("promoted_job_ids", done.promotedJobIds())
                .addKeyValue("start_withheld", permission instanceof StartPermission.Withheld withheld
                        ? withheld.reasonCode() : null)
                .addKeyValue("actor", caller.subject()).log();
        return done;
    }

    private static LockScope scopeOf(Principal caller) {
        return new LockScope(caller.tenantId(), caller.instanceId(), caller.source());
    }

    private PlanFacts finalizedPlan(PlanKey key) {
        Optional<PlanFacts> plan;
        try {
            plan = plans.findFacts(key);
        } catch (PlanStoreUnavailableException failed) {
            throw JobErrors.planStoreUnavailable(failed);
        }
        return plan.filter(header -> header.state() == ReconciliationState.FINALIZED)
                .orElseThrow(JobErrors::planMissing);
    }

    private static void requireTablesWithinPlan(List<String> tables, PlanFacts plan) {
        TreeSet<String> planTables = new TreeSet<>();
        plan.scopeTables().forEach(table -> planTables.add(table.strip()));
        List<String> outside = tables.stream().filter(table -> !planTables.contains(table)).toList();
        if (!outside.isEmpty()) {
            throw JobErrors.tablesOutsidePlan(outside, List.copyOf(planTables));
        }
    }

    private static <T> T unavailableAs503(Supplier<T> work) {
        try {
            return work.get();
        } catch (JobStoreUnavailableException failed) {
            throw JobErrors.storeUnavailable(failed);
        }
    }
}
