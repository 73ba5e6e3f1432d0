package io.rezilient.restore.service.locks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on {@code rez_restore.lock_holds} and {@code lock_queue}. The only reads of {@code jobs} are a
 * job's scope and the wait reason of queued jobs; no statement here writes a job row.
 */
final class LockSql {
    private LockSql() {
    }

    /** Binds tenant, instance and source from {@code index} on; returns the next index. */
    static int bindScope(PreparedStatement statement, int index, LockScope scope) throws SQLException {
        statement.setString(index, scope.tenantId());
        statement.setString(index + 1, scope.instanceId());
        statement.setString(index + 2, scope.source());
        return index + 3;
    }

    /** Times travel as offset date-times: unambiguous whatever the JVM's or the session's time zone. */
    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The job with its scope, if it exists. */
    static Optional<JobRef> scopeOf(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, instance_id, source FROM rez_restore.jobs WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new JobRef(jobId, rows.getString("tenant_id"), rows.getString("instance_id"),
                                rows.getString("source")))
                        : Optional.empty();
            }
        }
    }

    static long nextSeq(Connection connection) throws SQLException {
        try (PreparedStatement statement =
                     connection.prepareStatement("SELECT nextval('rez_restore.job_enqueue_seq') AS seq");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong("seq");
        }
    }

    /**
     * A scope's hold rows and queue rows in one statement: holders by table, and waiters in FIFO ({@code seq})
     * order with their tables and their job's stored reason. A queue row of a job that is not queued is drift (the
     * reconciler heals it); it reads as waiting for keys, so no promotion sets out to change that job's reason.
     */
    static ScopeQueue readScope(Connection connection, LockScope scope) throws SQLException {
        Map<String, String> holders = new HashMap<>();
        Map<String, List<String>> tablesOf = new LinkedHashMap<>();
        Map<String, String> reasonOf = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT 'held' AS row_kind, h.job_id, h.table_name, NULL::bigint AS seq, NULL::text AS wait_reason
                FROM rez_restore.lock_holds h
                WHERE h.tenant_id = ? AND h.instance_id = ? AND h.source = ?
                UNION ALL
                SELECT 'queued', q.job_id, q.table_name, q.seq,
                       CASE WHEN j.status = 'queued' THEN j.status_reason_code ELSE 'queued_scope_lock' END
                FROM rez_restore.lock_queue q JOIN rez_restore.jobs j ON j.job_id = q.job_id
                WHERE q.tenant_id = ? AND q.instance_id = ? AND q.source = ?
                ORDER BY row_kind, seq, job_id, table_name""")) {
            bindScope(statement, bindScope(statement, 1, scope), scope);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String jobId = rows.getString("job_id");
                    String table = rows.getString("table_name");
                    if ("held".equals(rows.getString("row_kind"))) {
                        holders.put(table, jobId);
                    } else {
                        tablesOf.computeIfAbsent(jobId, id -> new ArrayList<>()).add(table);
                        reasonOf.put(jobId, rows.getString("wait_reason"));
                    }
                }
            }
        }
        List<ScopeQueue.Waiter> fifo = new ArrayList<>(tablesOf.size());
        tablesOf.forEach((jobId, tables) -> fifo.add(new ScopeQueue.Waiter(jobId, tables, reasonOf.get(jobId))));
        return new ScopeQueue(holders, fifo);
    }

    static void insertHolds(Connection connection, JobRef job, List<String> tables, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.lock_holds (tenant_id, instance_id, source, table_name, job_id, acquired_at)
                SELECT ?, ?, ?, t, ?, ? FROM unnest(?::text[]) AS t""")) {
            int i = bindScope(statement, 1, job.scope());
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
            int i = bindScope(statement, 2, job.scope());
            statement.setLong(i++, seq);
            statement.setObject(i++, at(now));
            statement.setArray(i, connection.createArrayOf("text", tables.toArray()));
            statement.executeUpdate();
        }
    }

    /** Every hold and queue row of the job, in one statement. */
    static void deleteJobRows(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH holds AS (DELETE FROM rez_restore.lock_holds WHERE job_id = ?)
                DELETE FROM rez_restore.lock_queue WHERE job_id = ?""")) {
            statement.setString(1, jobId);
            statement.setString(2, jobId);
            statement.executeUpdate();
        }
    }

    /** The queue rows of {@code jobIds} in {@code scope} become holds acquired {@code now}; returns the rows moved. */
    static int moveQueueRowsToHolds(Connection connection, LockScope scope, List<String> jobIds, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH moved AS (
                    DELETE FROM rez_restore.lock_queue
                    WHERE tenant_id = ? AND instance_id = ? AND source = ? AND job_id = ANY (?::text[])
                    RETURNING tenant_id, instance_id, source, table_name, job_id)
                INSERT INTO rez_restore.lock_holds (tenant_id, instance_id, source, table_name, job_id, acquired_at)
                SELECT tenant_id, instance_id, source, table_name, job_id, ? FROM moved""")) {
            int i = bindScope(statement, 1, scope);
            statement.setArray(i++, connection.createArrayOf("text", jobIds.toArray()));
            statement.setObject(i, at(now));
            return statement.executeUpdate();
        }
    }
}
