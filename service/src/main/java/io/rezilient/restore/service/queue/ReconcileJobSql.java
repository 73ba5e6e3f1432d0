package io.rezilient.restore.service.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The reconciler's own job-row transitions (service-spec §5.3), which no other path makes: a reconcile promotion
 * (queued → running) and a reconcile re-queue (running/paused → queued). Each guards on the status the plan saw, on
 * rows the caller locked, so a mismatch means a bug and fails the transaction.
 */
final class ReconcileJobSql {
    private ReconcileJobSql() {
    }

    /** queued → running, reason none, {@code started_at} now (a queued job has none to keep). */
    static void start(Connection connection, String jobId, Instant now) throws SQLException {
        expectOne(jobId, "start", update(connection, """
                UPDATE rez_restore.jobs SET status = 'running', status_reason_code = 'none', started_at = ?,
                                            updated_at = ?
                WHERE job_id = ? AND status = 'queued'""", jobId, now));
    }

    /** running/paused → queued, reason {@code queued_scope_lock}; a queued job has not started (V7 constraint). */
    static void requeue(Connection connection, String jobId, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.jobs SET status = 'queued', status_reason_code = 'queued_scope_lock',
                                            started_at = NULL, updated_at = ?
                WHERE job_id = ? AND status IN ('running', 'paused')""")) {
            statement.setObject(1, now.atOffset(ZoneOffset.UTC));
            statement.setString(2, jobId);
            expectOne(jobId, "re-queue", statement.executeUpdate());
        }
    }

    /** Gives a job that never asked for its locks the FIFO place it now takes. */
    static void assignSeq(Connection connection, String jobId, long seq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rez_restore.jobs SET enqueued_seq = ? WHERE job_id = ? AND enqueued_seq IS NULL")) {
            statement.setLong(1, seq);
            statement.setString(2, jobId);
            expectOne(jobId, "assign a FIFO place to", statement.executeUpdate());
        }
    }

    private static int update(Connection connection, String sql, String jobId, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, now.atOffset(ZoneOffset.UTC));
            statement.setObject(2, now.atOffset(ZoneOffset.UTC));
            statement.setString(3, jobId);
            return statement.executeUpdate();
        }
    }

    private static void expectOne(String jobId, String what, int updated) {
        if (updated != 1) {
            throw new IllegalStateException("reconcile could not " + what + " job " + jobId
                    + ": its row changed under the scope lock");
        }
    }
}
