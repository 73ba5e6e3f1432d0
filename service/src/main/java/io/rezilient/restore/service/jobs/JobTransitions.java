package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.audit.LegacyJobEventType;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.locks.PostgresLockManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The job transitions that change locks (service-spec §5.3), each one step on the caller's transaction: the job
 * row, its lock rows, the jobs a release promotes and every resulting event change together or not at all.
 * Callers must have taken the scope lock ({@link PostgresLockManager#lockScope}) before locking any job row.
 */
public final class JobTransitions {
    private final PostgresLockManager locks;
    private final JobEventLog events;
    private final Clock clock;

    public JobTransitions(PostgresLockManager locks, JobEventLog events, Clock clock) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a terminal transition did: the job as it is now and the jobs its release started, in FIFO order. */
    public record Terminated(Job job, List<String> promotedJobIds) {
        public Terminated {
            Objects.requireNonNull(job, "job");
            promotedJobIds = List.copyOf(promotedJobIds);
        }
    }

    /**
     * Makes a non-terminal job terminal: releases its locks (promoting whoever can now run), sets status, reason and
     * {@code completed_at}, and records the terminal event ({@code details}: {@code released_locks}, whether it held
     * keys; {@code promoted_job_ids}; plus {@code extraDetails}) and a {@code job_started} for every promoted job.
     *
     * @throws IllegalStateException when the job is already terminal (the caller checked under the row lock)
     */
    public Terminated terminate(Connection connection, Job job, JobStatus status, String reasonCode,
                                ObjectNode extraDetails, AuditActor actor) throws SQLException {
        if (job.status().isTerminal()) {
            throw new IllegalStateException("job " + job.jobId() + " is already " + job.status().wire());
        }
        boolean heldLocks = job.status() == JobStatus.RUNNING || job.status() == JobStatus.PAUSED;
        List<String> promoted = locks.release(connection, job.jobId());
        Instant now = clock.instant();
        if (!JobSql.markTerminal(connection, job.jobId(), status, reasonCode, now)) {
            throw new IllegalStateException("job " + job.jobId() + " stopped being non-terminal under its row lock");
        }
        Job terminal = job.terminal(status, reasonCode, now);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("released_locks", heldLocks);
        details.set("promoted_job_ids", JsonNodeFactory.instance.arrayNode().addAll(
                promoted.stream().map(JsonNodeFactory.instance::textNode).toList()));
        details.setAll(extraDetails);
        List<JobEventLog.Pending> pending = new ArrayList<>();
        pending.add(new JobEventLog.Pending(terminal, terminalEventType(status), reasonCode, details, actor));
        pending.addAll(startEvents(connection, promoted, JsonNodeFactory.instance.objectNode(), actor));
        events.append(connection, pending);
        return new Terminated(terminal, promoted);
    }

    /**
     * The {@code job_started} events of jobs a release promoted ({@code promoted_from_queue: true} plus
     * {@code extraDetails}), to append in the same transaction.
     */
    public List<JobEventLog.Pending> startEvents(Connection connection, List<String> promotedJobIds,
                                                 ObjectNode extraDetails, AuditActor actor) throws SQLException {
        List<JobEventLog.Pending> pending = new ArrayList<>();
        for (Job promoted : JobSql.findAll(connection, promotedJobIds)) {
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("promoted_from_queue", true);
            details.setAll(extraDetails);
            pending.add(new JobEventLog.Pending(promoted, LegacyJobEventType.JOB_STARTED, ReasonCode.NONE.wire(),
                    details, actor));
        }
        return pending;
    }

    /** The event that records a job becoming {@code status} (a terminal status). */
    public static LegacyJobEventType terminalEventType(JobStatus status) {
        return switch (status) {
            case COMPLETED -> LegacyJobEventType.JOB_COMPLETED;
            case FAILED -> LegacyJobEventType.JOB_FAILED;
            case CANCELLED -> LegacyJobEventType.JOB_CANCELLED;
            default -> throw new IllegalArgumentException("not a terminal status: " + status.wire());
        };
    }
}
