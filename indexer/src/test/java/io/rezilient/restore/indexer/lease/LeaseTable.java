package io.rezilient.restore.indexer.lease;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The lease row as a test sees and manipulates it from "another connection", on the database clock. */
record LeaseTable(DataSource dataSource) {
    private static final Duration POLL_LIMIT = Duration.ofSeconds(10);

    /** The row as stored: holder, epoch and expiry, whatever the state. */
    Optional<LeaseGrant> row(String scopeId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT holder_id, fencing_epoch,"
                     + " lease_expires_at FROM rez_restore_index.source_leases WHERE ingest_scope_id = ?")) {
            statement.setString(1, scopeId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new LeaseGrant(scopeId, row.getString(1), row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Instant dbNow() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the lease in the past, as if its holder had stopped renewing long ago. */
    void expire(String scopeId) {
        update("UPDATE rez_restore_index.source_leases SET lease_expires_at = clock_timestamp() - interval '1 second'"
                + " WHERE ingest_scope_id = ?", scopeId);
    }

    /** Another worker grabbing the lease behind the holder's back (the next epoch, as a takeover would). */
    void seize(String scopeId, String intruder) {
        update("UPDATE rez_restore_index.source_leases SET holder_id = ?, fencing_epoch = fencing_epoch + 1,"
                + " lease_expires_at = clock_timestamp() + interval '1 hour' WHERE ingest_scope_id = ?",
                intruder, scopeId);
    }

    /** Polls the database clock (no blind sleep) until it has passed {@code instant}. */
    void awaitDbClockPast(Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        while (!dbNow().isAfter(instant)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("database clock did not pass " + instant + " within " + POLL_LIMIT);
            }
            Thread.sleep(20);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no lease row changed by " + sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
