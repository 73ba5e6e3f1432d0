package io.rezilient.restore.indexer.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fencing check of a write transaction: the lease row must still show the grant's holder and epoch and not be
 * expired on the database clock. Call it on the connection of the transaction it guards.
 */
public final class LeaseFence {
    private static final String LIVE = """
            SELECT 1 FROM %s
             WHERE ingest_scope_id = ? AND holder_id = ? AND fencing_epoch = ? AND lease_expires_at > clock_timestamp()
            """.formatted(LeaderLease.TABLE);
    // FOR SHARE: a takeover (an UPDATE of this row) now waits until the guarded transaction ends, so no other
    // holder can be granted the scope between this check and the commit.
    private static final String HOLD = LIVE + " FOR SHARE";

    private LeaseFence() {
    }

    /** Fails fast when the grant is no longer live; takes no lock (use before expensive work). */
    public static void check(Connection transaction, LeaseGrant grant) throws SQLException {
        run(transaction, grant, LIVE);
    }

    /**
     * Verifies the grant and share-locks the lease row until the transaction ends; call it as late as possible
     * (just before the last writes and the commit), so the lock delays a renewal or takeover only briefly.
     */
    public static void hold(Connection transaction, LeaseGrant grant) throws SQLException {
        run(transaction, grant, HOLD);
    }

    private static void run(Connection transaction, LeaseGrant grant, String sql) throws SQLException {
        try (PreparedStatement statement = transaction.prepareStatement(sql)) {
            statement.setString(1, grant.ingestScopeId());
            statement.setString(2, grant.holderId());
            statement.setLong(3, grant.fencingEpoch());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw LeaseLostException.of(grant);
                }
            }
        }
    }
}
