package io.rezilient.restore.agent.target;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Called with a chunk's transaction open, every write and the ledger done, just before the commit: the place a
 * crash test stops the writer to kill its session. Production writers use {@link #NONE}.
 */
@FunctionalInterface
interface BeforeCommit {
    BeforeCommit NONE = (connection, claimId) -> {
    };

    void reached(Connection connection, String claimId) throws SQLException;
}
