package io.rezilient.restore.service.execute;

import io.rezilient.restore.service.jobs.JobStoreUnavailableException;

import java.sql.SQLException;

/** Runs a query that feeds a stream from inside a callback that cannot throw {@link SQLException}. */
final class SqlStreams {
    private SqlStreams() {
    }

    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }

    static void run(String what, SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new JobStoreUnavailableException(what + ": " + e.getMessage(), e);
        }
    }
}
