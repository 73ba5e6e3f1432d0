package io.rezilient.restore.service.index;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link WatermarkReader} over PostgreSQL. A source has few partitions, so both reads fetch all of the source's
 * watermark rows (a prefix of {@code partition_watermarks_pk}) and its open quarantine (the partial index
 * {@code quarantined_artifacts_open_by_source}) in one read-only transaction, then pick the partitions asked for.
 */
public final class PostgresWatermarkReader implements WatermarkReader {
    static final String WATERMARKS = """
            SELECT topic, kafka_partition, generation_id, indexed_through_offset::text AS indexed_through_offset,
                   indexed_through_time, coverage_start, coverage_end
              FROM rez_restore_index.partition_watermarks
             WHERE tenant_id = ? AND instance_id = ? AND source = ?
            """;
    // Open quarantine located in the source; a row without topic blocks every partition of the source (the
    // partition its artifact would have moved is unknown). Rows naming no source cannot be attributed here.
    static final String OPEN_QUARANTINE = """
            SELECT topic, kafka_partition, count(*) AS open
              FROM rez_restore_index.quarantined_artifacts
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND resolved_at IS NULL
             GROUP BY topic, kafka_partition
            """;

    private final DataSource dataSource;
    private final FreshnessRule rule;
    private final Clock clock;

    public PostgresWatermarkReader(DataSource dataSource, FreshnessRule rule, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<AuthoritativeWatermark> forPartitions(IndexScope scope, Collection<PartitionRef> partitions) {
        Objects.requireNonNull(partitions, "partitions");
        if (partitions.isEmpty()) {
            return List.of(); // nothing asked: no round trip (§4.7 then falls back to forSource)
        }
        SourceState state = read(scope);
        return new TreeSet<>(partitions).stream().map(partition -> state.watermark(partition)).toList();
    }

    @Override
    public List<AuthoritativeWatermark> forSource(IndexScope scope) {
        SourceState state = read(scope);
        TreeSet<PartitionRef> partitions = new TreeSet<>(state.rows.keySet());
        partitions.addAll(state.quarantineByPartition.keySet());
        return partitions.stream().map(state::watermark).toList();
    }

    private SourceState read(IndexScope scope) {
        Objects.requireNonNull(scope, "scope");
        Instant now = clock.instant(); // measured_at: one instant for every partition of the read
        SourceState state = new SourceState(scope, now);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                // REPEATABLE READ would be stricter; one snapshot per statement is enough because quarantine only
                // ever makes a verdict more conservative.
                readWatermarks(connection, scope, state);
                readQuarantine(connection, scope, state);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new RestoreIndexUnavailableException("cannot read watermarks of " + scope + ": " + e.getMessage(), e);
        }
        return state;
    }

    private static void readWatermarks(Connection connection, IndexScope scope, SourceState state)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WATERMARKS)) {
            bindScope(statement, scope);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    state.rows.put(new PartitionRef(rows.getString("topic"), rows.getInt("kafka_partition")),
                            new Row(rows.getString("generation_id"), rows.getString("indexed_through_offset"),
                                    instant(rows, "indexed_through_time"), instant(rows, "coverage_start"),
                                    instant(rows, "coverage_end")));
                }
            }
        }
    }

    private static void readQuarantine(Connection connection, IndexScope scope, SourceState state)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OPEN_QUARANTINE)) {
            bindScope(statement, scope);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int open = Math.toIntExact(rows.getLong("open"));
                    String topic = rows.getString("topic");
                    if (topic == null) {
                        state.sourceWideQuarantine += open;
                    } else {
                        state.quarantineByPartition.merge(new PartitionRef(topic, rows.getInt("kafka_partition")),
                                open, Integer::sum);
                    }
                }
            }
        }
    }

    private static void bindScope(PreparedStatement statement, IndexScope scope) throws SQLException {
        statement.setString(1, scope.tenantId());
        statement.setString(2, scope.instanceId());
        statement.setString(3, scope.source());
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private record Row(String generationId, String offset, Instant indexedThroughTime, Instant coverageStart,
                       Instant coverageEnd) {
    }

    /** One source's rows and quarantine, read once; builds the watermark of any partition. */
    private final class SourceState {
        final IndexScope scope;
        final Instant now;
        final Map<PartitionRef, Row> rows = new TreeMap<>();
        final Map<PartitionRef, Integer> quarantineByPartition = new HashMap<>();
        int sourceWideQuarantine;

        SourceState(IndexScope scope, Instant now) {
            this.scope = scope;
            this.now = now;
        }

        AuthoritativeWatermark watermark(PartitionRef partition) {
            int open = quarantineByPartition.getOrDefault(partition, 0) + sourceWideQuarantine;
            Row row = rows.get(partition);
            if (row == null) {
                return AuthoritativeWatermark.unindexed(scope, partition, now, open, rule.evaluate(null, open, now));
            }
            return new AuthoritativeWatermark(scope, partition, true, row.generationId(), row.offset(),
                    row.indexedThroughTime(), row.coverageStart(), row.coverageEnd(), now, open,
                    rule.evaluate(row.indexedThroughTime(), open, now));
        }
    }
}
