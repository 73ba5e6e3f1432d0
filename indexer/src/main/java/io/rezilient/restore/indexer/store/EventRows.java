package io.rezilient.restore.indexer.store;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    /** The columns of {@code index_events} the rows fill, in {@link #COLUMNS} order. */
    private static final String COLUMN_LIST = """
            tenant_id, instance_id, source, app, table_name, record_sys_id, attachment_sys_id, media_id, event_id,
            event_type, operation, schema_version, sys_updated_on, sys_mod_count, event_time, topic, kafka_partition,
            kafka_offset, content_type, size_bytes, sha256_plain, artifact_key, manifest_key, artifact_kind,
            generation_id""";

    /**
     * The session's staging table: rows arrive by COPY as text (offsets beyond 2^63 stay exact decimal text) and are
     * emptied at every commit. {@code ordinal} keeps the batch's order, so a key repeated in a batch inserts its first
     * row, as before.
     */
    private static final String STAGING = "rez_index_events_staging";
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS " + STAGING
            + " (ordinal integer, " + COLUMN_LIST.replace(",", " text,").replace("\n", " ") + " text)"
            + " ON COMMIT DELETE ROWS";
    private static final String COPY = "COPY " + STAGING + " (ordinal, " + COLUMN_LIST + ") FROM STDIN (FORMAT text)";

    private static final String INSERT = """
            INSERT INTO %s (%s)
            SELECT tenant_id, instance_id, source, app, table_name, record_sys_id, attachment_sys_id,
                   media_id, event_id, event_type, operation, schema_version::int, sys_updated_on,
                   sys_mod_count::int, event_time::timestamptz, topic, kafka_partition::int, kafka_offset::numeric,
                   content_type, size_bytes::bigint, sha256_plain, artifact_key, manifest_key, artifact_kind,
                   generation_id
              FROM %s ORDER BY ordinal
            ON CONFLICT ON CONSTRAINT index_events_idempotency_key DO NOTHING
            RETURNING tenant_id, instance_id, source, topic, kafka_partition, generation_id, event_id
            """.formatted(Tables.INDEX_EVENTS, COLUMN_LIST, STAGING);

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

    /**
     * COPYs the chunk into the staging table (one stream, no bind limits, no per-row parsing of arrays), then moves
     * it into {@code index_events} with one set-based insert, all in the caller's transaction.
     */
    private static void insertChunk(Connection transaction, List<IndexedEvent> chunk, Set<EventKey> inserted)
            throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute(CREATE_STAGING);
            statement.execute("TRUNCATE " + STAGING);
        }
        StringBuilder rows = new StringBuilder(chunk.size() * 512);
        for (int ordinal = 0; ordinal < chunk.size(); ordinal++) {
            rows.append(ordinal);
            for (Function<IndexedEvent, Object> column : COLUMNS) {
                rows.append('\t');
                CopyText.append(column.apply(chunk.get(ordinal)), rows);
            }
            rows.append('\n');
        }
        try {
            transaction.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(rows.toString()));
        } catch (IOException impossible) {
            throw new SQLException("copying index rows from memory failed: " + impossible.getMessage(), impossible);
        }
        try (PreparedStatement statement = transaction.prepareStatement(INSERT);
             ResultSet returned = statement.executeQuery()) {
            while (returned.next()) {
                PartitionKey partition = new PartitionKey(returned.getString(1), returned.getString(2),
                        returned.getString(3), returned.getString(4), returned.getInt(5));
                inserted.add(new EventKey(new GenerationKey(partition, returned.getString(6)), returned.getString(7)));
            }
        }
    }
}
