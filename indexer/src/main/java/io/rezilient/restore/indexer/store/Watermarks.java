package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads (locked) and writes {@code partition_watermarks} rows set-wise within a batch transaction. */
final class Watermarks {
    // ORDER BY before FOR UPDATE: rows are locked in key order, so two writers can never deadlock on them
    private static final String LOCK = """
            SELECT w.tenant_id, w.instance_id, w.source, w.topic, w.kafka_partition, w.generation_id,
                   w.generation_epoch, w.indexed_from_offset, w.indexed_through_offset, w.indexed_through_time,
                   w.coverage_start, w.highest_indexed_offset, w.highest_indexed_time, w.frontier_stalled_since
              FROM %s w
              JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS k(tenant_id, instance_id, source, topic, kafka_partition)
                ON w.tenant_id = k.tenant_id AND w.instance_id = k.instance_id AND w.source = k.source
               AND w.topic = k.topic AND w.kafka_partition = k.kafka_partition::int
             ORDER BY w.tenant_id, w.instance_id, w.source, w.topic, w.kafka_partition
               FOR UPDATE OF w
            """.formatted(Tables.PARTITION_WATERMARKS);

    private static final String UPSERT = """
            INSERT INTO %s AS w (tenant_id, instance_id, source, topic, kafka_partition, generation_id,
                                 generation_epoch, indexed_from_offset, indexed_through_offset, indexed_through_time,
                                 coverage_start, coverage_end, highest_indexed_offset, highest_indexed_time,
                                 frontier_stalled_since, freshness, executability, reason_code, measured_at,
                                 updated_at)
            SELECT tenant_id, instance_id, source, topic, kafka_partition::int, generation_id,
                   generation_epoch::bigint, from_offset::numeric, through_offset::numeric, through_time::timestamptz,
                   coverage_start::timestamptz, coverage_end::timestamptz, highest_offset::numeric,
                   highest_time::timestamptz, stalled_since::timestamptz, freshness, executability, reason_code,
                   now(), now()
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[])
                   AS n(tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch,
                        from_offset, through_offset, through_time, coverage_start, coverage_end, highest_offset,
                        highest_time, stalled_since, freshness, executability, reason_code)
            ON CONFLICT ON CONSTRAINT partition_watermarks_pk DO UPDATE
               SET generation_id          = EXCLUDED.generation_id,
                   generation_epoch       = EXCLUDED.generation_epoch,
                   indexed_from_offset    = EXCLUDED.indexed_from_offset,
                   indexed_through_offset = EXCLUDED.indexed_through_offset,
                   highest_indexed_offset = EXCLUDED.highest_indexed_offset,
                   highest_indexed_time   = EXCLUDED.highest_indexed_time,
                   frontier_stalled_since = EXCLUDED.frontier_stalled_since,
                   indexed_through_time   = EXCLUDED.indexed_through_time,
                   coverage_start         = EXCLUDED.coverage_start,
                   coverage_end           = EXCLUDED.coverage_end,
                   freshness              = EXCLUDED.freshness,
                   executability          = EXCLUDED.executability,
                   reason_code            = EXCLUDED.reason_code,
                   measured_at            = EXCLUDED.measured_at,
                   updated_at             = EXCLUDED.updated_at
            """.formatted(Tables.PARTITION_WATERMARKS);

    private Watermarks() {
    }

    /** The stored watermarks of {@code partitions}, locked until the transaction ends. */
    static Map<PartitionKey, WatermarkPosition> lock(Connection transaction, Set<PartitionKey> partitions)
            throws SQLException {
        Map<PartitionKey, WatermarkPosition> stored = new HashMap<>();
        if (partitions.isEmpty()) {
            return stored;
        }
        List<PartitionKey> keys = List.copyOf(partitions);
        try (PreparedStatement statement = transaction.prepareStatement(LOCK)) {
            Sql.bindPartitionKeys(transaction, statement, keys, key -> key);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    PartitionKey partition = new PartitionKey(row.getString("tenant_id"),
                            row.getString("instance_id"), row.getString("source"), row.getString("topic"),
                            row.getInt("kafka_partition"));
                    stored.put(partition, new WatermarkPosition(row.getString("generation_id"),
                            row.getLong("generation_epoch"), offset(row, "indexed_from_offset"),
                            offset(row, "indexed_through_offset"), Sql.instant(row, "indexed_through_time"),
                            Sql.instant(row, "coverage_start"), offset(row, "highest_indexed_offset"),
                            Sql.instant(row, "highest_indexed_time"), Sql.instant(row, "frontier_stalled_since")));
                }
            }
        }
        return stored;
    }

    private static BigInteger offset(ResultSet row, String column) throws SQLException {
        return row.getBigDecimal(column).toBigIntegerExact();
    }

    /** Writes the changed watermarks, stamping freshness as measured at the transaction's time {@code now}. */
    static void write(Connection transaction, Map<PartitionKey, WatermarkPosition> changed, Instant now,
                      WatermarkFreshness freshness) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        List<Map.Entry<PartitionKey, WatermarkPosition>> rows = List.copyOf(changed.entrySet());
        List<FreshnessStamp> stamps = rows.stream()
                .map(row -> freshness.assess(row.getValue().indexedThroughTime(), now)).toList();
        try (PreparedStatement statement = transaction.prepareStatement(UPSERT)) {
            Sql.bindPartitionKeys(transaction, statement, rows, Map.Entry::getKey);
            statement.setArray(6, Sql.texts(transaction, rows, row -> row.getValue().generationId()));
            statement.setArray(7, Sql.texts(transaction, rows, row -> row.getValue().generationEpoch()));
            statement.setArray(8, Sql.texts(transaction, rows, row -> row.getValue().fromOffset()));
            statement.setArray(9, Sql.texts(transaction, rows, row -> row.getValue().throughOffset()));
            statement.setArray(10, Sql.texts(transaction, rows, row -> row.getValue().indexedThroughTime()));
            statement.setArray(11, Sql.texts(transaction, rows, row -> row.getValue().coverageStart()));
            statement.setArray(12, Sql.texts(transaction, rows, row -> row.getValue().coverageEnd()));
            statement.setArray(13, Sql.texts(transaction, rows, row -> row.getValue().highestOffset()));
            statement.setArray(14, Sql.texts(transaction, rows, row -> row.getValue().highestTime()));
            statement.setArray(15, Sql.texts(transaction, rows, row -> row.getValue().stalledSince()));
            statement.setArray(16, Sql.texts(transaction, stamps, stamp -> stamp.freshness().wire()));
            statement.setArray(17, Sql.texts(transaction, stamps, stamp -> stamp.executability().wire()));
            statement.setArray(18, Sql.texts(transaction, stamps, stamp -> stamp.reasonCode().wire()));
            statement.executeUpdate();
        }
    }
}
