package io.rezilient.restore.service.queue;

import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.jobs.JobSql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's reads. Every statement names the (tenant, instance, source) it reads, or, for a dry run with a
 * partial scope, filters by what the caller gave; none ever locks a row outside the scope being applied.
 */
final class ScopeSnapshotReader {
    private static final String JOB_COLUMNS = JobSql.COLUMNS;
    /** Optional equality filters: a null parameter matches every row. */
    private static final String SCOPE_FILTER = "(?::text IS NULL OR tenant_id = ?)"
            + " AND (?::text IS NULL OR instance_id = ?) AND (?::text IS NULL OR source = ?)";

    private ScopeSnapshotReader() {
    }

    /** Job counts for the result's totals. */
    record Counts(long jobsScanned, long jobsInScope) {
    }

    /**
     * The (tenant, instance, source) scopes matching a partial scope that have anything to reconcile: a non-terminal
     * job or a lock row. Sorted, so results are stable.
     */
    static List<ScopeKey> scopesMatching(Connection connection, QueueScope scope) throws SQLException {
        String sql = "SELECT tenant_id, instance_id, source FROM rez_restore.jobs"
                + " WHERE status IN ('queued', 'running', 'paused') AND " + SCOPE_FILTER
                + " UNION SELECT tenant_id, instance_id, source FROM rez_restore.lock_holds WHERE " + SCOPE_FILTER
                + " UNION SELECT tenant_id, instance_id, source FROM rez_restore.lock_queue WHERE " + SCOPE_FILTER
                + " ORDER BY tenant_id, instance_id, source";
        List<ScopeKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            for (int repeat = 0; repeat < 3; repeat++) {
                i = bindFilter(statement, i, scope);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new ScopeKey(rows.getString("tenant_id"), rows.getString("instance_id"),
                            rows.getString("source")));
                }
            }
        }
        return keys;
    }

    /**
     * Reads one scope. With {@code forUpdate} the scope's non-terminal job rows are locked (in job id order, so two
     * reconciles of one scope queue up instead of deadlocking); the caller holds the scope's advisory lock already,
     * which serialises the lock rows.
     */
    static ScopeSnapshot read(Connection connection, ScopeKey key, boolean forUpdate) throws SQLException {
        List<ScopeSnapshot.ActiveJob> jobs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + JOB_COLUMNS + ", enqueued_seq"
                + " FROM rez_restore.jobs WHERE tenant_id = ? AND instance_id = ? AND source = ?"
                + " AND status IN ('queued', 'running', 'paused') ORDER BY job_id"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            bindKey(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong("enqueued_seq");
                    jobs.add(new ScopeSnapshot.ActiveJob(JobSql.read(rows), rows.wasNull() ? null : seq));
                }
            }
        }
        List<ScopeSnapshot.HoldRow> holds = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_name, job_id, acquired_at"
                + " FROM rez_restore.lock_holds WHERE tenant_id = ? AND instance_id = ? AND source = ?"
                + " ORDER BY table_name")) {
            bindKey(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    holds.add(new ScopeSnapshot.HoldRow(rows.getString("table_name"), rows.getString("job_id"),
                            rows.getTimestamp("acquired_at").toInstant()));
                }
            }
        }
        List<ScopeSnapshot.QueueRow> queue = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT job_id, table_name, seq"
                + " FROM rez_restore.lock_queue WHERE tenant_id = ? AND instance_id = ? AND source = ?"
                + " ORDER BY seq, job_id, table_name")) {
            bindKey(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    queue.add(new ScopeSnapshot.QueueRow(rows.getString("job_id"), rows.getString("table_name"),
                            rows.getLong("seq")));
                }
            }
        }
        Set<String> active = new LinkedHashSet<>();
        jobs.forEach(job -> active.add(job.id()));
        Set<String> others = new LinkedHashSet<>();
        holds.stream().map(ScopeSnapshot.HoldRow::jobId).filter(id -> !active.contains(id)).forEach(others::add);
        queue.stream().map(ScopeSnapshot.QueueRow::jobId).filter(id -> !active.contains(id)).forEach(others::add);
        return new ScopeSnapshot(key, jobs, holds, queue, statuses(connection, others));
    }

    /** How many jobs (any status) match tenant/instance/source, and how many of those also the tables. */
    static Counts counts(Connection connection, QueueScope scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) AS scanned,"
                + " count(*) FILTER (WHERE ?::text[] IS NULL OR lock_scope_tables && ?::text[]) AS in_scope"
                + " FROM rez_restore.jobs WHERE " + SCOPE_FILTER)) {
            Object[] tables = scope.lockScopeTables().isEmpty() ? null : scope.lockScopeTables().toArray();
            Array array = tables == null ? null : connection.createArrayOf("text", tables);
            statement.setArray(1, array);
            statement.setArray(2, array);
            bindFilter(statement, 3, scope);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong("scanned"), rows.getLong("in_scope"));
            }
        }
    }

    private static Map<String, JobStatus> statuses(Connection connection, Set<String> jobIds) throws SQLException {
        Map<String, JobStatus> statuses = new HashMap<>();
        if (jobIds.isEmpty()) {
            return statuses;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT job_id, status FROM rez_restore.jobs WHERE job_id = ANY (?::text[])")) {
            statement.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString("job_id"), JobStatus.fromWire(rows.getString("status")));
                }
            }
        }
        return statuses;
    }

    private static int bindKey(PreparedStatement statement, int index, ScopeKey key) throws SQLException {
        statement.setString(index, key.tenantId());
        statement.setString(index + 1, key.instanceId());
        statement.setString(index + 2, key.source());
        return index + 3;
    }

    private static int bindFilter(PreparedStatement statement, int index, QueueScope scope) throws SQLException {
        int i = index;
        for (Optional<String> value : List.of(scope.tenantId(), scope.instanceId(), scope.source())) {
            statement.setString(i++, value.orElse(null));
            statement.setString(i++, value.orElse(null));
        }
        return i;
    }
}
