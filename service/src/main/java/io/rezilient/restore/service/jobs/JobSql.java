package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.auth.ResourceScope;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The statements on {@code rez_restore.jobs} (migration V7), and the mapping of its rows to {@link Job}. */
public final class JobSql {
    /** The columns {@link #read} expects, in its order. */
    public static final String COLUMNS = "job_id, tenant_id, instance_id, source, plan_id, plan_hash, status, "
            + "status_reason_code, lock_scope_tables, required_capabilities, requested_by, requested_at, "
            + "approval::text, started_at, completed_at, updated_at";

    private JobSql() {
    }

    /**
     * Inserts a new job, queued and not yet asking for locks ({@code enqueued_seq} null): the lock manager's
     * {@code acquire} decides, in the same transaction, whether it runs or waits.
     */
    static void insertNew(Connection connection, Job job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.jobs (job_id, tenant_id, instance_id, source, plan_id, plan_hash, status,
                    status_reason_code, lock_scope_tables, required_capabilities, requested_by, requested_at,
                    approval, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
            int i = 1;
            statement.setString(i++, job.jobId());
            statement.setString(i++, job.tenantId());
            statement.setString(i++, job.instanceId());
            statement.setString(i++, job.source());
            statement.setString(i++, job.planId());
            statement.setString(i++, job.planHash());
            statement.setString(i++, job.status().wire());
            statement.setString(i++, job.statusReasonCode());
            statement.setArray(i++, connection.createArrayOf("text", job.lockScopeTables().toArray()));
            statement.setArray(i++, connection.createArrayOf("text", job.requiredCapabilities().toArray()));
            statement.setString(i++, job.requestedBy());
            statement.setObject(i++, at(job.requestedAt()));
            statement.setString(i++, job.approval().toString());
            statement.setObject(i, at(job.updatedAt()));
            statement.executeUpdate();
        }
    }

    /** The job if it exists in {@code scope} (a foreign job is not found, exactly like a missing one). */
    public static Optional<Job> find(Connection connection, ResourceScope scope, String jobId) throws SQLException {
        return findWhere(connection, scope, jobId, "");
    }

    /** As {@link #find}, locking the job row until the transaction ends. */
    public static Optional<Job> findForUpdate(Connection connection, ResourceScope scope, String jobId)
            throws SQLException {
        return findWhere(connection, scope, jobId, " FOR UPDATE");
    }

    private static Optional<Job> findWhere(Connection connection, ResourceScope scope, String jobId, String suffix)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM rez_restore.jobs WHERE job_id = ? AND tenant_id = ? AND instance_id = ? AND source = ?"
                + suffix)) {
            statement.setString(1, jobId);
            statement.setString(2, scope.tenantId());
            statement.setString(3, scope.instanceId());
            statement.setString(4, scope.source());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** Jobs by id, whatever their scope (for jobs the service itself just changed, e.g. promoted ones). */
    public static List<Job> findAll(Connection connection, List<String> jobIds) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        if (jobIds.isEmpty()) {
            return jobs;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM rez_restore.jobs WHERE job_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(read(rows));
                }
            }
        }
        // in the order asked for
        jobs.sort((a, b) -> Integer.compare(jobIds.indexOf(a.jobId()), jobIds.indexOf(b.jobId())));
        return jobs;
    }

    /**
     * A page of the scope's jobs in FIFO (enqueue) order, after {@code afterSeq}, optionally of one status; each job
     * paired with its enqueue sequence (the next page's cursor).
     */
    static List<Listed> list(Connection connection, ResourceScope scope, Optional<JobStatus> status, long afterSeq,
                             int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", enqueued_seq FROM rez_restore.jobs"
                + " WHERE tenant_id = ? AND instance_id = ? AND source = ? AND enqueued_seq > ?"
                + (status.isPresent() ? " AND status = ?" : "")
                + " ORDER BY enqueued_seq LIMIT ?";
        List<Listed> page = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, scope.tenantId());
            statement.setString(i++, scope.instanceId());
            statement.setString(i++, scope.source());
            statement.setLong(i++, afterSeq);
            if (status.isPresent()) {
                statement.setString(i++, status.get().wire());
            }
            statement.setInt(i, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(new Listed(read(rows), rows.getLong(17)));
                }
            }
        }
        return page;
    }

    /** A listed job with its enqueue sequence. */
    record Listed(Job job, long enqueuedSeq) {
    }

    /**
     * Makes a non-terminal job terminal: status, reason, {@code completed_at} and {@code updated_at} = {@code now}.
     *
     * @return false when the job was not (or no longer) non-terminal
     */
    public static boolean markTerminal(Connection connection, String jobId, JobStatus status, String reasonCode,
                                       Instant now) throws SQLException {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("not a terminal status: " + status.wire());
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, completed_at = ?, updated_at = ?
                WHERE job_id = ? AND completed_at IS NULL""")) {
            statement.setString(1, status.wire());
            statement.setString(2, reasonCode);
            statement.setObject(3, at(now));
            statement.setObject(4, at(now));
            statement.setString(5, jobId);
            return statement.executeUpdate() == 1;
        }
    }

    public static Job read(ResultSet rows) throws SQLException {
        return new Job(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), JobStatus.fromWire(rows.getString(7)), rows.getString(8),
                strings(rows.getArray(9)), strings(rows.getArray(10)), rows.getString(11), instant(rows, 12),
                (ObjectNode) Json.parse(rows.getString(13)), instant(rows, 14), instant(rows, 15),
                instant(rows, 16));
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static void setNullableTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant == null ? null : at(instant), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
