package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.rezilient.restore.service.plans.PlanRows.BYTE_ORDER;
import static io.rezilient.restore.service.plans.PlanRows.draftHeader;
import static io.rezilient.restore.service.plans.PlanRows.reconciled;
import static io.rezilient.restore.service.plans.PlanRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PostgresPlanStore} on a real, migrated PostgreSQL (migration V5). */
class PostgresPlanStoreIT {
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String WRITER_LOGIN = "rez_it_planstore_rw_" + SUFFIX;
    private static final String READER_LOGIN = "rez_it_planstore_ro_" + SUFFIX;
    /** More rows than one fetch or write batch, so cursors and batches cross their boundaries. */
    private static final int ROWS = 2_500;

    private static TestDatabase db;
    private static PostgresPlanStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("PostgresPlanStoreIT");
        store = new PostgresPlanStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
        db.dropLogin(WRITER_LOGIN);
        db.dropLogin(READER_LOGIN);
    }

    private static PlanKey key(String planId) {
        return new PlanKey("tenant-" + UUID.randomUUID(), "sn-dev-01", "sn://acme-dev.service-now.com", planId);
    }

    private static List<DraftRow> rows(PlanKey key, int count) {
        List<DraftRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(key, i));
        }
        return rows;
    }

    private static DraftWriter open(PlanStore store, PlanKey key) {
        PlanStore.DraftStart start = store.beginDraft(key);
        assertThat(start).isInstanceOf(PlanStore.DraftStart.Opened.class);
        return ((PlanStore.DraftStart.Opened) start).writer();
    }

    private static Finalization finalization(PlanStore store, PlanKey key) {
        PlanStore.FinalizeStart start = store.beginFinalize(key);
        assertThat(start).isInstanceOf(PlanStore.FinalizeStart.Opened.class);
        return ((PlanStore.FinalizeStart.Opened) start).finalization();
    }

    /** Writes a committed draft of {@code rows} (added in shuffled order). */
    private static PlanHeader storeDraft(PlanStore store, PlanKey key, List<DraftRow> rows) {
        List<DraftRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(7));
        PlanHeader header = draftHeader(rows.size(), key.planId());
        try (DraftWriter writer = open(store, key)) {
            shuffled.forEach(writer::add);
            writer.commit(header);
        }
        return header;
    }

    private static List<DraftRow> stored(PlanStore store, PlanKey key) {
        List<DraftRow> rows = new ArrayList<>();
        store.streamRows(key, rows::add);
        return rows;
    }

    private static List<DraftRow> inByteOrder(List<DraftRow> rows) {
        List<DraftRow> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> BYTE_ORDER.compare(a.row().rowId(), b.row().rowId()));
        return sorted;
    }

    @Test
    void aDraftRoundTripsWithItsRowsInByteOrder() {
        PlanKey key = key("plan-roundtrip");
        List<DraftRow> rows = rows(key, ROWS);

        PlanHeader header = storeDraft(store, key, rows);

        assertThat(store.findHeader(key)).contains(header);
        List<DraftRow> read = stored(store, key);
        assertThat(read).hasSize(ROWS).containsExactlyElementsOf(inByteOrder(rows));
        // byte order puts upper-case hex before lower-case; a case-insensitive locale order would interleave them
        assertThat(read.getFirst().row().rowId()).isEqualTo(read.stream().map(r -> r.row().rowId())
                .min(BYTE_ORDER).orElseThrow());
        assertThat(read.stream().map(r -> r.row().rowId()).toList())
                .isNotEqualTo(read.stream().map(r -> r.row().rowId()).sorted(String.CASE_INSENSITIVE_ORDER).toList());
        assertThat(store.findHeader(key("plan-roundtrip"))).isEmpty();
    }

    @Test
    void aWriterReadsItsOwnRowsBackInOrderBeforeCommitting() {
        PlanKey key = key("plan-readback");
        List<DraftRow> rows = rows(key, ROWS);
        List<DraftRow> readBack = new ArrayList<>();
        try (DraftWriter writer = open(store, key)) {
            rows.reversed().forEach(writer::add);
            writer.streamRowsInOrder(readBack::add);
            assertThatThrownBy(() -> writer.commit(draftHeader(ROWS - 1, "x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
            writer.commit(draftHeader(ROWS, "readback"));
        }

        assertThat(readBack).containsExactlyElementsOf(inByteOrder(rows));
        assertThat(store.findHeader(key).orElseThrow().rowCount()).isEqualTo(ROWS);
    }

    @Test
    void closingWithoutCommitLeavesNothing() {
        PlanKey key = key("plan-rollback");
        try (DraftWriter writer = open(store, key)) {
            rows(key, ROWS).forEach(writer::add); // two batches already written inside the transaction
        }

        assertThat(store.findHeader(key)).isEmpty();
        assertThat(stored(store, key)).isEmpty();
        storeDraft(store, key, rows(key, 3)); // the key is free again
        assertThat(stored(store, key)).hasSize(3);
    }

    @Test
    void aDuplicateRowIdFailsTheDraft() {
        PlanKey key = key("plan-duplicate");
        DraftRow first = row(key, 1);
        try (DraftWriter writer = open(store, key)) {
            writer.add(first);
            writer.add(row(key, 2));
            writer.add(reconciled(first, PlanRowAction.SKIP));

            assertThatThrownBy(() -> writer.commit(draftHeader(3, "dup")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate row_id");
            assertThatThrownBy(() -> writer.add(row(key, 3))).isInstanceOf(IllegalStateException.class);
        }

        assertThat(store.findHeader(key)).isEmpty();
    }

    @Test
    void rowsTheSchemaRejectsFailTheDraftClearly() {
        PlanKey key = key("plan-bad-row");
        DraftRow good = row(key, 1);
        DraftRow bad = new DraftRow(new PlanRow(good.row().rowId(), good.row().table(), good.row().recordSysId(),
                good.row().action(), "NOT-A-HASH", good.row().metadata(), good.row().values()), good.artifactKey(),
                good.manifestKey(), good.sourceOperation(), good.winnerTuple());
        try (DraftWriter writer = open(store, key)) {
            writer.add(bad);

            assertThatThrownBy(() -> writer.commit(draftHeader(1, "bad")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rejected by the schema");
        }
        assertThat(store.findHeader(key)).isEmpty();
    }

    @Test
    void concurrentDryRunsOfOneKeySerialiseAndTheSecondSeesTheFirst() throws Exception {
        PlanKey key = key("plan-race");
        CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            PlanHeader header = draftHeader(ROWS, "race");
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try (DraftWriter writer = open(store, key)) {
                    firstHoldsTheLock.countDown();
                    rows(key, ROWS).forEach(writer::add);
                    await(release);
                    writer.commit(header);
                }
            }, pool);
            assertThat(firstHoldsTheLock.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<PlanStore.DraftStart> second = CompletableFuture.supplyAsync(
                    () -> store.beginDraft(key), pool);

            awaitWaitingForAdvisoryLock();
            assertThat(second).isNotDone(); // a backend of this database waits for the key's advisory lock
            release.countDown();
            first.get(60, TimeUnit.SECONDS);

            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(new PlanStore.DraftStart.Exists(header));
        }
        assertThat(stored(store, key)).hasSize(ROWS);
    }

    @Test
    void finalisingUpdatesRowsAndHeaderTogether() {
        PlanKey key = key("plan-finalize");
        List<DraftRow> rows = inByteOrder(rows(key, ROWS));
        PlanHeader draft = storeDraft(store, key, rows);
        List<DraftRow> expected = new ArrayList<>();
        Instant at = PlanRows.CREATED.plusSeconds(60);
        PlanHeader finalized = draft.finalized("bob", at, PlanRows.sha256("final"),
                draft.plan().deepCopy().put("plan_hash", PlanRows.sha256("final")), draft.planHashInputHead(),
                draft.gate().deepCopy().put("executability", "executable"));

        try (Finalization finalization = finalization(store, key)) {
            assertThat(finalization.draft()).isEqualTo(draft);
            AtomicLong index = new AtomicLong();
            finalization.streamDraftRows(row -> {
                // every other row changes: updates are flushed while the cursor is still open
                DraftRow next = index.getAndIncrement() % 2 == 0 ? reconciled(row, PlanRowAction.UPDATE) : row;
                if (next != row) {
                    finalization.update(next);
                }
                expected.add(next);
            });
            List<DraftRow> seenBeforeCommit = new ArrayList<>();
            finalization.streamDraftRows(seenBeforeCommit::add);
            assertThat(seenBeforeCommit).containsExactlyElementsOf(expected);
            finalization.commit(finalized);
        }

        assertThat(store.findHeader(key)).contains(finalized);
        assertThat(finalized.state()).isEqualTo(ReconciliationState.FINALIZED);
        assertThat(stored(store, key)).containsExactlyElementsOf(expected);
        assertThat(store.beginFinalize(key)).isEqualTo(new PlanStore.FinalizeStart.AlreadyFinalized(finalized));
        assertThat(store.beginFinalize(key("plan-unknown"))).isEqualTo(new PlanStore.FinalizeStart.Missing());
        assertThat(store.beginDraft(key)).isEqualTo(new PlanStore.DraftStart.Exists(finalized));
    }

    @Test
    void aFinalisationThatFailsHalfWayChangesNothing() {
        PlanKey key = key("plan-finalize-fails");
        List<DraftRow> rows = inByteOrder(rows(key, ROWS));
        PlanHeader draft = storeDraft(store, key, rows);

        try (Finalization finalization = finalization(store, key)) {
            AtomicLong index = new AtomicLong();
            assertThatThrownBy(() -> finalization.streamDraftRows(row -> {
                if (index.incrementAndGet() > 1_500) {
                    throw new IllegalStateException("target unreachable"); // after one batch was written
                }
                finalization.update(reconciled(row, PlanRowAction.INSERT));
            })).hasMessage("target unreachable");
        }

        assertThat(store.findHeader(key)).contains(draft);
        assertThat(stored(store, key)).containsExactlyElementsOf(rows);
    }

    @Test
    void finalisationRefusesRowsTheDraftDoesNotHaveAndRepeatedRows() {
        PlanKey key = key("plan-finalize-strangers");
        List<DraftRow> rows = inByteOrder(rows(key, 3));
        PlanHeader draft = storeDraft(store, key, rows);

        try (Finalization finalization = finalization(store, key)) {
            finalization.update(reconciled(rows.get(1), PlanRowAction.INSERT));
            assertThatThrownBy(() -> finalization.update(reconciled(rows.get(1), PlanRowAction.UPDATE)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
            finalization.update(reconciled(row(key, "row.zzz-not-in-draft", "x", 9), PlanRowAction.INSERT));
            assertThatThrownBy(() -> finalization.commit(draft.finalized("bob", PlanRows.CREATED, draft.planHash(),
                    draft.plan(), draft.planHashInputHead(), draft.gate())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a row of the draft");
        }

        assertThat(store.findHeader(key)).contains(draft);
        assertThat(stored(store, key)).containsExactlyElementsOf(rows);
    }

    @Test
    void twoTenantsWithOnePlanIdAreIndependent() {
        PlanKey acme = key("plan-shared-id");
        PlanKey globex = key("plan-shared-id");
        storeDraft(store, acme, rows(acme, 5));

        assertThat(store.beginDraft(globex)).isInstanceOf(PlanStore.DraftStart.Opened.class)
                .satisfies(start -> ((PlanStore.DraftStart.Opened) start).writer().close());
        storeDraft(store, globex, rows(globex, 7));
        try (Finalization finalization = finalization(store, acme)) {
            PlanHeader draft = finalization.draft();
            finalization.commit(draft.finalized("bob", PlanRows.CREATED, draft.planHash(), draft.plan(),
                    draft.planHashInputHead(), draft.gate()));
        }

        assertThat(stored(store, acme)).hasSize(5).allMatch(r -> r.row().metadata().path("metadata")
                .path("tenant_id").asText().equals(acme.tenantId()));
        assertThat(stored(store, globex)).hasSize(7);
        assertThat(store.findHeader(acme).orElseThrow().state()).isEqualTo(ReconciliationState.FINALIZED);
        assertThat(store.findHeader(globex).orElseThrow().state()).isEqualTo(ReconciliationState.DRAFT);
    }

    @Test
    void theWriterRoleRunsTheStoreAndTheReadOnlyRoleCannotReadPlans() {
        PlanStore asWriter = new PostgresPlanStore(db.createLogin(WRITER_LOGIN, RestoreSchemas.SERVICE_RW_ROLE));
        PlanStore asReader = new PostgresPlanStore(db.createLogin(READER_LOGIN, RestoreSchemas.SERVICE_RO_ROLE));
        PlanKey key = key("plan-roles");

        PlanHeader draft = storeDraft(asWriter, key, rows(key, 1_200));
        try (Finalization finalization = finalization(asWriter, key)) {
            finalization.streamDraftRows(row -> finalization.update(reconciled(row, PlanRowAction.DELETE)));
            finalization.commit(draft.finalized("bob", PlanRows.CREATED, draft.planHash(), draft.plan(),
                    draft.planHashInputHead(), draft.gate()));
        }

        assertThat(stored(asWriter, key)).hasSize(1_200).allMatch(r -> r.row().action() == PlanRowAction.DELETE);
        assertThatThrownBy(() -> asReader.findHeader(key)).isInstanceOf(PlanStoreUnavailableException.class)
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> stored(asReader, key)).isInstanceOf(PlanStoreUnavailableException.class);
        assertThatThrownBy(() -> asReader.beginDraft(key("plan-roles")))
                .isInstanceOf(PlanStoreUnavailableException.class);
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        DataSource nowhere = new PgUrl("127.0.0.1:1", "nowhere", "user=u&password=p&connectTimeout=2").dataSource();
        PlanStore unreachable = new PostgresPlanStore(nowhere);

        assertThatThrownBy(() -> unreachable.findHeader(key("p"))).isInstanceOf(PlanStoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.beginDraft(key("p"))).isInstanceOf(PlanStoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.beginFinalize(key("p"))).isInstanceOf(PlanStoreUnavailableException.class);
    }

    /**
     * Polls {@code pg_locks} (bounded) until a session of this test's database waits for an advisory lock: the
     * second dry-run blocked behind the first, not merely slow to start.
     */
    private static void awaitWaitingForAdvisoryLock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!aBackendWaitsForAnAdvisoryLock()) {
            assertThat(System.nanoTime()).as("the second dry-run never waited for the advisory lock")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean aBackendWaitsForAnAdvisoryLock() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                     + " AND NOT granted"
                     + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
