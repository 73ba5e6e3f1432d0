package io.rezilient.restore.service.plans;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One connection in one transaction, for a unit of plan work that spans several calls. Once a statement fails the
 * transaction is aborted (PostgreSQL refuses further statements), so it only admits {@link #close}, which rolls
 * back anything not committed.
 */
final class PlanTransaction implements AutoCloseable {
    private final Connection connection;
    private boolean committed;
    private boolean failed;
    private boolean closed;

    private PlanTransaction(Connection connection) {
        this.connection = connection;
    }

    static PlanTransaction open(DataSource dataSource, String what) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new PlanStoreUnavailableException(what + ": cannot connect: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(false);
            return new PlanTransaction(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new PlanStoreUnavailableException(what + ": " + e.getMessage(), e);
        }
    }

    /** The connection, for statements of this transaction; refused once the transaction failed or ended. */
    Connection connection() {
        if (closed || committed) {
            throw new IllegalStateException("the plan transaction has ended");
        }
        if (failed) {
            throw new IllegalStateException("the plan transaction failed earlier; it can only be closed");
        }
        return connection;
    }

    /**
     * Takes the transaction-scoped advisory lock of a plan key, waiting for its holder to end. 64-bit hash of the
     * key: a collision only makes two unrelated keys wait for each other.
     */
    void lock(PlanKey key) throws SQLException {
        try (PreparedStatement statement =
                     connection().prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            statement.setString(1, key.lockName());
            statement.execute();
        }
    }

    /** Marks the transaction failed and returns the exception to throw for {@code e}. */
    RuntimeException failed(String what, SQLException e) {
        markFailed();
        return PlanSqlErrors.translate(what, e);
    }

    /** A unit of work broke half-way (not necessarily in SQL): from now on only a rollback is sound. */
    void markFailed() {
        failed = true;
    }

    void commit() throws SQLException {
        connection().commit();
        committed = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is discarded below; a pool drops a broken one, and nothing was committed
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
