package io.rezilient.restore.indexer.store;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Moves a partition's indexed range down over history a backfill indexed below it (written with
 * {@code IndexStore(…, holdHistory = true)}, which left the watermark alone): only when every offset from the new
 * start up to the range's old start is indexed, so the range — and the source's coverage computed from it — never
 * claims an offset the index lacks. One transaction, under the source's lock and the watermark row's, like a batch.
 */
public final class HistoryExtension {
    private static final String HISTORY = """
            SELECT count(DISTINCT kafka_offset), min(event_time)
              FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ? AND kafka_partition = ?
               AND generation_id = ? AND kafka_offset >= ?::numeric AND kafka_offset < ?::numeric
            """.formatted(Tables.INDEX_EVENTS);

    /**
     * What the extension did.
     *
     * @param extended whether the range starts at the requested offset now (also when it already did)
     * @param missing  offsets between the requested start and the old one that are not indexed (0 when extended)
     * @param from     where the range starts now
     */
    public record Outcome(boolean extended, BigInteger missing, BigInteger from) {
    }

    private final DataSource dataSource;
    private final WatermarkFreshness freshness;

    public HistoryExtension(DataSource dataSource, WatermarkFreshness freshness) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    /** Extends the range of {@code partition} down to {@code newFrom} if the history below it is complete. */
    public Outcome extendDown(PartitionKey partition, BigInteger newFrom) {
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            try {
                Outcome outcome = extend(transaction, partition, newFrom);
                transaction.commit();
                return outcome;
            } catch (SQLException | RuntimeException failure) {
                transaction.rollback();
                throw failure;
            } finally {
                transaction.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw new IndexStoreException("cannot extend the indexed range of " + partition + ": "
                    + failure.getMessage(), failure);
        }
    }

    private Outcome extend(Connection transaction, PartitionKey partition, BigInteger newFrom) throws SQLException {
        Generations.lock(transaction, partition.source()); // coverage reads every watermark of the source
        WatermarkPosition current = Watermarks.lock(transaction, Set.of(partition)).get(partition);
        if (current == null) {
            throw new IndexStoreException("partition " + partition + " has no indexed range to extend");
        }
        if (current.fromOffset().compareTo(newFrom) <= 0) {
            return new Outcome(true, BigInteger.ZERO, current.fromOffset());
        }
        BigInteger indexed;
        Instant earliest;
        try (PreparedStatement select = transaction.prepareStatement(HISTORY)) {
            select.setString(1, partition.source().tenantId());
            select.setString(2, partition.source().instanceId());
            select.setString(3, partition.source().source());
            select.setString(4, partition.topic());
            select.setInt(5, partition.partition());
            select.setString(6, current.generationId());
            select.setString(7, newFrom.toString());
            select.setString(8, current.fromOffset().toString());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                indexed = BigInteger.valueOf(row.getLong(1));
                Timestamp first = row.getTimestamp(2);
                earliest = first == null ? null : first.toInstant();
            }
        }
        BigInteger needed = current.fromOffset().subtract(newFrom);
        if (!indexed.equals(needed)) {
            return new Outcome(false, needed.subtract(indexed), current.fromOffset());
        }
        Instant coverageStart = OffsetTime.earlier(current.coverageStart(), earliest);
        WatermarkPosition extended = new WatermarkPosition(current.generationId(), current.generationEpoch(), newFrom,
                current.throughOffset(), current.indexedThroughTime(), coverageStart, current.highestOffset(),
                current.highestTime(), current.stalledSince());
        Watermarks.write(transaction, Map.of(partition, extended), IndexStore.transactionTime(transaction), freshness);
        Coverage.recompute(transaction, Set.of(partition.source()));
        return new Outcome(true, BigInteger.ZERO, newFrom);
    }
}
