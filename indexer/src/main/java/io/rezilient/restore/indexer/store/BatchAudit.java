package io.rezilient.restore.indexer.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes something about a batch in the batch's own transaction, after its events, watermarks and cursor and before
 * the commit: either all of it is durable or none. The backfill audit uses it, so an audit row exists exactly for the
 * batches whose rows and cursor were committed.
 */
@FunctionalInterface
public interface BatchAudit {
    /** Records nothing. */
    BatchAudit NONE = (transaction, written) -> { };

    void record(Connection transaction, WrittenBatch written) throws SQLException;
}
