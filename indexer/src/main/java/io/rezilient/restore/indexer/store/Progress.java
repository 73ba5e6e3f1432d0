package io.rezilient.restore.indexer.store;

import io.rezilient.restore.indexer.lease.LeaseGrant;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes an ingest scope's {@code source_progress} row for one batch. Latest-poll facts (cursor, batch size, lag)
 * are overwritten; the last indexed time and offset only grow; {@code processed_count} adds the batch's newly
 * inserted events, so a redelivered or retried batch never counts twice (weak point 12).
 */
final class Progress {
    private static final String UPSERT = """
            INSERT INTO %s AS p (ingest_scope_id, source_uri, cursor, last_batch_size, last_indexed_event_time,
                                 last_indexed_offset, last_lag_seconds, processed_count, fencing_epoch,
                                 last_observed_tenant_id, last_observed_instance_id, last_observed_source,
                                 created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())
            ON CONFLICT ON CONSTRAINT source_progress_pk DO UPDATE
               SET source_uri                = EXCLUDED.source_uri, -- a different URI fails (source_uri_is_fixed)
                   cursor                    = EXCLUDED.cursor,
                   last_batch_size           = EXCLUDED.last_batch_size,
                   -- GREATEST ignores NULL: an empty batch keeps the previous values
                   last_indexed_event_time   = GREATEST(p.last_indexed_event_time, EXCLUDED.last_indexed_event_time),
                   last_indexed_offset       = GREATEST(p.last_indexed_offset, EXCLUDED.last_indexed_offset),
                   last_lag_seconds          = EXCLUDED.last_lag_seconds,
                   processed_count           = p.processed_count + EXCLUDED.processed_count,
                   fencing_epoch             = EXCLUDED.fencing_epoch, -- a lower one fails (fencing trigger)
                   last_observed_tenant_id   = COALESCE(EXCLUDED.last_observed_tenant_id, p.last_observed_tenant_id),
                   last_observed_instance_id = COALESCE(EXCLUDED.last_observed_instance_id,
                                                        p.last_observed_instance_id),
                   last_observed_source      = COALESCE(EXCLUDED.last_observed_source, p.last_observed_source),
                   updated_at                = EXCLUDED.updated_at
            """.formatted(Tables.SOURCE_PROGRESS);

    private Progress() {
    }

    static void write(Connection transaction, IndexBatch batch, int inserted, LeaseGrant grant) throws SQLException {
        List<IndexedEvent> events = batch.events();
        Instant latestTime = events.stream().map(IndexedEvent::eventTime).max(Instant::compareTo).orElse(null);
        BigInteger highestOffset = events.stream().map(event -> new BigInteger(event.offset()))
                .max(BigInteger::compareTo).orElse(null);
        IndexedEvent last = events.isEmpty() ? null : events.getLast();
        try (PreparedStatement statement = transaction.prepareStatement(UPSERT)) {
            statement.setString(1, batch.scope().id());
            statement.setString(2, batch.scope().sourceUri());
            statement.setString(3, batch.cursor());
            statement.setInt(4, batch.itemCount());
            Sql.setNullableInstant(statement, 5, latestTime);
            statement.setBigDecimal(6, highestOffset == null ? null : Sql.numeric(highestOffset));
            Sql.setNullableLong(statement, 7, batch.realtimeLagSeconds());
            statement.setLong(8, inserted);
            statement.setLong(9, grant.fencingEpoch());
            statement.setString(10, last == null ? null : last.tenantId());
            statement.setString(11, last == null ? null : last.instanceId());
            statement.setString(12, last == null ? null : last.source());
            statement.executeUpdate();
        }
    }
}
