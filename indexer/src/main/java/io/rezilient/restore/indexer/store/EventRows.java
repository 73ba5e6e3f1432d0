package io.rezilient.restore.indexer.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Inserts a batch's {@code index_events} rows set-wise, idempotently on the event identity key, and tells which
 * events were new.
 */
final class EventRows {
    /** Rows per statement: bounds the size of one bind message while keeping round trips few. */
    static final int ROWS_PER_STATEMENT = 5_000;

    /** Column → value, in the order of the INSERT below. */
    private static final List<Function<IndexedEvent, Object>> COLUMNS = List.of(
            IndexedEvent::tenantId, IndexedEvent::instanceId, IndexedEvent::source, IndexedEvent::app,
            IndexedEvent::table, IndexedEvent::recordSysId, IndexedEvent::attachmentSysId, IndexedEvent::mediaId,
            IndexedEvent::eventId, IndexedEvent::eventType, IndexedEvent::operation, IndexedEvent::schemaVersion,
            IndexedEvent::sysUpdatedOn, IndexedEvent::sysModCount, IndexedEvent::eventTime, IndexedEvent::topic,
            IndexedEvent::partition, IndexedEvent::offset, IndexedEvent::contentType, IndexedEvent::sizeBytes,
            IndexedEvent::sha256Plain, IndexedEvent::artifactKey, IndexedEvent::manifestKey,
            IndexedEvent::artifactKind, IndexedEvent::generationId);

    private static final String INSERT = """
            INSERT INTO %s (tenant_id, instance_id, source, app, table_name, record_sys_id, attachment_sys_id,
                            media_id, event_id, event_type, operation, schema_version, sys_updated_on,
                            sys_mod_count, event_time, topic, kafka_partition, kafka_offset, content_type,
                            size_bytes, sha256_plain, artifact_key, manifest_key, artifact_kind, generation_id)
            SELECT tenant_id, instance_id, source, app, table_name, record_sys_id, attachment_sys_id,
                   media_id, event_id, event_type, operation, schema_version::int, sys_updated_on,
                   sys_mod_count::int, event_time::timestamptz, topic, kafka_partition::int, kafka_offset::numeric,
                   content_type, size_bytes::bigint, sha256_plain, artifact_key, manifest_key, artifact_kind,
                   generation_id
              FROM unnest(%s) AS batch(tenant_id, instance_id, source, app, table_name, record_sys_id,
                            attachment_sys_id, media_id, event_id, event_type, operation, schema_version,
                            sys_updated_on, sys_mod_count, event_time, topic, kafka_partition, kafka_offset,
                            content_type, size_bytes, sha256_plain, artifact_key, manifest_key, artifact_kind,
                            generation_id)
            ON CONFLICT ON CONSTRAINT index_events_idempotency_key DO NOTHING
            RETURNING tenant_id, instance_id, source, topic, kafka_partition, generation_id, event_id
            """.formatted(Tables.INDEX_EVENTS, String.join(", ", Collections.nCopies(COLUMNS.size(), "?::text[]")));

    private EventRows() {
    }

    /** Inserts what is new; the result has one status per event, in order. A repeat within the batch is existing. */
    static List<WriteStatus> insert(Connection transaction, List<IndexedEvent> events) throws SQLException {
        Set<EventKey> inserted = new HashSet<>();
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            insertChunk(transaction, events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT)),
                    inserted);
        }
        List<WriteStatus> statuses = new ArrayList<>(events.size());
        for (IndexedEvent event : events) {
            // remove: only the first occurrence of a key repeated in the batch is the inserted one
            statuses.add(inserted.remove(event.eventKey()) ? WriteStatus.INSERTED : WriteStatus.EXISTING);
        }
        return statuses;
    }

    private static void insertChunk(Connection transaction, List<IndexedEvent> chunk, Set<EventKey> inserted)
            throws SQLException {
        try (PreparedStatement statement = transaction.prepareStatement(INSERT)) {
            List<Array> arrays = new ArrayList<>(COLUMNS.size());
            for (int i = 0; i < COLUMNS.size(); i++) {
                Array array = Sql.texts(transaction, chunk, COLUMNS.get(i));
                arrays.add(array);
                statement.setArray(i + 1, array);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    PartitionKey partition = new PartitionKey(rows.getString(1), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getInt(5));
                    inserted.add(new EventKey(new GenerationKey(partition, rows.getString(6)), rows.getString(7)));
                }
            }
            for (Array array : arrays) {
                array.free();
            }
        }
    }
}
