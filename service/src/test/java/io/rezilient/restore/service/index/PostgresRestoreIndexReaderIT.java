package io.rezilient.restore.service.index;

import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresRestoreIndexReaderIT {
    private static final Instant CUTOFF = Instant.parse("2026-02-16T12:30:00Z");
    private static final String SERVICE_LOGIN =
            "rez_it_index_reader_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private static TestDatabase db;
    private static IndexRows rows;
    private static PostgresRestoreIndexReader reader;

    @BeforeAll
    static void createDatabase() throws SQLException {
        db = TestDatabases.createMigrated("PostgresRestoreIndexReaderIT");
        rows = new IndexRows(db.dataSource());
        reader = new PostgresRestoreIndexReader(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        db.close();
        db.dropLogin(SERVICE_LOGIN);
    }

    /** The reference's fixture (service-spec §12 state-reader): two versions of alpha, one of beta, noise around. */
    private static IndexScope referenceFixture() throws SQLException {
        IndexScope scope = newScope();
        rows.event(scope, "incident", "alpha", "evt-a1", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z");
        rows.event(scope, "incident", "alpha", "evt-a2", "2026-02-16 12:00:00", 2, "2026-02-16T12:00:00Z");
        rows.event(scope, "incident", "alpha", "evt-a3", "2026-02-16 13:00:00", 3, "2026-02-16T13:00:00Z");
        rows.event(scope, "incident", "beta", "evt-b1", "2026-02-16 12:10:00", 1, "2026-02-16T12:10:00Z");
        rows.event(new IndexScope(scope.tenantId(), scope.instanceId(), "other-source"), "incident", "alpha",
                "evt-other", "2026-02-16 12:05:00", 9, "2026-02-16T12:05:00Z");
        return scope;
    }

    @Test
    void recordFilterReturnsTheRecordsVersionsNewestFirstAndNothingAfterTheCutoff() throws SQLException {
        IndexScope scope = referenceFixture();

        List<RecordCandidates> result = collect(CandidateQuery.records(scope, List.of("incident"), List.of("alpha"),
                CUTOFF));

        assertThat(result).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("incident|alpha");
            assertThat(record.candidates()).extracting(IndexedEvent::eventId).containsExactly("evt-a2", "evt-a1");
            assertThat(record.afterPit()).isEmpty();
        });
    }

    @Test
    void tableModeReturnsEveryRecordOfTheTableAndUnknownTablesHaveNoCoverage() throws SQLException {
        IndexScope scope = referenceFixture();
        List<RecordCandidates> result = new ArrayList<>();

        LookupSummary summary = reader.stream(CandidateQuery.tables(scope, List.of(" incident ", "incident"), CUTOFF),
                result::add);

        assertThat(result).flatExtracting(RecordCandidates::candidates).extracting(IndexedEvent::eventId)
                .containsExactly("evt-a2", "evt-a1", "evt-b1");
        assertThat(summary).isEqualTo(new LookupSummary(2, 3, 0));
        assertThat(summary.covered()).isTrue();
        LookupSummary none = reader.stream(CandidateQuery.tables(scope, List.of("problem"), CUTOFF),
                record -> { throw new AssertionError("no record expected"); });
        assertThat(none.covered()).isFalse();
    }

    @Test
    void carriesEveryFieldThePlannerNeeds() throws SQLException {
        IndexScope scope = newScope();
        rows.event(scope, "incident", "r1", "evt-1", "2026-02-16 12:00:00", null, "2026-02-16T12:00:00.123Z",
                "rez.cdc", 3, Long.MAX_VALUE);

        IndexedEvent event = collect(CandidateQuery.tables(scope, List.of("incident"), CUTOFF)).get(0)
                .candidates().get(0);

        assertThat(event).isEqualTo(new IndexedEvent("evt-1", "cdc.write", "incident", "r1", "U",
                "2026-02-16 12:00:00", null, Instant.parse("2026-02-16T12:00:00.123Z"), "rez.cdc", 3,
                Long.toString(Long.MAX_VALUE), "art/evt-1.artifact.json", "art/evt-1.manifest.json", "gen-1", "cdc"));
        assertThat(event.eventTimeIso()).isEqualTo("2026-02-16T12:00:00.123Z");
    }

    @Test
    void anEventExactlyAtTheCutoffIsACandidateOneMicrosecondLaterIsNot() throws SQLException {
        IndexScope scope = newScope();
        rows.event(scope, "incident", "r1", "at-cutoff", "2026-02-16 12:30:00", 1, "2026-02-16T12:30:00Z");
        rows.event(scope, "incident", "r1", "just-after", "2026-02-16 12:30:00", 2, "2026-02-16T12:30:00.000001Z");

        RecordCandidates record = collect(CandidateQuery.tables(scope, List.of("incident"), CUTOFF)
                .withEventsAfterPit()).get(0);

        assertThat(record.candidates()).extracting(IndexedEvent::eventId).containsExactly("at-cutoff");
        assertThat(record.afterPit()).get().extracting(a -> a.earliest().eventId()).isEqualTo("just-after");
        assertThat(record.createdAfterPit()).isFalse();
    }

    @Test
    void tiesAreResolvedByPitOrdering() throws SQLException {
        IndexScope scope = newScope();
        // same sys_updated_on: the mod count decides, though the loser was captured later
        rows.event(scope, "incident", "mod", "m-low", "2026-02-16 12:00:00", 4, "2026-02-16T12:20:00Z");
        rows.event(scope, "incident", "mod", "m-high", "2026-02-16 12:00:00", 5, "2026-02-16T12:10:00Z");
        // same sys_updated_on, one side without mod count: the capture time decides
        rows.event(scope, "incident", "time", "t-early", "2026-02-16 12:00:00", 7, "2026-02-16T12:01:00Z");
        rows.event(scope, "incident", "time", "t-late", "2026-02-16 12:00:00", null, "2026-02-16T12:02:00Z");
        // the same event indexed from two partitions: identical tuples are ambiguous
        rows.event(scope, "incident", "dup", "d-1", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc", 0, 5);
        rows.event(scope, "incident", "dup", "d-1", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc", 1, 9);
        // a newer media event never wins a row
        rows.event(scope, "incident", "media", "row", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z");
        rows.event(scope, "incident", "media", "pic", "2026-02-16 12:05:00", 2, "2026-02-16T12:05:00Z", "rez.Media", 0, 1);

        Map<String, PitWinner.Selection> winners = new java.util.TreeMap<>();
        reader.stream(CandidateQuery.tables(scope, List.of("incident"), CUTOFF),
                record -> winners.put(record.recordSysId(), PitWinner.select(record.candidates())));

        assertThat(winners.get("mod").winner().eventId()).isEqualTo("m-high");
        assertThat(winners.get("time").winner().eventId()).isEqualTo("t-late");
        assertThat(winners.get("dup").status()).isEqualTo(PitWinner.Status.AMBIGUOUS_PIT_CANDIDATES);
        assertThat(winners.get("media").winner().eventId()).isEqualTo("row");
    }

    @Test
    void recordsCreatedAfterThePitAreReportedOnlyWhenAskedFor() throws SQLException {
        IndexScope scope = newScope();
        rows.event(scope, "incident", "old", "o-1", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z");
        rows.event(scope, "incident", "new", "n-2", "2026-02-16 14:00:00", 1, "2026-02-16T14:00:00Z");
        rows.event(scope, "incident", "new", "n-1", "2026-02-16 13:00:00", 0, "2026-02-16T13:00:00Z");
        rows.event(scope, "incident", "new", "n-3", "2026-02-16 13:30:00", 2, "2026-02-16T13:30:00Z");

        List<RecordCandidates> withAfter = new ArrayList<>();
        LookupSummary summary = reader.stream(CandidateQuery.tables(scope, List.of("incident"), CUTOFF)
                .withEventsAfterPit(), withAfter::add);

        assertThat(withAfter).extracting(RecordCandidates::recordSysId).containsExactly("new", "old");
        RecordCandidates created = withAfter.get(0);
        assertThat(created.createdAfterPit()).isTrue();
        assertThat(created.candidates()).isEmpty();
        assertThat(created.afterPit()).get().satisfies(after -> {
            assertThat(after.earliest().eventId()).isEqualTo("n-1");
            assertThat(after.latest().eventId()).isEqualTo("n-2");
            assertThat(after.count()).isEqualTo(3);
        });
        assertThat(withAfter.get(1).createdAfterPit()).isFalse();
        assertThat(summary).isEqualTo(new LookupSummary(2, 1, 1));
        assertThat(collect(CandidateQuery.tables(scope, List.of("incident"), CUTOFF)))
                .extracting(RecordCandidates::recordSysId).containsExactly("old");
    }

    @Test
    void anotherTenantsIdenticalRecordsAreNeverReturned() throws SQLException {
        IndexScope mine = newScope();
        IndexScope theirs = new IndexScope("other-" + mine.tenantId(), mine.instanceId(), mine.source());
        IndexScope otherInstance = new IndexScope(mine.tenantId(), "other-instance", mine.source());
        for (IndexScope scope : List.of(mine, theirs, otherInstance)) {
            rows.event(scope, "incident", "shared", "evt-" + scope.tenantId() + scope.instanceId(),
                    "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z");
        }

        List<RecordCandidates> result = collect(CandidateQuery.records(mine, List.of("incident"), List.of("shared"),
                CUTOFF).withEventsAfterPit());

        assertThat(result).flatExtracting(RecordCandidates::candidates).extracting(IndexedEvent::eventId)
                .containsExactly("evt-" + mine.tenantId() + mine.instanceId());
    }

    @Test
    void theRecordFilterKeepsOnlyTheNamedRecordsOfTheNamedTables() throws SQLException {
        IndexScope scope = newScope();
        for (String table : List.of("incident", "problem", "change")) {
            for (String record : List.of("r1", "r2", "r3")) {
                rows.event(scope, table, record, table + "-" + record, "2026-02-16 12:00:00", 1,
                        "2026-02-16T12:00:00Z");
            }
        }

        List<RecordCandidates> result = collect(CandidateQuery.records(scope, List.of("problem", "incident"),
                List.of("r3", " r1", ""), CUTOFF));

        assertThat(result).extracting(RecordCandidates::key)
                .containsExactly("incident|r1", "incident|r3", "problem|r1", "problem|r3");
    }

    @Test
    void streamsTwentyThousandRecordsThroughACursorOneRecordAtATime() throws SQLException {
        IndexScope scope = newScope();
        rows.generation(scope, "rez.cdc", 0);
        rows.update("INSERT INTO rez_restore_index.index_events (tenant_id, instance_id, source, table_name,"
                + " record_sys_id, event_id, event_type, sys_updated_on, sys_mod_count, event_time, topic, kafka_partition,"
                + " kafka_offset, artifact_key, manifest_key, artifact_kind, generation_id)"
                + " SELECT ?, ?, ?, 'incident', lpad(n::text, 6, '0'), 'evt-' || n, 'cdc.write', '2026-02-16 12:00:00', 1,"
                + " '2026-02-16T12:00:00Z', 'rez.cdc', 0, n, 'a/' || n, 'm/' || n, 'cdc', ? FROM generate_series(1, 20000) n",
                scope.tenantId(), scope.instanceId(), scope.source(), IndexRows.GENERATION);
        Recording recording = new Recording();
        AtomicLong seen = new AtomicLong();
        AtomicInteger rowsReadAtFirstRecord = new AtomicInteger(-1);

        LookupSummary summary = new PostgresRestoreIndexReader(recording.wrap(db.dataSource())).stream(
                CandidateQuery.tables(scope, List.of("incident"), CUTOFF), record -> {
                    rowsReadAtFirstRecord.compareAndSet(-1, recording.rowsRead.get());
                    assertThat(record.recordSysId()).isEqualTo(String.format("%06d", seen.incrementAndGet()));
                });

        assertThat(summary.records()).isEqualTo(20_000);
        assertThat(seen.get()).isEqualTo(20_000);
        // pgjdbc only reads through a cursor with autocommit off and a fetch size; then at most FETCH_SIZE rows are
        // buffered, and the reader hands each record on as soon as the next one starts (no list of all records)
        assertThat(recording.autoCommitOffBeforeQuery).isTrue();
        assertThat(recording.fetchSize).isEqualTo(PostgresRestoreIndexReader.FETCH_SIZE);
        assertThat(rowsReadAtFirstRecord.get()).isEqualTo(2);
        assertThat(recording.rowsRead.get()).isEqualTo(20_000);
    }

    @Test
    void everyQueryShapeUsesThePitLookupIndexAndNeverScansIndexEvents() throws SQLException {
        // a few thousand rows: 4 tenants x 5 tables x 150 records x 2 versions
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int t = 0; t < 4; t++) {
            IndexScope scope = new IndexScope("explain-" + run + "-" + t, "inst", "src");
            rows.generation(scope, "rez.cdc", 0);
            rows.update("INSERT INTO rez_restore_index.index_events (tenant_id, instance_id, source, table_name,"
                    + " record_sys_id, event_id, event_type, sys_updated_on, sys_mod_count, event_time, topic,"
                    + " kafka_partition, kafka_offset, artifact_key, manifest_key, artifact_kind, generation_id)"
                    + " SELECT ?, ?, ?, 'table_' || tb, 'rec-' || r, 'e-' || tb || '-' || r || '-' || v, 'cdc.write',"
                    + " '2026-02-16 12:00:00', v, timestamptz '2026-02-16T12:00:00Z' + v * interval '1 hour', 'rez.cdc',"
                    + " 0, tb * 1000000 + r * 10 + v, 'a', 'm', 'cdc', ?"
                    + " FROM generate_series(1, 5) tb, generate_series(1, 150) r, generate_series(0, 1) v",
                    scope.tenantId(), scope.instanceId(), scope.source(), IndexRows.GENERATION);
        }
        rows.update("ANALYZE rez_restore_index.index_events");
        IndexScope scope = new IndexScope("explain-" + run + "-2", "inst", "src");

        for (CandidateQuery query : List.of(
                CandidateQuery.tables(scope, List.of("table_3"), CUTOFF),
                CandidateQuery.tables(scope, List.of("table_1", "table_4"), CUTOFF).withEventsAfterPit(),
                CandidateQuery.records(scope, List.of("table_2"), List.of("rec-7", "rec-9"), CUTOFF),
                CandidateQuery.records(scope, List.of("table_2"), List.of("rec-7"), CUTOFF).withEventsAfterPit())) {
            String plan = explain(query);
            assertThat(plan).as(plan).contains("index_events_pit_lookup").doesNotContain("Seq Scan on index_events");
        }
    }

    @Test
    void theServicesReadOnlyRoleCanRunTheLookup() throws SQLException {
        IndexScope scope = referenceFixture();
        DataSource service = db.createLogin(SERVICE_LOGIN, RestoreSchemas.SERVICE_RO_ROLE);

        List<RecordCandidates> result = new ArrayList<>();
        new PostgresRestoreIndexReader(service).stream(CandidateQuery.tables(scope, List.of("incident"), CUTOFF)
                .withEventsAfterPit(), result::add);

        assertThat(result).extracting(RecordCandidates::recordSysId).containsExactly("alpha", "beta");
    }

    private static String explain(CandidateQuery query) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN "
                     + PostgresRestoreIndexReader.sql(query))) {
            PostgresRestoreIndexReader.bind(statement, query);
            StringBuilder plan = new StringBuilder();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    plan.append(result.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static List<RecordCandidates> collect(CandidateQuery query) {
        List<RecordCandidates> result = new ArrayList<>();
        reader.stream(query, result::add);
        return result;
    }

    private static IndexScope newScope() {
        return new IndexScope("tenant-" + UUID.randomUUID(), "instance-1", "sn://acme");
    }

    /** Wraps a data source to record what the reader asks of JDBC: autocommit, fetch size, rows read so far. */
    private static final class Recording {
        final AtomicInteger rowsRead = new AtomicInteger();
        volatile boolean autoCommitOff;
        volatile boolean autoCommitOffBeforeQuery;
        volatile int fetchSize;

        DataSource wrap(DataSource target) {
            return proxy(DataSource.class, target, (method, args, result) -> method.equals("getConnection")
                    ? proxy(Connection.class, result, this::connection) : result);
        }

        private Object connection(String method, Object[] args, Object result) {
            if (method.equals("setAutoCommit")) {
                autoCommitOff = !(Boolean) args[0];
            }
            return method.equals("prepareStatement") ? proxy(PreparedStatement.class, result, this::statement) : result;
        }

        private Object statement(String method, Object[] args, Object result) {
            if (method.equals("setFetchSize")) {
                fetchSize = (Integer) args[0];
            }
            if (method.equals("executeQuery")) {
                autoCommitOffBeforeQuery = autoCommitOff;
                return proxy(ResultSet.class, result, (m, a, r) -> {
                    if (m.equals("next") && (Boolean) r) {
                        rowsRead.incrementAndGet();
                    }
                    return r;
                });
            }
            return result;
        }

        interface Hook {
            Object after(String method, Object[] args, Object result);
        }

        private static <T> T proxy(Class<T> type, Object target, Hook hook) {
            InvocationHandler handler = (self, method, args) -> {
                try {
                    return hook.after(method.getName(), args, method.invoke(target, args));
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return type.cast(Proxy.newProxyInstance(PostgresRestoreIndexReaderIT.class.getClassLoader(),
                    new Class<?>[]{type}, handler));
        }
    }
}
