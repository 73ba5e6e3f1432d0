package io.rezilient.restore.indexer.backfill.overrides;

import io.rezilient.restore.indexer.backfill.Transactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Staged overrides over JDBC: stage, revert by hand, read the effective value, list for operators.
 *
 * <p>At most one override per (scope, key) is active (a partial unique index enforces it). Staging another for the
 * same key <em>replaces</em> the first in the same transaction rather than being refused: a run that needs a
 * different batch size mid-way restages it, and the audit shows the replacement (action {@code replaced}, by the
 * stager) followed by the apply. Each is its own config version, so every apply and every revert has one.
 *
 * <p>Readers call {@link #effective} with their own clock: it honours the window and the owning run's state itself,
 * so a value never outlives its window even if the {@link OverrideReconciler} has not run yet. The reconciler
 * only makes the end visible (status, version, audit).
 */
public final class OverrideStore {
    private static final String INSERT = "INSERT INTO " + OverrideRows.SCHEMA + ".config_overrides AS o"
            + " (scope, config_key, config_value, previous_value, config_version, valid_from, valid_until,"
            + " owner_run_id, created_by, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)"
            + " RETURNING " + OverrideRows.COLUMNS;
    // in its window, and its run (if any) still going
    private static final String EFFECTIVE = "SELECT o.config_value FROM " + OverrideRows.FROM
            + " WHERE o.scope = ? AND o.config_key = ? AND o.status = 'active' AND o.valid_from <= ?"
            + " AND (o.valid_until IS NULL OR o.valid_until > ?) AND NOT " + OverrideRows.RUN_ENDED;

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * @param clock the time staging and reverting record, and against which windows are validated
     */
    public OverrideStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates and stages an override, replacing the key's active one if any, in one transaction. An active one
     * found already past its window or run is ended as the reconciler would have ended it, not as replaced.
     *
     * @return the new override, status active
     * @throws OverrideRejected the request is invalid (see {@link OverrideRequest#validated}), its run is unknown or
     *                          has ended, or it would put the resume lag bound at or above the pause bound
     */
    public ConfigOverride stage(OverrideRequest request) {
        Instant now = clock.instant();
        OverrideRequest valid = Objects.requireNonNull(request, "request").validated(now);
        return Transactions.inTransaction(dataSource, "stage override " + valid.key(), connection -> {
            OverrideRows.lockScope(connection, valid.scope());
            if (valid.ownerRunId() != null) {
                String status = OverrideRows.runStatus(connection, valid.ownerRunId(), true).orElseThrow(() ->
                        new OverrideRejected(OverrideRejected.RUN_UNKNOWN, "no backfill run " + valid.ownerRunId()));
                if (OverrideRows.ended(status)) {
                    throw new OverrideRejected(OverrideRejected.RUN_ENDED, "backfill run " + valid.ownerRunId()
                            + " has ended (" + status + "); its override would revert at once");
                }
            }
            checkLagBounds(connection, valid, now);
            String previous = null;
            Optional<ConfigOverride> existing = OverrideRows.activeForUpdate(connection, valid.scope(), valid.key());
            if (existing.isPresent()) {
                ConfigOverride old = existing.get();
                Optional<ChangeAction> due = OverrideRows.due(connection, old, now);
                if (due.isPresent()) {
                    OverrideRows.end(connection, old, due.get(), OverrideReconciler.ACTOR,
                            OverrideReconciler.reasonFor(due.get(), old), now);
                } else {
                    // only a value already in force is "the value before"; a pending one never took effect
                    previous = old.inWindow(now) ? old.value() : null;
                    OverrideRows.end(connection, old, ChangeAction.REPLACED, valid.actor(),
                            "replaced by a new override: " + valid.reason(), now);
                }
            }
            long version = OverrideRows.nextVersion(connection, valid.scope(), now);
            ConfigOverride staged = insert(connection, valid, previous, version, now);
            OverrideRows.audit(connection, staged.scope(), version, staged.id(), staged.key(), ChangeAction.APPLIED,
                    previous, staged.value(), valid.actor(), valid.reason(), now);
            return staged;
        });
    }

    /**
     * Reverts an active override by hand (status rolled_back) under a new config version.
     *
     * @throws OverrideRejected no such override, it has already ended, or actor or reason is blank
     */
    public OverrideChange revert(long overrideId, String actor, String reason) {
        if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
            throw new OverrideRejected(OverrideRejected.REQUEST_INVALID, "a revert needs an actor and a reason");
        }
        Instant now = clock.instant();
        ConfigOverride target = find(overrideId).orElseThrow(() -> new OverrideRejected(
                OverrideRejected.OVERRIDE_UNKNOWN, "no override " + overrideId));
        return Transactions.inTransaction(dataSource, "revert override " + overrideId, connection -> {
            OverrideRows.lockScope(connection, target.scope());
            ConfigOverride locked = OverrideRows.find(connection, overrideId, true).orElseThrow();
            if (locked.status() != OverrideStatus.ACTIVE) {
                throw new OverrideRejected(OverrideRejected.OVERRIDE_NOT_ACTIVE, "override " + overrideId
                        + " already ended as " + locked.status().wire() + " at " + locked.endedAt()
                        + " (version " + locked.revertedVersion() + ")");
            }
            return OverrideRows.end(connection, locked, ChangeAction.ROLLED_BACK, actor, reason, now);
        });
    }

    /**
     * The overriding value of {@code key} in {@code scope} at {@code now}, or empty: the caller uses its baseline.
     */
    public Optional<String> effective(String scope, String key, Instant now) {
        return Transactions.read(dataSource, "read override " + key, connection -> {
            try (PreparedStatement select = connection.prepareStatement(EFFECTIVE)) {
                select.setString(1, scope);
                select.setString(2, key);
                select.setObject(3, OverrideRows.timestamp(now));
                select.setObject(4, OverrideRows.timestamp(now));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** As {@link #effective}, parsed as the knob's number, or {@code baseline} when nothing overrides it. */
    public long effectiveOr(String scope, String key, long baseline, Instant now) {
        return effective(scope, key, now).map(Long::parseLong).orElse(baseline);
    }

    public Optional<ConfigOverride> find(long overrideId) {
        return Transactions.read(dataSource, "read override " + overrideId,
                connection -> OverrideRows.find(connection, overrideId, false));
    }

    /** The active overrides of a scope (including pending ones whose window has not started), by key. */
    public List<ConfigOverride> active(String scope) {
        return select("o.status = 'active' AND o.scope = ?", scope);
    }

    /**
     * Overrides for operators, newest first: of one scope or all ({@code scope} null), active only or also ended.
     */
    public List<ConfigOverride> list(String scope, boolean includeEnded) {
        String where = (includeEnded ? "TRUE" : "o.status = 'active'") + " AND (?::text IS NULL OR o.scope = ?)";
        return Transactions.read(dataSource, "list overrides", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + OverrideRows.COLUMNS + " FROM "
                    + OverrideRows.SCHEMA + ".config_overrides o WHERE " + where + " ORDER BY o.override_id DESC")) {
                select.setString(1, scope);
                select.setString(2, scope);
                return OverrideRows.read(select);
            }
        });
    }

    /** The audit of one override: its apply and its end, in version order. */
    public List<OverrideChange> history(long overrideId) {
        return Transactions.read(dataSource, "read override history",
                connection -> OverrideRows.changes(connection, "override_id = ?", overrideId));
    }

    /** Every config version of a scope, oldest first. */
    public List<OverrideChange> changes(String scope) {
        return Transactions.read(dataSource, "read config changes",
                connection -> OverrideRows.changes(connection, "scope = ?", scope));
    }

    /** The scope's current config version; 0 before its first override. */
    public long currentVersion(String scope) {
        return Transactions.read(dataSource, "read config version",
                connection -> OverrideRows.currentVersion(connection, scope));
    }

    private List<ConfigOverride> select(String where, String scope) {
        return Transactions.read(dataSource, "list overrides", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + OverrideRows.COLUMNS + " FROM "
                    + OverrideRows.SCHEMA + ".config_overrides o WHERE " + where + " ORDER BY o.config_key")) {
                select.setString(1, scope);
                return OverrideRows.read(select);
            }
        });
    }

    /**
     * The resume bound must stay strictly below the pause bound. Only an active override of the other bound in the
     * same scope can be checked here; against the other's baseline, the throttle that reads both checks.
     */
    private static void checkLagBounds(Connection connection, OverrideRequest request, Instant now)
            throws SQLException {
        Optional<OverrideCatalogue.LagBoundPair> pair = OverrideCatalogue.lagPair(request.key());
        if (pair.isEmpty()) {
            return;
        }
        Optional<ConfigOverride> other = OverrideRows.activeForUpdate(connection, request.scope(), pair.get().otherKey());
        if (other.isEmpty() || OverrideRows.due(connection, other.get(), now).isPresent()) {
            return;
        }
        long staged = Long.parseLong(request.value());
        long otherValue = Long.parseLong(other.get().value());
        if (!pair.get().consistent(staged, otherValue)) {
            throw new OverrideRejected(OverrideRejected.VALUE_OUT_OF_BOUNDS, OverrideCatalogue.BACKFILL_RESUME_LAG_SECONDS
                    + " must stay below " + OverrideCatalogue.BACKFILL_MAX_REALTIME_LAG_SECONDS + ": staging "
                    + request.key() + " = " + staged + " beside the active override " + other.get().id() + " ("
                    + other.get().key() + " = " + otherValue + ")");
        }
    }

    private static ConfigOverride insert(Connection connection, OverrideRequest request, String previous, long version,
                                         Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, request.scope());
            insert.setString(2, request.key());
            insert.setString(3, request.value());
            insert.setString(4, previous);
            insert.setLong(5, version);
            insert.setObject(6, OverrideRows.timestamp(request.validFrom()));
            insert.setObject(7, OverrideRows.timestamp(request.validUntil()));
            insert.setString(8, request.ownerRunId());
            insert.setString(9, request.actor());
            insert.setString(10, request.reason());
            insert.setObject(11, OverrideRows.timestamp(now));
            return OverrideRows.read(insert).getFirst();
        }
    }
}
