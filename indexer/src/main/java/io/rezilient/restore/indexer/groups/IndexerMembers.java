package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.db.RestoreSchemas;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The indexer processes sharing one ingest scope ({@code indexer_members}): each keeps its row alive with a heartbeat
 * on the database clock, so all of them count the same live members however skewed their own clocks are.
 */
final class IndexerMembers {
    private static final String TABLE = RestoreSchemas.INDEX_SCHEMA + ".indexer_members";
    private static final String HEARTBEAT = """
            INSERT INTO %s AS m (ingest_scope_id, holder_id, expires_at, joined_at, updated_at)
            VALUES (?, ?, clock_timestamp() + ? * interval '1 millisecond', clock_timestamp(), clock_timestamp())
            ON CONFLICT ON CONSTRAINT indexer_members_pk DO UPDATE
               SET expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
            """.formatted(TABLE);
    // rows of processes that ended without leaving (killed) would otherwise pile up, one per host:pid
    private static final String FORGET_LONG_GONE = """
            DELETE FROM %s WHERE ingest_scope_id = ? AND expires_at < clock_timestamp() - interval '1 day'
            """.formatted(TABLE);
    private static final String LIVE = """
            SELECT holder_id FROM %s WHERE ingest_scope_id = ? AND expires_at > clock_timestamp() ORDER BY holder_id
            """.formatted(TABLE);
    private static final String LEAVE = "DELETE FROM %s WHERE ingest_scope_id = ? AND holder_id = ?".formatted(TABLE);

    private final DataSource dataSource;
    private final String scopeId;
    private final String holderId;

    IndexerMembers(DataSource dataSource, String scopeId, String holderId) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.scopeId = Objects.requireNonNull(scopeId, "scopeId");
        this.holderId = Objects.requireNonNull(holderId, "holderId");
    }

    /** Renews this process's membership for {@code ttl} and returns every live member's holder id, sorted. */
    List<String> heartbeat(Duration ttl) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(HEARTBEAT)) {
                statement.setString(1, scopeId);
                statement.setString(2, holderId);
                statement.setLong(3, ttl.toMillis());
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(FORGET_LONG_GONE)) {
                statement.setString(1, scopeId);
                statement.executeUpdate();
            }
            List<String> live = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(LIVE)) {
                statement.setString(1, scopeId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        live.add(rows.getString(1));
                    }
                }
            }
            return live;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot renew the membership of " + holderId + " in ingest scope " + scopeId
                    + ": " + e.getMessage(), e);
        }
    }

    /** Ends this process's membership now, so the others take over its share at once. */
    void leave() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LEAVE)) {
            statement.setString(1, scopeId);
            statement.setString(2, holderId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end the membership of " + holderId + " in ingest scope " + scopeId
                    + ": " + e.getMessage(), e);
        }
    }
}
