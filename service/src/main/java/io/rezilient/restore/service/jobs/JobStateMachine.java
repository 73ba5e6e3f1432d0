package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.audit.LegacyJobEventType;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.locks.Admission;
import io.rezilient.restore.service.locks.LockDecision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one owner of job state: every change of a job's status, reason code, {@code started_at}/{@code completed_at}
 * and FIFO place is made here, one statement per {@link JobTransition}, on the caller's transaction, together with
 * the event that records it (service-spec §5.3, §5.4). Each statement guards on the transition's from-statuses and
 * returns the rows it changed, so the events describe exactly what was written and a job that was not in an allowed
 * status fails the transaction (the caller checked under the row or scope lock: a mismatch is a bug).
 *
 * <p>The lock rows that a transition implies (a running job holds its tables, a queued one waits for them, a
 * terminal one has none) are the lock manager's; the callers that change both in one transaction are
 * {@link JobTransitions} (creation, completion and the promotions they cause) and the queue reconciler.
 */
public final class JobStateMachine {
    private static final String RUNNING = JobStatus.RUNNING.wire();
    private static final String QUEUED = JobStatus.QUEUED.wire();
    private static final String NONE = ReasonCode.NONE.wire();
    private static final String QUEUED_SCOPE_LOCK = ReasonCode.QUEUED_SCOPE_LOCK.wire();
    /** Why a queued job waits: for keys, or because its start was withheld (the V10 CHECK on queued jobs). */
    private static final Set<String> WAIT_REASONS = waitReasons();

    private final JobEventLog events;

    public JobStateMachine(JobEventLog events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * {@link JobTransition#ADMIT}: inserts the new job as {@code admission} decided — running since {@code now}
     * (reason {@code none}) or queued ({@code queued_scope_lock}), at its FIFO place — and records
     * {@code job_created} ({@code plan_id} plus the request's {@code createdDetails}) and then {@code job_started}
     * ({@code lock_scope_tables}) or {@code job_queued} ({@code blocked_tables}, {@code queue_position}). The lock rows follow ({@code PostgresLockManager.enter}).
     */
    public Job admit(Connection connection, NewJob requested, Admission admission, Instant now, AuditActor actor)
            throws SQLException {
        if (!requested.jobId().equals(admission.job().jobId())) {
            throw new IllegalArgumentException("admission of " + admission.job().jobId() + " for "
                    + requested.jobId());
        }
        JobStatus status = admission.runs() ? JobStatus.RUNNING : JobStatus.QUEUED;
        JobTransition.ADMIT.requireTarget(status);
        Job job;
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.jobs (job_id, tenant_id, instance_id, source, plan_id, plan_hash, status,
                    status_reason_code, lock_scope_tables, required_capabilities, requested_by, requested_at,
                    approval, enqueued_seq, started_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                RETURNING\s""" + JobSql.COLUMNS)) {
            int i = 1;
            statement.setString(i++, requested.jobId());
            statement.setString(i++, requested.tenantId());
            statement.setString(i++, requested.instanceId());
            statement.setString(i++, requested.source());
            statement.setString(i++, requested.planId());
            statement.setString(i++, requested.planHash());
            statement.setString(i++, status.wire());
            statement.setString(i++, admission.runs() ? NONE : QUEUED_SCOPE_LOCK);
            statement.setArray(i++, connection.createArrayOf("text", admission.tables().toArray()));
            statement.setArray(i++, connection.createArrayOf("text", requested.requiredCapabilities().toArray()));
            statement.setString(i++, requested.requestedBy());
            statement.setObject(i++, JobSql.at(requested.requestedAt()));
            statement.setString(i++, requested.approval().toString());
            statement.setLong(i++, admission.seq());
            statement.setObject(i++, admission.runs() ? JobSql.at(now) : null, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(i, JobSql.at(now));
            job = JobSql.readAll(statement).getFirst();
        }
        List<JobEventLog.Pending> pending = new ArrayList<>();
        ObjectNode created = details().put("plan_id", job.planId());
        created.setAll(requested.createdDetails());
        pending.add(new JobEventLog.Pending(job, LegacyJobEventType.JOB_CREATED, NONE, created, actor));
        pending.add(switch (admission.decision()) {
            case LockDecision.Running running -> new JobEventLog.Pending(job, LegacyJobEventType.JOB_STARTED, NONE,
                    strings(details(), "lock_scope_tables", running.tables()), actor);
            case LockDecision.Queued queued -> new JobEventLog.Pending(job, LegacyJobEventType.JOB_QUEUED,
                    QUEUED_SCOPE_LOCK, strings(details(), "blocked_tables", queued.blockers().tables())
                            .put("queue_position", queued.queuePosition()), actor);
        });
        events.appendForNewJobs(connection, pending);
        return job;
    }

    /**
     * {@link JobTransition#START}: queued jobs start, reason {@code none}, {@code started_at} = {@code now}; each gets
     * {@code job_started} with {@code promoted_from_queue: true} plus {@code details}.
     *
     * @return the started jobs, in the order of {@code jobIds}
     */
    public List<Job> start(Connection connection, List<String> jobIds, Instant now, ObjectNode details,
                           AuditActor actor) throws SQLException {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<Job> started = change(connection, JobTransition.START, jobIds, """
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, started_at = ?, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", RUNNING, NONE, JobSql.at(now),
                JobSql.at(now));
        ObjectNode eventDetails = details().put("promoted_from_queue", true);
        eventDetails.setAll(details);
        record(connection, started, LegacyJobEventType.JOB_STARTED, NONE, eventDetails, actor);
        return started;
    }

    /**
     * {@link JobTransition#WAIT}: queued jobs wait for another reason — {@code queued_scope_lock} (keys) or the
     * reason their start was withheld — recorded as {@code job_queued} with that reason and {@code details}.
     */
    public List<Job> waitFor(Connection connection, List<String> jobIds, String reasonCode, Instant now,
                             ObjectNode details, AuditActor actor) throws SQLException {
        if (!WAIT_REASONS.contains(reasonCode)) {
            throw new IllegalArgumentException("a queued job cannot wait for " + reasonCode);
        }
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<Job> waiting = change(connection, JobTransition.WAIT, jobIds, """
                UPDATE rez_restore.jobs SET status_reason_code = ?, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", reasonCode, JobSql.at(now));
        record(connection, waiting, LegacyJobEventType.JOB_QUEUED, reasonCode, details, actor);
        return waiting;
    }

    /**
     * {@link JobTransition#REQUEUE}: a running or paused job goes back to the queue ({@code queued_scope_lock},
     * {@code started_at} cleared, since a queued job has not started), recorded as {@code job_queued}.
     */
    public Job requeue(Connection connection, String jobId, Instant now, ObjectNode details, AuditActor actor)
            throws SQLException {
        List<Job> queued = change(connection, JobTransition.REQUEUE, List.of(jobId), """
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, started_at = NULL, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", QUEUED, QUEUED_SCOPE_LOCK,
                JobSql.at(now));
        record(connection, queued, LegacyJobEventType.JOB_QUEUED, QUEUED_SCOPE_LOCK, details, actor);
        return queued.getFirst();
    }

    /**
     * {@link JobTransition#PAUSE}: a running job becomes paused with {@code reasonCode} (it keeps its keys), recorded
     * as {@code job_paused} with {@code details}.
     */
    public Job pause(Connection connection, String jobId, String reasonCode, Instant now, ObjectNode details,
                     AuditActor actor) throws SQLException {
        Objects.requireNonNull(reasonCode, "reasonCode");
        List<Job> paused = change(connection, JobTransition.PAUSE, List.of(jobId), """
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", JobStatus.PAUSED.wire(), reasonCode,
                JobSql.at(now));
        record(connection, paused, LegacyJobEventType.JOB_PAUSED, reasonCode, details, actor);
        return paused.getFirst();
    }

    /**
     * {@link JobTransition#RESUME}: a paused job runs again (reason {@code none}), recorded as {@code job_started}
     * with {@code resumed_from_pause: true}, which the cross-service stream maps to resume/resumed.
     */
    public Job resume(Connection connection, String jobId, Instant now, ObjectNode details, AuditActor actor)
            throws SQLException {
        List<Job> resumed = change(connection, JobTransition.RESUME, List.of(jobId), """
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", RUNNING, NONE, JobSql.at(now));
        ObjectNode eventDetails = details().put("resumed_from_pause", true);
        eventDetails.setAll(details);
        record(connection, resumed, LegacyJobEventType.JOB_STARTED, NONE, eventDetails, actor);
        return resumed.getFirst();
    }

    /**
     * Records that a running or paused job made progress (an execution's claim or commit) without changing its status:
     * {@code updated_at} is what the queue reconcile judges staleness by (service-spec §5.5), so a job that agents are
     * working through is never forced terminal as stale. Not a transition, so no event.
     */
    public void touch(Connection connection, String jobId, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.jobs SET updated_at = greatest(updated_at, ?)
                WHERE job_id = ? AND status IN ('running', 'paused')""")) {
            statement.setObject(1, JobSql.at(now));
            statement.setString(2, jobId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("job " + jobId + " is not running or paused");
            }
        }
    }

    /**
     * {@link JobTransition#END}: the job becomes {@code status} (terminal) with {@code reasonCode},
     * {@code completed_at} = {@code now}, recorded as {@code job_completed|failed|cancelled} with {@code details}.
     */
    public Job end(Connection connection, String jobId, JobStatus status, String reasonCode, Instant now,
                   ObjectNode details, AuditActor actor) throws SQLException {
        JobTransition.END.requireTarget(status);
        Objects.requireNonNull(reasonCode, "reasonCode");
        List<Job> ended = change(connection, JobTransition.END, List.of(jobId), """
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, completed_at = ?, updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = ANY (?::text[])""", status.wire(), reasonCode,
                JobSql.at(now), JobSql.at(now));
        record(connection, ended, terminalEventType(status), reasonCode, details, actor);
        return ended.getFirst();
    }

    /**
     * Gives a job that never asked for its locks ({@code enqueued_seq} null, which only drift leaves) the FIFO place
     * it takes now. Not a status change, so no event: the reconcile that needs it records the job's transition.
     */
    public void assignQueuePlace(Connection connection, String jobId, long seq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rez_restore.jobs SET enqueued_seq = ? WHERE job_id = ? AND enqueued_seq IS NULL")) {
            statement.setLong(1, seq);
            statement.setString(2, jobId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("job " + jobId + " already has a FIFO place, or does not exist");
            }
        }
    }

    /** The event that records a job becoming {@code status} (a terminal status). */
    static LegacyJobEventType terminalEventType(JobStatus status) {
        return switch (status) {
            case COMPLETED -> LegacyJobEventType.JOB_COMPLETED;
            case FAILED -> LegacyJobEventType.JOB_FAILED;
            case CANCELLED -> LegacyJobEventType.JOB_CANCELLED;
            default -> throw new IllegalArgumentException("not a terminal status: " + status.wire());
        };
    }

    /**
     * Runs one transition's UPDATE: {@code values} bind its SET list, then the job ids and the transition's
     * from-statuses bind its guard; {@code RETURNING} the changed rows.
     *
     * @throws IllegalStateException when not every job was in a from-status
     */
    private static List<Job> change(Connection connection, JobTransition transition, List<String> jobIds,
                                    String update, Object... values) throws SQLException {
        if (new HashSet<>(jobIds).size() != jobIds.size()) {
            throw new IllegalArgumentException(transition + " names a job twice: " + jobIds);
        }
        try (PreparedStatement statement = connection.prepareStatement(update + " RETURNING " + JobSql.COLUMNS)) {
            int i = 1;
            for (Object value : values) {
                statement.setObject(i++, value);
            }
            statement.setArray(i++, connection.createArrayOf("text", jobIds.toArray()));
            statement.setArray(i, connection.createArrayOf("text", transition.fromWire()));
            List<Job> changed = JobSql.readAll(statement);
            if (changed.size() != jobIds.size()) {
                List<String> found = changed.stream().map(Job::jobId).toList();
                throw new IllegalStateException(transition + " found " + found + " of " + jobIds + " in "
                        + transition.from());
            }
            return JobSql.inOrder(changed, jobIds);
        }
    }

    private void record(Connection connection, List<Job> jobs, LegacyJobEventType type, String reasonCode,
                        ObjectNode details, AuditActor actor) throws SQLException {
        List<JobEventLog.Pending> pending = new ArrayList<>(jobs.size());
        jobs.forEach(job -> pending.add(new JobEventLog.Pending(job, type, reasonCode, details, actor)));
        events.append(connection, pending);
    }

    private static Set<String> waitReasons() {
        Set<String> reasons = new HashSet<>(StartPermission.WITHHELD_REASONS);
        reasons.add(QUEUED_SCOPE_LOCK);
        return Set.copyOf(reasons);
    }

    private static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode strings(ObjectNode details, String field, List<String> values) {
        details.putArray(field).addAll(values.stream().map(JsonNodeFactory.instance::textNode).toList());
        return details;
    }
}
