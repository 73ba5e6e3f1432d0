package io.rezilient.restore.indexer.backfill.overrides;

import io.rezilient.restore.db.RestoreSchemas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL shared by the store and the reconciler, on a connection whose transaction the caller owns.
 *
 * <p>Lock order, the same for every writer: first the scope's {@code config_versions} row ({@link #lockScope}),
 * then override rows of that scope. Writers of one scope therefore queue on the counter instead of deadlocking on
 * each other's override rows, and a writer that finds an override already ended after the wait does nothing.
 */
final class OverrideRows {
    static final String SCHEMA = RestoreSchemas.INDEX_SCHEMA;
    static final String COLUMNS = """
            o.override_id, o.scope, o.config_key, o.config_value, o.previous_value, o.config_version,
            o.reverted_version, o.valid_from, o.valid_until, o.owner_run_id, o.created_by, o.reason, o.status,
            o.created_at, o.ended_at""";
    /**
     * Whether the owning run has ended, as a column: a run that is neither running nor paused is over, whatever the
     * final status is called (completed, failed, or a cancelled state added later).
     */
    static final String RUN_ENDED = "(o.owner_run_id IS NOT NULL AND r.status NOT IN ('running', 'paused'))";
    static final String FROM = SCHEMA + ".config_overrides o LEFT JOIN " + SCHEMA
            + ".backfill_runs r ON r.run_id = o.owner_run_id";
    private static final String CHANGE_COLUMNS = """
            change_id, scope, config_version, override_id, config_key, action, value_before, value_after, actor,
            reason, changed_at""";

    private OverrideRows() {
    }

    /**
     * Takes the scope's version counter row lock (creating the row at version 0 the first time), held until the
     * transaction ends.
     */
    static void lockScope(Connection connection, String scope) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement("INSERT INTO " + SCHEMA
                + ".config_versions (scope, current_version) VALUES (?, 0) ON CONFLICT (scope) DO NOTHING")) {
            create.setString(1, scope);
            create.executeUpdate();
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT current_version FROM " + SCHEMA
                + ".config_versions WHERE scope = ? FOR UPDATE")) {
            lock.setString(1, scope);
            lock.executeQuery().close();
        }
    }

    /** The scope's next config version; call with the scope locked. */
    static long nextVersion(Connection connection, String scope, Instant now) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement("UPDATE " + SCHEMA + ".config_versions"
                + " SET current_version = current_version + 1, updated_at = ? WHERE scope = ? RETURNING current_version")) {
            bump.setObject(1, timestamp(now));
            bump.setString(2, scope);
            try (ResultSet row = bump.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("scope " + scope + " has no version counter; lock it first");
                }
                return row.getLong(1);
            }
        }
    }

    /** The scope's current config version (0: nothing ever applied). */
    static long currentVersion(Connection connection, String scope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT current_version FROM " + SCHEMA
                + ".config_versions WHERE scope = ?")) {
            select.setString(1, scope);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** One override, locked for update when {@code lock} (the scope must be locked first). */
    static Optional<ConfigOverride> find(Connection connection, long overrideId, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + SCHEMA
                + ".config_overrides o WHERE o.override_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setLong(1, overrideId);
            List<ConfigOverride> rows = read(select);
            return rows.stream().findFirst();
        }
    }

    /** The active override of a key, locked for update (the scope must be locked first). */
    static Optional<ConfigOverride> activeForUpdate(Connection connection, String scope, String key)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + SCHEMA
                + ".config_overrides o WHERE o.scope = ? AND o.config_key = ? AND o.status = 'active' FOR UPDATE")) {
            select.setString(1, scope);
            select.setString(2, key);
            return read(select).stream().findFirst();
        }
    }

    /** Whether the override's owning run has ended (false without an owner). */
    static boolean runEnded(Connection connection, ConfigOverride override) throws SQLException {
        if (override.ownerRunId() == null) {
            return false;
        }
        return runStatus(connection, override.ownerRunId(), false).map(OverrideRows::ended).orElse(true);
    }

    /** A backfill run's status, share-locked when {@code lock} so it cannot end while an override is staged. */
    static Optional<String> runStatus(Connection connection, String runId, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT status FROM " + SCHEMA
                + ".backfill_runs WHERE run_id = ?" + (lock ? " FOR SHARE" : ""))) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    static boolean ended(String runStatus) {
        return !"running".equals(runStatus) && !"paused".equals(runStatus);
    }

    /**
     * Why an active override is due to end at {@code now}, or empty: its window closed first, else its run ended.
     */
    static Optional<ChangeAction> due(Connection connection, ConfigOverride override, Instant now)
            throws SQLException {
        if (override.validUntil() != null && !now.isBefore(override.validUntil())) {
            return Optional.of(ChangeAction.EXPIRED);
        }
        return runEnded(connection, override) ? Optional.of(ChangeAction.RUN_ENDED) : Optional.empty();
    }

    /**
     * Ends an active override as {@code action} under a new config version, with its audit row. The scope and the
     * row must be locked and the row active.
     */
    static OverrideChange end(Connection connection, ConfigOverride override, ChangeAction action, String actor,
                              String reason, Instant now) throws SQLException {
        long version = nextVersion(connection, override.scope(), now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + SCHEMA + ".config_overrides"
                + " SET status = ?, reverted_version = ?, ended_at = ? WHERE override_id = ? AND status = 'active'")) {
            update.setString(1, action.resultingStatus().wire());
            update.setLong(2, version);
            update.setObject(3, timestamp(now));
            update.setLong(4, override.id());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("override " + override.id() + " is no longer active");
            }
        }
        return audit(connection, override.scope(), version, override.id(), override.key(), action, override.value(),
                null, actor, reason, now);
    }

    /** Appends the audit row of one config version. */
    static OverrideChange audit(Connection connection, String scope, long version, long overrideId, String key,
                                ChangeAction action, String before, String after, String actor, String reason,
                                Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + SCHEMA
                + ".config_override_changes (scope, config_version, override_id, config_key, action, value_before,"
                + " value_after, actor, reason, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING change_id")) {
            insert.setString(1, scope);
            insert.setLong(2, version);
            insert.setLong(3, overrideId);
            insert.setString(4, key);
            insert.setString(5, action.wire());
            setText(insert, 6, before);
            setText(insert, 7, after);
            insert.setString(8, actor);
            insert.setString(9, reason);
            insert.setObject(10, timestamp(now));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new OverrideChange(row.getLong(1), scope, version, overrideId, key, action, before, after,
                        actor, reason, now);
            }
        }
    }

    static List<ConfigOverride> read(PreparedStatement select) throws SQLException {
        List<ConfigOverride> overrides = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long reverted = rows.getLong("reverted_version");
                overrides.add(new ConfigOverride(rows.getLong("override_id"), rows.getString("scope"),
                        rows.getString("config_key"), rows.getString("config_value"), rows.getString("previous_value"),
                        rows.getLong("config_version"), rows.wasNull() ? null : reverted,
                        instant(rows, "valid_from"), instant(rows, "valid_until"), rows.getString("owner_run_id"),
                        rows.getString("created_by"), rows.getString("reason"),
                        OverrideStatus.fromWire(rows.getString("status")), instant(rows, "created_at"),
                        instant(rows, "ended_at")));
            }
        }
        return overrides;
    }

    static List<OverrideChange> changes(Connection connection, String where, Object parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + CHANGE_COLUMNS + " FROM " + SCHEMA
                + ".config_override_changes WHERE " + where + " ORDER BY scope, config_version")) {
            select.setObject(1, parameter);
            List<OverrideChange> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new OverrideChange(rows.getLong("change_id"), rows.getString("scope"),
                            rows.getLong("config_version"), rows.getLong("override_id"), rows.getString("config_key"),
                            ChangeAction.fromWire(rows.getString("action")), rows.getString("value_before"),
                            rows.getString("value_after"), rows.getString("actor"), rows.getString("reason"),
                            instant(rows, "changed_at")));
                }
            }
            return changes;
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setText(PreparedStatement statement, int index, String text) throws SQLException {
        if (text == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, text);
        }
    }
}
