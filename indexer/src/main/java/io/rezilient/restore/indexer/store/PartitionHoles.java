package io.rezilient.restore.indexer.store;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The holes above partition frontiers, for operators: which offsets are missing, and — when one will never arrive
 * (a lost artifact, an offset the producer never used) — declaring it missing for good so the frontier moves on.
 * A skip is recorded in {@code skipped_offsets} with who and why, in the transaction that moves the watermark.
 */
public final class PartitionHoles {
    // Gaps and islands between the frontier (indexed) and the highest indexed offset: each indexed offset whose
    // predecessor in the list is more than one below it ends a missing run.
    private static final String MISSING = """
            SELECT (previous + 1)::text AS first_missing, (kafka_offset - 1)::text AS last_missing
              FROM (SELECT kafka_offset, lag(kafka_offset) OVER (ORDER BY kafka_offset) AS previous
                      FROM (SELECT DISTINCT kafka_offset FROM %s
                             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ?
                               AND kafka_partition = ? AND generation_id = ?
                               AND kafka_offset >= ?::numeric AND kafka_offset <= ?::numeric) offsets) steps
             WHERE kafka_offset > previous + 1
             ORDER BY kafka_offset
             LIMIT ?
            """.formatted(Tables.INDEX_EVENTS);
    private static final String RECORD_SKIP = """
            INSERT INTO %s (tenant_id, instance_id, source, topic, kafka_partition, generation_id, first_offset,
                            last_offset, reason, skipped_by)
            VALUES (?, ?, ?, ?, ?, ?, ?::numeric, ?::numeric, ?, ?)
            """.formatted(Tables.SKIPPED_OFFSETS);

    private final DataSource dataSource;
    private final WatermarkFreshness freshness;

    public PartitionHoles(DataSource dataSource, WatermarkFreshness freshness) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    /** The missing runs between the watermark's frontier and its highest indexed offset, lowest first. */
    public List<MissingRange> missing(PartitionWatermark watermark, int limit) {
        if (!watermark.holeOpen()) {
            return List.of();
        }
        PartitionKey partition = watermark.partition();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(MISSING)) {
            statement.setString(1, partition.source().tenantId());
            statement.setString(2, partition.source().instanceId());
            statement.setString(3, partition.source().source());
            statement.setString(4, partition.topic());
            statement.setInt(5, partition.partition());
            statement.setString(6, watermark.generationId());
            statement.setString(7, watermark.indexedThroughOffset());
            statement.setString(8, watermark.highestIndexedOffset());
            statement.setInt(9, limit);
            List<MissingRange> ranges = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ranges.add(new MissingRange(rows.getString("first_missing"), rows.getString("last_missing")));
                }
            }
            return ranges;
        } catch (SQLException failure) {
            throw new IndexStoreException("cannot list the missing offsets of " + partition + ": "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * Declares the hole the frontier of {@code partition} waits at missing for good: the run of offsets from
     * {@code firstMissingOffset} (which must be the one right after the frontier) up to the next indexed offset.
     *
     * @throws IllegalArgumentException when the partition has no watermark, no open hole, or its frontier waits
     *                                  at another offset
     */
    public SkippedHole skip(PartitionKey partition, String firstMissingOffset, String reason, String skippedBy) {
        BigInteger first = new BigInteger(Objects.requireNonNull(firstMissingOffset, "firstMissingOffset"));
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a skip needs a reason");
        }
        if (skippedBy == null || skippedBy.isBlank()) {
            throw new IllegalArgumentException("a skip needs the name of who decided it");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                SkippedHole skipped = skipInTransaction(connection, partition, first, reason.strip(),
                        skippedBy.strip());
                connection.commit();
                return skipped;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw new IndexStoreException("cannot skip offsets of " + partition + ": " + failure.getMessage(),
                    failure);
        }
    }

    private SkippedHole skipInTransaction(Connection transaction, PartitionKey partition, BigInteger first,
                                          String reason, String skippedBy) throws SQLException {
        WatermarkPosition current = Watermarks.lock(transaction, Set.of(partition)).get(partition);
        if (current == null) {
            throw new IllegalArgumentException("partition " + partition + " has no watermark");
        }
        if (!current.holeOpen()) {
            throw new IllegalArgumentException("partition " + partition + " has no open hole: it is indexed"
                    + " through its highest offset " + current.throughOffset());
        }
        BigInteger waitingAt = current.throughOffset().add(BigInteger.ONE);
        if (!first.equals(waitingAt)) {
            throw new IllegalArgumentException("the frontier of " + partition + " waits at offset " + waitingAt
                    + ", not " + first + "; only the hole it waits at can be skipped");
        }
        GenerationKey generation = new GenerationKey(partition, current.generationId());
        PartitionOffsets indexed = new PartitionOffsets(transaction);
        BigInteger last = indexed.above(generation, current.throughOffset(), 1).getFirst().offset()
                .subtract(BigInteger.ONE);
        try (PreparedStatement statement = transaction.prepareStatement(RECORD_SKIP)) {
            statement.setString(1, partition.source().tenantId());
            statement.setString(2, partition.source().instanceId());
            statement.setString(3, partition.source().source());
            statement.setString(4, partition.topic());
            statement.setInt(5, partition.partition());
            statement.setString(6, current.generationId());
            statement.setString(7, first.toString());
            statement.setString(8, last.toString());
            statement.setString(9, reason);
            statement.setString(10, skippedBy);
            statement.executeUpdate();
        }
        Instant now = IndexStore.transactionTime(transaction);
        WatermarkPosition next = WatermarkPlan.afterSkip(current, last, generation, indexed, now);
        Watermarks.write(transaction, Map.of(partition, next), now, freshness);
        Coverage.recompute(transaction, Set.of(partition.source()));
        return new SkippedHole(partition, first.toString(), last.toString(), next.throughOffset().toString(),
                next.holeOpen());
    }

    /**
     * @param indexedThroughOffset the frontier after the skip
     * @param holeStillOpen        whether another hole now holds the frontier
     */
    public record SkippedHole(PartitionKey partition, String firstOffset, String lastOffset,
                              String indexedThroughOffset, boolean holeStillOpen) {
    }
}
