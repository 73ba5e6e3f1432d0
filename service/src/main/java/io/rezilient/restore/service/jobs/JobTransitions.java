package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.locks.Admission;
import io.rezilient.restore.service.locks.LockDecision;
import io.rezilient.restore.service.locks.LockScope;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.locks.ScopeQueue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The job transitions that change locks (service-spec §5.3), each one step on the caller's transaction: the job
 * row ({@link JobStateMachine}), its lock rows ({@link PostgresLockManager}), the jobs the change lets start and
 * every resulting event change together or not at all. A caller that locks a job row of the scope itself takes the
 * scope lock first ({@link PostgresLockManager#lockScope}; see the lock manager's class comment on row-lock order).
 */
public final class JobTransitions {
    private final PostgresLockManager locks;
    private final JobStateMachine states;
    private final Clock clock;

    public JobTransitions(PostgresLockManager locks, JobStateMachine states, Clock clock) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a creation did: the new job with its queue fields, the lock manager's decision for it, and the older jobs
     * it let start, in FIFO order.
     */
    public record Created(JobView job, LockDecision decision, List<String> promotedJobIds) {
        public Created {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(decision, "decision");
            promotedJobIds = List.copyOf(promotedJobIds);
        }
    }

    /** What a terminal transition did: the job as it is now and the jobs its release started, in FIFO order. */
    public record Terminated(Job job, List<String> promotedJobIds) {
        public Terminated {
            Objects.requireNonNull(job, "job");
            promotedJobIds = List.copyOf(promotedJobIds);
        }
    }

    /**
     * Creates {@code requested}: it runs holding its tables when nothing blocks it, else it queues. The caller has
     * passed the source-mapping check (creation enforces it, §2.3), so the jobs of the scope whose start an earlier
     * check withheld start now too, before the new job is placed (they are older), recorded with
     * {@code promoted_from_queue: true}.
     */
    public Created create(Connection connection, NewJob requested, AuditActor actor) throws SQLException {
        Admission admission = locks.admit(connection, requested.ref(), requested.lockScopeTables());
        Instant now = clock.instant();
        Job job = states.admit(connection, requested, admission, now, actor);
        locks.enter(connection, admission, now);
        List<String> promoted = promote(connection, admission.job().scope(), admission.queue(),
                StartPermission.allowed(), now, actor);
        // the decision already knows the queue fields: no need to compute them again under the scope lock
        JobView view = switch (admission.decision()) {
            case LockDecision.Running running -> JobView.notQueued(job);
            case LockDecision.Queued queued -> new JobView(job, OptionalInt.of(queued.queuePosition()),
                    queued.blockers());
        };
        return new Created(view, admission.decision(), promoted);
    }

    /**
     * Makes a non-terminal job terminal: releases its locks, sets status, reason and {@code completed_at}, records
     * the terminal event ({@code released_locks}: whether it held keys; {@code promoted_job_ids}), then starts the
     * jobs the release lets start if {@code permission} allows it, or marks them withheld (S14).
     *
     * @throws IllegalStateException when the job is already terminal (the caller checked under the row lock)
     */
    public Terminated terminate(Connection connection, Job job, JobStatus status, String reasonCode,
                                StartPermission permission, AuditActor actor) throws SQLException {
        if (job.status().isTerminal()) {
            throw new IllegalStateException("job " + job.jobId() + " is already " + job.status().wire());
        }
        boolean heldLocks = job.status() == JobStatus.RUNNING || job.status() == JobStatus.PAUSED;
        ScopeQueue after = locks.release(connection, job.ref());
        Instant now = clock.instant();
        StartDecision decision = StartDecision.of(after, permission);
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("released_locks", heldLocks);
        details.putArray("promoted_job_ids").addAll(decision.startIds().stream()
                .map(JsonNodeFactory.instance::textNode).toList());
        // the terminal event first: per key, the holder's end precedes its successor's start in the history
        Job terminal = states.end(connection, job.jobId(), status, reasonCode, now, details, actor);
        apply(connection, job.ref().scope(), decision, now, actor);
        return new Terminated(terminal, decision.startIds());
    }

    private List<String> promote(Connection connection, LockScope scope, ScopeQueue queue,
                                 StartPermission permission, Instant now, AuditActor actor) throws SQLException {
        StartDecision decision = StartDecision.of(queue, permission);
        apply(connection, scope, decision, now, actor);
        return decision.startIds();
    }

    /** Carries out a {@link StartDecision}: lock rows and status of the jobs that start, reasons of the others. */
    private void apply(Connection connection, LockScope scope, StartDecision decision, Instant now,
                       AuditActor actor) throws SQLException {
        locks.grant(connection, scope, decision.start(), now);
        states.start(connection, decision.startIds(), now, JsonNodeFactory.instance.objectNode(), actor);
        if (decision.permission() instanceof StartPermission.Withheld withheld && !decision.withhold().isEmpty()) {
            states.waitFor(connection, decision.withhold(), withheld.reasonCode(), now,
                    JsonNodeFactory.instance.objectNode().put("start_withheld", true)
                            .put("source_mapping_message", withheld.message()), actor);
        }
        states.waitFor(connection, decision.waitForLocks(), ReasonCode.QUEUED_SCOPE_LOCK.wire(), now,
                JsonNodeFactory.instance.objectNode().put("start_withheld", false), actor);
    }
}
