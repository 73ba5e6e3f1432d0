package io.rezilient.restore.indexer.backfill.overrides;

import io.rezilient.restore.indexer.backfill.Transactions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends every active override whose window has closed (status expired, action {@code expired}) or whose owning
 * backfill run has ended (status expired, action {@code run_ended}), each under a new config version with an audit
 * row by {@value #ACTOR}.
 *
 * <p>Everything it decides comes from persisted rows and the {@code now} it is given, never from memory: a process
 * that restarts mid-window, or a different process, ends the same overrides at the same time. Any number of
 * processes may reconcile at once: each override is ended in its own transaction that first locks its scope's
 * version counter and then re-reads the override, so a second reconciler waits, finds it no longer active, and
 * skips it — each override ends exactly once.
 */
public final class OverrideReconciler {
    /** The actor of every automatic revert. */
    public static final String ACTOR = "system:override-reconciler";
    private static final Logger LOG = LoggerFactory.getLogger(OverrideReconciler.class);
    private static final String DUE = "SELECT o.override_id, o.scope FROM " + OverrideRows.FROM
            + " WHERE o.status = 'active' AND (o.valid_until <= ? OR " + OverrideRows.RUN_ENDED + ")"
            + " ORDER BY o.scope, o.override_id";

    private final DataSource dataSource;

    public OverrideReconciler(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The audit reason of an automatic end. */
    static String reasonFor(ChangeAction action, ConfigOverride override) {
        return action == ChangeAction.RUN_ENDED
                ? "owning backfill run " + override.ownerRunId() + " ended"
                : "valid_until " + override.validUntil() + " reached";
    }

    /**
     * Ends every override due at {@code now}.
     *
     * @return the changes this call made (another reconciler's are not included), in scope and id order
     */
    public List<OverrideChange> reconcile(Instant now) {
        Objects.requireNonNull(now, "now");
        List<OverrideChange> changes = new ArrayList<>();
        for (Candidate candidate : candidates(now)) {
            endIfStillDue(candidate, now).ifPresent(change -> {
                changes.add(change);
                LOG.atInfo().setMessage("config override reverted")
                        .addKeyValue("override_id", change.overrideId())
                        .addKeyValue("scope", change.scope())
                        .addKeyValue("config_key", change.key())
                        .addKeyValue("action", change.action().wire())
                        .addKeyValue("config_version", change.configVersion()).log();
            });
        }
        return changes;
    }

    private record Candidate(long overrideId, String scope) {
    }

    private List<Candidate> candidates(Instant now) {
        return Transactions.read(dataSource, "find overrides due to revert", connection -> {
            try (PreparedStatement select = connection.prepareStatement(DUE)) {
                select.setObject(1, OverrideRows.timestamp(now));
                List<Candidate> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Candidate(rows.getLong(1), rows.getString(2)));
                    }
                }
                return due;
            }
        });
    }

    /** One override in one transaction, so a failure on one leaves the others' reverts committed. */
    private Optional<OverrideChange> endIfStillDue(Candidate candidate, Instant now) {
        return Transactions.inTransaction(dataSource, "revert override " + candidate.overrideId(), connection -> {
            OverrideRows.lockScope(connection, candidate.scope());
            Optional<ConfigOverride> locked = OverrideRows.find(connection, candidate.overrideId(), true)
                    .filter(override -> override.status() == OverrideStatus.ACTIVE);
            if (locked.isEmpty()) {
                return Optional.empty(); // another reconciler, or an operator, ended it while we waited
            }
            Optional<ChangeAction> due = OverrideRows.due(connection, locked.get(), now);
            if (due.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(OverrideRows.end(connection, locked.get(), due.get(), ACTOR,
                    reasonFor(due.get(), locked.get()), now));
        });
    }
}
