package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link IndexedOffsets} over {@code index_events} inside the batch transaction, so it also sees the rows the batch
 * has just inserted. Served by the index {@code index_events_partition_offsets} (db migration V9).
 */
final class PartitionOffsets implements IndexedOffsets {
    private static final String ABOVE = """
            SELECT kafka_offset::text AS offset_text, min(event_time) AS earliest, max(event_time) AS latest
              FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ? AND kafka_partition = ?
               AND generation_id = ? AND kafka_offset > ?::numeric
             GROUP BY kafka_offset
             ORDER BY kafka_offset -- the numeric column, not its text
             LIMIT ?
            """.formatted(Tables.INDEX_EVENTS);

    private final Connection transaction;

    PartitionOffsets(Connection transaction) {
        this.transaction = transaction;
    }

    @Override
    public List<OffsetTime> above(GenerationKey generation, BigInteger after, int limit) {
        PartitionKey partition = generation.partition();
        try (PreparedStatement statement = transaction.prepareStatement(ABOVE)) {
            statement.setString(1, partition.source().tenantId());
            statement.setString(2, partition.source().instanceId());
            statement.setString(3, partition.source().source());
            statement.setString(4, partition.topic());
            statement.setInt(5, partition.partition());
            statement.setString(6, generation.generationId());
            statement.setString(7, after.toString());
            statement.setInt(8, limit);
            List<OffsetTime> offsets = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    offsets.add(new OffsetTime(new BigInteger(row.getString("offset_text")),
                            Sql.instant(row, "earliest"), Sql.instant(row, "latest")));
                }
            }
            return offsets;
        } catch (SQLException failure) {
            throw new IndexStoreException("cannot read the indexed offsets of " + generation.partition()
                    + " above " + after + ": " + failure.getMessage(), failure);
        }
    }
}
