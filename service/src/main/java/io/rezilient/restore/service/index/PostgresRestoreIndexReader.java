package io.rezilient.restore.service.index;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link RestoreIndexReader} over PostgreSQL. One statement per lookup, read through a server-side cursor
 * (autocommit off + fetch size: pgjdbc otherwise buffers the whole result), ordered so each record's rows arrive
 * together and can be handed on before the next record is read. The WHERE clause leads with the scope and the
 * tables/records, the columns of {@code index_events_pit_lookup}.
 */
public final class PostgresRestoreIndexReader implements RestoreIndexReader {
    /** Rows per round trip: large enough to amortise the trip, small enough to bound memory. */
    public static final int FETCH_SIZE = 1000;

    private static final String SELECT = """
            SELECT table_name, record_sys_id, event_id, event_type, operation, sys_updated_on, sys_mod_count,
                   event_time, topic, kafka_partition, kafka_offset::text AS kafka_offset, artifact_key,
                   manifest_key, generation_id, artifact_kind
              FROM rez_restore_index.index_events
             WHERE tenant_id = ? AND instance_id = ? AND source = ?
               AND table_name = ANY (?) AND record_sys_id IS NOT NULL
            """;
    private static final String RECORD_FILTER = "   AND record_sys_id = ANY (?)\n";
    private static final String CUTOFF_FILTER = "   AND event_time <= ?\n";
    // §4.3's candidate order after the grouping columns; identifiers are COLLATE "C" (byte order), and the
    // sys_updated_on text sorts chronologically by its fixed format.
    private static final String ORDER = """
             ORDER BY table_name, record_sys_id, sys_updated_on DESC NULLS LAST, sys_mod_count DESC NULLS LAST,
                      event_time DESC, event_id DESC, topic, kafka_partition, kafka_offset DESC, artifact_key,
                      manifest_key
            """;

    private final DataSource dataSource;

    public PostgresRestoreIndexReader(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The statement a query runs (tests EXPLAIN it). */
    static String sql(CandidateQuery query) {
        return SELECT + (query.recordSysIds().isPresent() ? RECORD_FILTER : "")
                + (query.includeEventsAfterPit() ? "" : CUTOFF_FILTER) + ORDER;
    }

    /** Binds {@link #sql}'s parameters. */
    static void bind(PreparedStatement statement, CandidateQuery query) throws SQLException {
        Connection connection = statement.getConnection();
        int i = 1;
        statement.setString(i++, query.scope().tenantId());
        statement.setString(i++, query.scope().instanceId());
        statement.setString(i++, query.scope().source());
        statement.setArray(i++, connection.createArrayOf("text", query.tables().toArray()));
        if (query.recordSysIds().isPresent()) {
            statement.setArray(i++, connection.createArrayOf("text", query.recordSysIds().get().toArray()));
        }
        if (!query.includeEventsAfterPit()) {
            statement.setObject(i, OffsetDateTime.ofInstant(query.pitCutoff(), ZoneOffset.UTC));
        }
    }

    @Override
    public LookupSummary stream(CandidateQuery query, Consumer<RecordCandidates> consumer) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(consumer, "consumer");
        Grouper grouper = new Grouper(query, consumer);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql(query))) {
                statement.setFetchSize(FETCH_SIZE);
                bind(statement, query);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        grouper.add(event(rows));
                    }
                }
                grouper.flush();
            } finally {
                connection.rollback(); // read-only: nothing to keep, and the cursor's snapshot is released
            }
        } catch (SQLException e) {
            throw new RestoreIndexUnavailableException("cannot read indexed events of " + query.scope()
                    + ": " + e.getMessage(), e);
        }
        return grouper.summary();
    }

    private static IndexedEvent event(ResultSet rows) throws SQLException {
        Number modCount = (Number) rows.getObject("sys_mod_count");
        return new IndexedEvent(rows.getString("event_id"), rows.getString("event_type"),
                rows.getString("table_name"), rows.getString("record_sys_id"), rows.getString("operation"),
                rows.getString("sys_updated_on"), modCount == null ? null : modCount.intValue(),
                rows.getObject("event_time", OffsetDateTime.class).toInstant(), rows.getString("topic"),
                rows.getInt("kafka_partition"), rows.getString("kafka_offset"), rows.getString("artifact_key"),
                rows.getString("manifest_key"), rows.getString("generation_id"), rows.getString("artifact_kind"));
    }

    /** Collects consecutive rows of one record and hands the record on when the next one starts. */
    private static final class Grouper {
        private final CandidateQuery query;
        private final Consumer<RecordCandidates> consumer;
        private String table;
        private String record;
        private List<IndexedEvent> candidates = new ArrayList<>();
        private RecordCandidates.AfterPit afterPit;
        private long records;
        private long candidateCount;
        private long createdAfterPit;

        Grouper(CandidateQuery query, Consumer<RecordCandidates> consumer) {
            this.query = query;
            this.consumer = consumer;
        }

        void add(IndexedEvent event) {
            if (!event.table().equals(table) || !event.recordSysId().equals(record)) {
                flush();
                table = event.table();
                record = event.recordSysId();
            }
            if (event.eventTime().isAfter(query.pitCutoff())) {
                if (!event.rowCapable()) {
                    // an attachment added or removed after the PIT says nothing about the record's own existence
                    return;
                }
                afterPit = afterPit == null ? new RecordCandidates.AfterPit(event, event, 1) : afterPit.with(event);
            } else {
                candidates.add(event);
            }
        }

        void flush() {
            if (table == null) {
                return;
            }
            if (candidates.isEmpty() && afterPit == null) {
                // only media events, all after the PIT: nothing of the record itself to report
                table = null;
                record = null;
                return;
            }
            RecordCandidates result = new RecordCandidates(table, record, candidates, Optional.ofNullable(afterPit));
            records++;
            candidateCount += candidates.size();
            if (result.createdAfterPit()) {
                createdAfterPit++;
            }
            table = null;
            record = null;
            candidates = new ArrayList<>();
            afterPit = null;
            consumer.accept(result);
        }

        LookupSummary summary() {
            return new LookupSummary(records, candidateCount, createdAfterPit);
        }
    }
}
