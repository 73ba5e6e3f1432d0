package io.rezilient.restore.service.index;


import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Writes index rows with plain SQL, as the indexer does (V1 columns; a generation row before its events). */
final class IndexRows {
    static final String GENERATION = "gen-1";

    private final DataSource owner;

    IndexRows(DataSource owner) {
        this.owner = owner;
    }

    /** Registers generation {@link #GENERATION} (epoch 1) of a partition; a second call is a no-op. */
    void generation(IndexScope scope, String topic, int partition) throws SQLException {
        update("INSERT INTO rez_restore_index.partition_generations (tenant_id, instance_id, source, topic,"
                        + " kafka_partition, generation_id, generation_epoch, generation_started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 1, '2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING",
                scope.tenantId(), scope.instanceId(), scope.source(), topic, partition, GENERATION);
    }

    /** An event in topic rez.cdc partition 0 (generation registered on the fly). */
    void event(IndexScope scope, String table, String record, String eventId, String sysUpdatedOn,
               Integer modCount, String eventTime) throws SQLException {
        event(scope, table, record, eventId, sysUpdatedOn, modCount, eventTime, "rez.cdc", 0, 1);
    }

    void event(IndexScope scope, String table, String record, String eventId, String sysUpdatedOn, Integer modCount,
               String eventTime, String topic, int partition, long offset) throws SQLException {
        generation(scope, topic, partition);
        update("INSERT INTO rez_restore_index.index_events (tenant_id, instance_id, source, table_name, record_sys_id,"
                        + " event_id, event_type, operation, sys_updated_on, sys_mod_count, event_time, topic,"
                        + " kafka_partition, kafka_offset, artifact_key, manifest_key, artifact_kind, generation_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'cdc.write', 'U', ?, ?, ?, ?, ?, ?, ?, ?, 'cdc', ?)",
                scope.tenantId(), scope.instanceId(), scope.source(), table, record, eventId, sysUpdatedOn, modCount,
                time(eventTime), topic, partition, offset, "art/" + eventId + ".artifact.json",
                "art/" + eventId + ".manifest.json", GENERATION);
    }

    /** A watermark of generation {@link #GENERATION}; stored freshness columns deliberately claim "fresh". */
    void watermark(IndexScope scope, String topic, int partition, String offset, String indexedThrough)
            throws SQLException {
        generation(scope, topic, partition);
        update("INSERT INTO rez_restore_index.partition_watermarks (tenant_id, instance_id, source, topic,"
                        + " kafka_partition, generation_id, generation_epoch, indexed_from_offset, indexed_through_offset,"
                        + " highest_indexed_offset, indexed_through_time, highest_indexed_time, coverage_start,"
                        + " coverage_end, freshness, executability, reason_code, measured_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?::numeric, ?::numeric, ?, ?, '2026-01-01T00:00:00Z', ?,"
                        + " 'fresh', 'executable', 'none', ?)",
                scope.tenantId(), scope.instanceId(), scope.source(), topic, partition, GENERATION, offset, offset,
                time(indexedThrough), time(indexedThrough), time(indexedThrough), time(indexedThrough));
    }

    /** An open quarantined artifact located in a partition (topic null: located in the source only). */
    void quarantine(IndexScope scope, String topic, Integer partition, boolean resolved) throws SQLException {
        String manifest = "m/" + UUID.randomUUID() + ".manifest.json";
        update("INSERT INTO rez_restore_index.quarantined_artifacts (ingest_scope_id, manifest_key, reason_code,"
                        + " reason, tenant_id, instance_id, source, topic, kafka_partition, resolved_at, resolution)"
                        + " VALUES ('scope-1', ?, 'bad_manifest', 'test', ?, ?, ?, ?, ?, "
                        + (resolved ? "now(), 'skipped'" : "NULL, NULL") + ")",
                manifest, scope.tenantId(), scope.instanceId(), scope.source(), topic, partition);
    }

    int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = owner.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    static OffsetDateTime time(String iso) {
        return OffsetDateTime.ofInstant(Instant.parse(iso), ZoneOffset.UTC);
    }
}
