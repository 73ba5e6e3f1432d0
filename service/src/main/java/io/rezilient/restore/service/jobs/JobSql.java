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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The reads of {@code rez_restore.jobs} (migration V7) and the mapping of its rows to {@link Job}. Writes are
 * {@link JobStateMachine}'s alone.
 */
public final class JobSql {
    /** The columns {@link #read} expects, by name. */
    public static final String COLUMNS = "job_id, tenant_id, instance_id, source, plan_id, plan_hash, status, "
            + "status_reason_code, lock_scope_tables, required_capabilities, requested_by, requested_at, "
            + "approval::text AS approval, started_at, completed_at, updated_at";

    private JobSql() {
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

    /** Jobs by id, whatever their scope, in the order asked for (ids that do not exist are left out). */
    public static List<Job> findAll(Connection connection, List<String> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM rez_restore.jobs WHERE job_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            return inOrder(readAll(statement), jobIds);
        }
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
                    page.add(new Listed(read(rows), rows.getLong("enqueued_seq")));
                }
            }
        }
        return page;
    }

    /** A listed job with its enqueue sequence. */
    record Listed(Job job, long enqueuedSeq) {
    }

    /** A row of {@link #COLUMNS}, read by column name. */
    public static Job read(ResultSet rows) throws SQLException {
        return new Job(rows.getString("job_id"), rows.getString("tenant_id"), rows.getString("instance_id"),
                rows.getString("source"), rows.getString("plan_id"), rows.getString("plan_hash"),
                JobStatus.fromWire(rows.getString("status")), rows.getString("status_reason_code"),
                strings(rows.getArray("lock_scope_tables")), strings(rows.getArray("required_capabilities")),
                rows.getString("requested_by"), instant(rows, "requested_at"),
                (ObjectNode) Json.parse(rows.getString("approval")), instant(rows, "started_at"),
                instant(rows, "completed_at"), instant(rows, "updated_at"));
    }

    /** Every row a statement returns, as jobs. */
    static List<Job> readAll(PreparedStatement statement) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                jobs.add(read(rows));
            }
        }
        return jobs;
    }

    /** {@code jobs} sorted as {@code jobIds} lists them. */
    static List<Job> inOrder(List<Job> jobs, List<String> jobIds) {
        List<Job> sorted = new ArrayList<>(jobs);
        sorted.sort((a, b) -> Integer.compare(jobIds.indexOf(a.jobId()), jobIds.indexOf(b.jobId())));
        return sorted;
    }

    /** Times travel as offset date-times: unambiguous whatever the JVM's or the session's time zone. */
    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
