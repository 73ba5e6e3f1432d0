package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rezilient.restore.contracts.audit.ActorType;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.locks.JobRef;
import io.rezilient.restore.service.locks.PostgresLockManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * Creates and ends jobs on the caller's connection and transaction exactly as the job service does
 * ({@link JobTransitions} over {@link JobStateMachine} and {@link PostgresLockManager}), for the lock manager and
 * queue tests that drive jobs without HTTP or plans. The source-mapping check is the caller's: a completion here
 * lets every job start that the fairness rule lets start, unless a {@link StartPermission} says otherwise.
 */
public final class JobDriver {
    public static final AuditActor ACTOR = new AuditActor(ActorType.USER, "alice", null);
    private static final String PLAN_HASH = "a".repeat(64);

    private final Clock clock;
    private final PostgresLockManager locks = new PostgresLockManager();
    private final JobTransitions transitions;

    public JobDriver(Clock clock) {
        this.clock = clock;
        this.transitions = new JobTransitions(locks, new JobStateMachine(new JobEventLog(clock)), clock);
    }

    /** Creates {@code job} asking for {@code tables} (as given: the lock manager normalises them). */
    public JobTransitions.Created create(Connection connection, JobRef job, List<String> tables) throws SQLException {
        return transitions.create(connection, new NewJob(job.jobId(), job.tenantId(), job.instanceId(), job.source(),
                "plan-1", PLAN_HASH, tables, List.of("restore_execute"), ACTOR.id(), clock.instant(),
                JsonNodeFactory.instance.objectNode()), ACTOR);
    }

    /**
     * Completes a job with every start allowed; returns the jobs its release started, or nothing when the job was
     * terminal already (another transaction completed it first).
     */
    public List<String> complete(Connection connection, String jobId) throws SQLException {
        return end(connection, jobId, StartPermission.allowed());
    }

    /** As {@link #complete}, starting only what {@code permission} lets start. */
    public List<String> end(Connection connection, String jobId, StartPermission permission) throws SQLException {
        Job job = find(connection, jobId);
        // as the job service: the scope lock first, then the job as it is under it
        locks.lockScope(connection, job.ref().scope());
        Job current = JobSql.findForUpdate(connection, job.scope(), jobId).orElseThrow();
        if (current.status().isTerminal()) {
            return List.of();
        }
        return transitions.terminate(connection, current, JobStatus.COMPLETED, ReasonCode.NONE.wire(), permission,
                ACTOR).promotedJobIds();
    }

    private static Job find(Connection connection, String jobId) throws SQLException {
        return JobSql.findAll(connection, List.of(jobId)).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
    }
}
