package io.rezilient.restore.indexer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Recomputes {@code source_coverage} of sources whose watermarks moved: once per source per batch, from all its
 * watermarks (the reference rescanned them once per event).
 */
final class Coverage {
    private static final String RECOMPUTE = """
            INSERT INTO %s AS c (tenant_id, instance_id, source, earliest_indexed_time, latest_indexed_time,
                                 generation_span, measured_at)
            SELECT w.tenant_id, w.instance_id, w.source, min(w.coverage_start), max(w.coverage_end),
                   jsonb_object_agg(w.topic || ':' || w.kafka_partition, w.generation_id), now()
              FROM %s w
              JOIN unnest(?::text[], ?::text[], ?::text[]) AS s(tenant_id, instance_id, source)
                ON w.tenant_id = s.tenant_id AND w.instance_id = s.instance_id AND w.source = s.source
             GROUP BY w.tenant_id, w.instance_id, w.source
            ON CONFLICT ON CONSTRAINT source_coverage_pk DO UPDATE
               SET earliest_indexed_time = EXCLUDED.earliest_indexed_time,
                   latest_indexed_time   = EXCLUDED.latest_indexed_time,
                   generation_span       = EXCLUDED.generation_span,
                   measured_at           = EXCLUDED.measured_at
            """.formatted(Tables.SOURCE_COVERAGE, Tables.PARTITION_WATERMARKS);

    private Coverage() {
    }

    static void recompute(Connection transaction, Set<SourceKey> sources) throws SQLException {
        if (sources.isEmpty()) {
            return;
        }
        List<SourceKey> rows = List.copyOf(sources);
        try (PreparedStatement statement = transaction.prepareStatement(RECOMPUTE)) {
            statement.setArray(1, Sql.texts(transaction, rows, SourceKey::tenantId));
            statement.setArray(2, Sql.texts(transaction, rows, SourceKey::instanceId));
            statement.setArray(3, Sql.texts(transaction, rows, SourceKey::source));
            statement.executeUpdate();
        }
    }
}
