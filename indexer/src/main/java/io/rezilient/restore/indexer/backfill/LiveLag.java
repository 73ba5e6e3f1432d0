package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.db.RestoreSchemas;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * The live indexer's freshness lag as its own batches last measured it: the largest {@code last_lag_seconds} (age of
 * the newest event a batch read) over the live ingest scope and its partition groups. A scope whose progress row has
 * not been written for {@code aliveWithin} has no live worker running, and a backfill cannot slow down a worker that
 * does not run: its lag then counts as 0.
 */
final class LiveLag {
    private static final String PROGRESS = RestoreSchemas.INDEX_SCHEMA + ".source_progress";

    private final DataSource dataSource;
    private final String liveScopeId;
    private final Duration aliveWithin;

    LiveLag(DataSource dataSource, String liveScopeId, Duration aliveWithin) {
        this.dataSource = dataSource;
        this.liveScopeId = liveScopeId;
        this.aliveWithin = aliveWithin;
    }

    long seconds() {
        return Transactions.read(dataSource, "read the live indexer's lag", connection -> {
            // the scope itself or one of its groups (<scope>#group-i-of-n), compared as text: a LIKE pattern would
            // treat '_' in a scope id as a wildcard
            try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(last_lag_seconds), 0)"
                    + " FROM " + PROGRESS + " WHERE (ingest_scope_id = ? OR left(ingest_scope_id, ?) = ?)"
                    + " AND updated_at > now() - make_interval(secs => ?)")) {
                String groupPrefix = liveScopeId + "#group-";
                select.setString(1, liveScopeId);
                select.setInt(2, groupPrefix.length());
                select.setString(3, groupPrefix);
                select.setDouble(4, aliveWithin.toMillis() / 1000.0);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }
}
