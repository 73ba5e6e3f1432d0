package io.rezilient.restore.service.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Runs units of job work, each in one READ COMMITTED transaction (the isolation the lock manager requires): commit
 * when the work returns, roll back when it throws. A deadlock or serialisation failure is retried a few times, since
 * PostgreSQL rolled the whole unit back and running it again is safe; any other SQL failure becomes
 * {@link JobStoreUnavailableException} (503), while the work's own exceptions (answers such as 404 or 409) pass
 * through unchanged after the rollback.
 */
public final class JobDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(JobDatabase.class);
    private static final int ATTEMPTS = 5;
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    private final DataSource dataSource;

    public JobDatabase(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A unit of work on an open transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && isRetryable(e)) {
                    LOG.atInfo().setMessage("job transaction retried").addKeyValue("what", what)
                            .addKeyValue("sql_state", e.getSQLState()).addKeyValue("attempt", attempt).log();
                    continue;
                }
                throw new JobStoreUnavailableException(what + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs read-only work without an explicit transaction (each statement sees the latest commits): the cheap path
     * for the job reads, which are served often.
     */
    public <T> T read(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new JobStoreUnavailableException(what + ": " + e.getMessage(), e);
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error failure) {
                rollbackQuietly(connection, failure);
                throw failure;
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static boolean isRetryable(SQLException e) {
        return DEADLOCK.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState());
    }
}
