package io.rezilient.restore.indexer.lease;

import io.rezilient.restore.db.RestoreSchemas;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The leader lease of one ingest scope for one would-be holder (indexer-spec §5.5, with fencing). Every decision is
 * taken by a single statement on the database clock, so holders on machines with skewed clocks agree:
 * <ul>
 *   <li>no lease row: insert it, fencing epoch 1;</li>
 *   <li>the row is this holder's (expired or not): extend it, same epoch;</li>
 *   <li>another holder's lease has expired: take it over with fencing epoch + 1, which fences the old holder out;</li>
 *   <li>another holder's lease is live: denied, the row is left untouched.</li>
 * </ul>
 */
public final class LeaderLease {
    /** The lease table; {@link LeaseFence} checks the same rows. */
    static final String TABLE = RestoreSchemas.INDEX_SCHEMA + ".source_leases";

    private static final String ACQUIRE = """
            INSERT INTO %s AS lease
                   (ingest_scope_id, holder_id, lease_expires_at, fencing_epoch, acquired_at, created_at, updated_at)
            VALUES (?, ?, clock_timestamp() + ? * interval '1 millisecond', 1,
                    clock_timestamp(), clock_timestamp(), clock_timestamp())
            ON CONFLICT ON CONSTRAINT source_leases_pk DO UPDATE
               SET holder_id        = EXCLUDED.holder_id,
                   lease_expires_at = EXCLUDED.lease_expires_at,
                   -- a change of hands is what fencing is about: only then does the epoch move
                   fencing_epoch    = CASE WHEN lease.holder_id = EXCLUDED.holder_id
                                           THEN lease.fencing_epoch ELSE lease.fencing_epoch + 1 END,
                   acquired_at      = CASE WHEN lease.holder_id = EXCLUDED.holder_id
                                           THEN lease.acquired_at ELSE EXCLUDED.acquired_at END,
                   updated_at       = EXCLUDED.updated_at
             WHERE lease.holder_id = EXCLUDED.holder_id OR lease.lease_expires_at <= clock_timestamp()
            RETURNING fencing_epoch, lease_expires_at
            """.formatted(TABLE);

    // "now" rather than deletion keeps the epoch history: the next holder takes over at epoch + 1
    private static final String RELEASE = """
            UPDATE %s SET lease_expires_at = clock_timestamp(), updated_at = clock_timestamp()
             WHERE ingest_scope_id = ? AND holder_id = ? AND lease_expires_at > clock_timestamp()
            """.formatted(TABLE);

    private static final String CURRENT = """
            SELECT holder_id, fencing_epoch, lease_expires_at FROM %s
             WHERE ingest_scope_id = ? AND lease_expires_at > clock_timestamp()
            """.formatted(TABLE);

    private final DataSource dataSource;
    private final IngestScope scope;
    private final String holderId;
    private final Duration duration;

    public LeaderLease(DataSource dataSource, IngestScope scope, String holderId, Duration duration) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.scope = Objects.requireNonNull(scope, "scope");
        if (holderId == null || holderId.isBlank()) {
            throw new IllegalArgumentException("leader lease holder id must not be blank");
        }
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException("leader lease duration must be at least 1 ms, got " + duration);
        }
        this.holderId = holderId;
        this.duration = duration;
    }

    /** The reference's default holder id, {@code <hostname>:<pid>}. */
    public static String defaultHolderId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unresolvable) {
            host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host");
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** Acquires or renews the lease for another {@link #duration()}; empty when another holder's lease is live. */
    public Optional<LeaseGrant> acquire() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ACQUIRE)) {
            statement.setString(1, scope.id());
            statement.setString(2, holderId);
            statement.setLong(3, duration.toMillis());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LeaseGrant(scope.id(), holderId, row.getLong(1),
                        row.getObject(2, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot acquire the leader lease of ingest scope " + scope.id()
                    + " for " + holderId + ": " + e.getMessage(), e);
        }
    }

    /** Ends this holder's live lease now, so a successor need not wait for expiry; false when it held none. */
    public boolean release() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            statement.setString(1, scope.id());
            statement.setString(2, holderId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the leader lease of ingest scope " + scope.id()
                    + " held by " + holderId + ": " + e.getMessage(), e);
        }
    }

    /** Whoever holds a live lease on the scope now (any holder), for status output. */
    public Optional<LeaseGrant> currentHolder() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CURRENT)) {
            statement.setString(1, scope.id());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LeaseGrant(scope.id(), row.getString(1), row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the leader lease of ingest scope " + scope.id() + ": "
                    + e.getMessage(), e);
        }
    }

    public IngestScope scope() {
        return scope;
    }

    public String holderId() {
        return holderId;
    }

    public Duration duration() {
        return duration;
    }
}
