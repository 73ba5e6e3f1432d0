package io.rezilient.restore.service.locks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Direct writes of one job's lock rows, for the queue reconciler ({@code io.rezilient.restore.service.queue}), which
 * rebuilds a (tenant, instance, source) scope's lock state from its jobs after it drifted. Ordinary transitions never
 * use this: they ask {@link PostgresLockManager}, which decides who runs (the reconciler decides with the same
 * {@link ScopeQueue} rule). The caller must hold the scope's advisory lock ({@link PostgresLockManager#lockScope})
 * and pass only jobs of that scope, so a rebuild is serialised with every other lock change of the scope and cannot
 * touch another one.
 */
public final class LockRows {
    private LockRows() {
    }

    /** Deletes every hold and queue row of the job (the foreign keys keep them in the job's own scope). */
    public static void dropAll(Connection connection, String jobId) throws SQLException {
        LockSql.deleteJobRows(connection, jobId);
    }

    /** The job holds {@code tables} (canonical, non-empty) from {@code now}. */
    public static void hold(Connection connection, JobRef job, List<String> tables, Instant now) throws SQLException {
        LockSql.insertHolds(connection, job, tables, now);
    }

    /** The job waits for {@code tables} (canonical, non-empty) at FIFO place {@code seq}. */
    public static void enqueue(Connection connection, JobRef job, List<String> tables, long seq, Instant now)
            throws SQLException {
        LockSql.insertQueueRows(connection, job, tables, seq, now);
    }

    /** A fresh FIFO place, for a job that never asked for its locks but must now queue. */
    public static long nextSeq(Connection connection) throws SQLException {
        return LockSql.nextSeq(connection);
    }
}
