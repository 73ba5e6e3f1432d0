package io.rezilient.restore.service.locks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The statements of {@link PostgresLockManager} on {@code rez_restore.jobs}, {@code lock_holds}, {@code lock_queue}. */
final class LockSql {
    private LockSql() {
    }

    /** Binds tenant, instance and source from {@code index} on; returns the next index. */
    static int bindScope(PreparedStatement statement, int index, JobRef scope) throws SQLException {
        statement.setString(index, scope.tenantId());
        statement.setString(index + 1, scope.instanceId());
        statement.setString(index + 2, scope.source());
        return index + 3;
    }

    /** Times travel as offset date-times: unambiguous whatever the JVM's or the session's time zone. */
    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Optional<JobRef> findJob(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, instance_id, source FROM rez_restore.jobs WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new JobRef(jobId, rows.getString(1), rows.getString(2), rows.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static long nextSeq(Connection connection) throws SQLException {
        try (PreparedStatement statement =
                     connection.prepareStatement("SELECT nextval('rez_restore.job_enqueue_seq')");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void insertHolds(Connection connection, JobRef job, List<String> tables, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.lock_holds (tenant_id, instance_id, source, table_name, job_id, acquired_at)
                SELECT ?, ?, ?, t, ?, ? FROM unnest(?::text[]) AS t""")) {
            int i = bindScope(statement, 1, job);
            statement.setString(i++, job.jobId());
            statement.setObject(i++, at(now));
            statement.setArray(i, connection.createArrayOf("text", tables.toArray()));
            statement.executeUpdate();
        }
    }

    static void insertQueueRows(Connection connection, JobRef job, List<String> tables, long seq, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.lock_queue (job_id, table_name, tenant_id, instance_id, source, seq, queued_at)
                SELECT ?, t, ?, ?, ?, ?, ? FROM unnest(?::text[]) AS t""")) {
            statement.setString(1, job.jobId());
            int i = bindScope(statement, 2, job);
            statement.setLong(i++, seq);
            statement.setObject(i++, at(now));
            statement.setArray(i, connection.createArrayOf("text", tables.toArray()));
            statement.executeUpdate();
        }
    }

    /** {@code table} is one of the two lock tables, never caller input. */
    static void deleteJobRows(Connection connection, String table, String jobId) throws SQLException {
        try (PreparedStatement statement =
                     connection.prepareStatement("DELETE FROM rez_restore." + table + " WHERE job_id = ?")) {
            statement.setString(1, jobId);
            statement.executeUpdate();
        }
    }

    /** The scope's queued jobs with their tables, oldest first. */
    static Map<String, List<String>> queueInFifoOrder(Connection connection, JobRef scope) throws SQLException {
        Map<String, List<String>> queue = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT job_id, table_name FROM rez_restore.lock_queue
                WHERE tenant_id = ? AND instance_id = ? AND source = ? ORDER BY seq, table_name""")) {
            bindScope(statement, 1, scope);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    queue.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return queue;
    }

    static List<String> heldTables(Connection connection, JobRef scope) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name FROM rez_restore.lock_holds WHERE tenant_id = ? AND instance_id = ? AND source = ?""")) {
            bindScope(statement, 1, scope);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    static int updateAcquiringJob(Connection connection, JobRef job, String status, String reason,
                                  Instant startedAt, long seq, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.jobs SET status = ?, status_reason_code = ?, started_at = ?, enqueued_seq = ?,
                                            updated_at = ?
                WHERE job_id = ? AND tenant_id = ? AND instance_id = ? AND source = ? AND completed_at IS NULL""")) {
            statement.setString(1, status);
            statement.setString(2, reason);
            statement.setObject(3, startedAt == null ? null : at(startedAt), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setLong(4, seq);
            statement.setObject(5, at(now));
            statement.setString(6, job.jobId());
            bindScope(statement, 7, job);
            return statement.executeUpdate();
        }
    }

    /** queued → running for promoted jobs (§5.3); returns how many were queued. */
    static int startQueuedJobs(Connection connection, List<String> jobIds, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.jobs SET status = 'running', status_reason_code = 'none', started_at = ?,
                                            updated_at = ?
                WHERE job_id = ANY (?::text[]) AND status = 'queued'""")) {
            statement.setObject(1, at(now));
            statement.setObject(2, at(now));
            statement.setArray(3, connection.createArrayOf("text", jobIds.toArray()));
            return statement.executeUpdate();
        }
    }
}
