package io.rezilient.restore.indexer.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.indexer.lease.IngestScope;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Read models of the index for the worker, the freshness gate and {@code rez indexer status}. */
public final class IndexReader {
    private static final TypeReference<Map<String, String>> SPAN = new TypeReference<>() {
    };

    private static final String WATERMARK_COLUMNS = """
            tenant_id, instance_id, source, topic, kafka_partition, generation_id, generation_epoch,
            indexed_from_offset, indexed_through_offset, indexed_through_time, coverage_start, coverage_end,
            highest_indexed_offset, highest_indexed_time, frontier_stalled_since, freshness, executability,
            reason_code, measured_at, updated_at""";
    private static final String WATERMARKS_OF_SOURCE = """
            SELECT %s FROM %s WHERE tenant_id = ? AND instance_id = ? AND source = ?
             ORDER BY topic, kafka_partition
            """.formatted(WATERMARK_COLUMNS, Tables.PARTITION_WATERMARKS);
    private static final String WATERMARK = """
            SELECT %s FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ? AND kafka_partition = ?
            """.formatted(WATERMARK_COLUMNS, Tables.PARTITION_WATERMARKS);
    private static final String GENERATIONS = """
            SELECT generation_id, generation_epoch, generation_started_at, generation_ended_at, max_indexed_offset,
                   max_indexed_time
              FROM %s
             WHERE tenant_id = ? AND instance_id = ? AND source = ? AND topic = ? AND kafka_partition = ?
             ORDER BY generation_epoch
            """.formatted(Tables.PARTITION_GENERATIONS);
    private static final String COVERAGE = """
            SELECT earliest_indexed_time, latest_indexed_time, generation_span::text AS span, measured_at
              FROM %s WHERE tenant_id = ? AND instance_id = ? AND source = ?
            """.formatted(Tables.SOURCE_COVERAGE);
    private static final String PROGRESS = """
            SELECT ingest_scope_id, source_uri, cursor, last_batch_size, last_indexed_event_time, last_indexed_offset,
                   last_lag_seconds, processed_count, fencing_epoch, last_observed_tenant_id,
                   last_observed_instance_id, last_observed_source, updated_at
              FROM %s WHERE ingest_scope_id = ?
            """.formatted(Tables.SOURCE_PROGRESS);

    // an ingest scope and the partition-group scopes it was split into (ids "<scope>#group-…")
    private static final String PROGRESS_OF_FAMILY = """
            SELECT ingest_scope_id, source_uri, cursor, last_batch_size, last_indexed_event_time, last_indexed_offset,
                   last_lag_seconds, processed_count, fencing_epoch, last_observed_tenant_id,
                   last_observed_instance_id, last_observed_source, updated_at
              FROM %s WHERE ingest_scope_id = ? OR starts_with(ingest_scope_id, ?)
             ORDER BY ingest_scope_id
            """.formatted(Tables.SOURCE_PROGRESS);

    private final DataSource dataSource;

    public IndexReader(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Every watermark of a source, by topic and partition. */
    public List<PartitionWatermark> watermarks(SourceKey source) {
        return query(WATERMARKS_OF_SOURCE, "watermarks of " + source, statement -> bindSource(statement, source),
                IndexReader::watermark);
    }

    public Optional<PartitionWatermark> watermark(PartitionKey partition) {
        return query(WATERMARK, "watermark of " + partition, statement -> bindPartition(statement, partition),
                IndexReader::watermark).stream().findFirst();
    }

    /** The generations of a partition, oldest epoch first. */
    public List<PartitionGeneration> generations(PartitionKey partition) {
        return query(GENERATIONS, "generations of " + partition, statement -> bindPartition(statement, partition),
                row -> new PartitionGeneration(partition, row.getString("generation_id"),
                        row.getLong("generation_epoch"), Sql.instant(row, "generation_started_at"),
                        Sql.instant(row, "generation_ended_at"), Sql.offset(row, "max_indexed_offset"),
                        Sql.instant(row, "max_indexed_time")));
    }

    /** The source's coverage; empty before its first watermark. */
    public Optional<SourceCoverage> coverage(SourceKey source) {
        return query(COVERAGE, "coverage of " + source, statement -> bindSource(statement, source),
                row -> new SourceCoverage(source, Sql.instant(row, "earliest_indexed_time"),
                        Sql.instant(row, "latest_indexed_time"), span(row.getString("span")),
                        Sql.instant(row, "measured_at"))).stream().findFirst();
    }

    /**
     * The scope's progress; empty before its first batch. Fails when the stored row binds the scope to another
     * source URI (the reference's {@code ingest_scope_id/source_uri conflict}), so a misconfigured worker stops
     * before it reads anything.
     */
    public Optional<SourceProgress> progress(IngestScope scope) {
        Optional<SourceProgress> progress = query(PROGRESS, "progress of ingest scope " + scope.id(),
                statement -> statement.setString(1, scope.id()), IndexReader::progress).stream().findFirst();
        progress.ifPresent(stored -> {
            if (!stored.sourceUri().equals(scope.sourceUri())) {
                throw new IndexStoreException("ingest_scope_id/source_uri conflict: scope " + scope.id()
                        + " is bound to " + stored.sourceUri() + ", not " + scope.sourceUri());
            }
        });
        return progress;
    }

    /**
     * The progress rows of ingest scope {@code baseScopeId} and of every scope whose id starts with
     * {@code familyPrefix} (its partition groups, of any group count), in id order.
     */
    public List<SourceProgress> progressOfFamily(String baseScopeId, String familyPrefix) {
        return query(PROGRESS_OF_FAMILY, "progress of ingest scope " + baseScopeId + " and its groups", statement -> {
            statement.setString(1, baseScopeId);
            statement.setString(2, familyPrefix);
        }, IndexReader::progress);
    }

    private static PartitionWatermark watermark(ResultSet row) throws SQLException {
        PartitionKey partition = new PartitionKey(row.getString("tenant_id"), row.getString("instance_id"),
                row.getString("source"), row.getString("topic"), row.getInt("kafka_partition"));
        return new PartitionWatermark(partition, row.getString("generation_id"), row.getLong("generation_epoch"),
                Sql.offset(row, "indexed_from_offset"), Sql.offset(row, "indexed_through_offset"),
                Sql.instant(row, "indexed_through_time"), Sql.instant(row, "coverage_start"),
                Sql.instant(row, "coverage_end"), Sql.offset(row, "highest_indexed_offset"),
                Sql.instant(row, "highest_indexed_time"), Sql.instant(row, "frontier_stalled_since"),
                Freshness.fromWire(row.getString("freshness")),
                Executability.fromWire(row.getString("executability")),
                ReasonCode.fromWire(row.getString("reason_code")), Sql.instant(row, "measured_at"),
                Sql.instant(row, "updated_at"));
    }

    private static SourceProgress progress(ResultSet row) throws SQLException {
        return new SourceProgress(row.getString("ingest_scope_id"), row.getString("source_uri"),
                row.getString("cursor"), row.getInt("last_batch_size"), Sql.instant(row, "last_indexed_event_time"),
                Sql.offset(row, "last_indexed_offset"), Sql.nullableLong(row, "last_lag_seconds"),
                row.getLong("processed_count"), row.getLong("fencing_epoch"),
                row.getString("last_observed_tenant_id"), row.getString("last_observed_instance_id"),
                row.getString("last_observed_source"), Sql.instant(row, "updated_at"));
    }

    private static Map<String, String> span(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, SPAN);
        } catch (java.io.IOException e) {
            throw new SQLException("generation_span is not a JSON object of strings: " + json, e);
        }
    }

    private static void bindSource(PreparedStatement statement, SourceKey source) throws SQLException {
        statement.setString(1, source.tenantId());
        statement.setString(2, source.instanceId());
        statement.setString(3, source.source());
    }

    private static void bindPartition(PreparedStatement statement, PartitionKey partition) throws SQLException {
        bindSource(statement, partition.source());
        statement.setString(4, partition.topic());
        statement.setInt(5, partition.partition());
    }

    private <T> List<T> query(String sql, String what, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IndexStoreException("cannot read the " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }
}
