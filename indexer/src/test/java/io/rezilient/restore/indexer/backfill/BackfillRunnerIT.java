package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue;
import io.rezilient.restore.indexer.backfill.overrides.OverrideReconciler;
import io.rezilient.restore.indexer.backfill.overrides.OverrideRequest;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStore;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.SourceKey;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.indexer.worker.Sleeper;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Gap repair beside the live indexer, on a real database and filesystem object store: the live worker passed a
 * window whose objects were not in the store yet (an outage upstream), they arrive later, and a backfill run indexes
 * exactly that window while live events keep arriving.
 */
class BackfillRunnerIT {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final String SOURCE = "sn://acme.service-now.com";
    private static final Instant T0 = Instant.parse("2026-03-04T17:00:00Z");
    /**
     * The fixture's events are months old, so a live batch that reads one reports months of realtime lag: runs that
     * are not about the lag throttle get a bound it never reaches.
     */
    private static final int NO_LAG_BOUND = 1_000_000_000;
    private static TestDatabase db;

    @TempDir
    Path root;
    private String scope;
    private SourceFixture fixture;
    private Map<String, String> env;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("BackfillRunnerIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        scope = "live-" + UUID.randomUUID().toString().substring(0, 8);
        // each test its own tenant, so their partitions never meet in the shared database
        String tenant = "tenant-" + scope;
        fixture = new SourceFixture(new FileSystemObjectStore(root), PREFIX, tenant, "acme-prod", SOURCE, "rez.cdc");
        env = SourceFixture.filesystemEnv(db.jdbcUrl(), root, PREFIX, scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", "7");
    }

    private BackfillWindow window(long first, long last) {
        return new BackfillWindow("tenant-" + scope, "acme-prod", SOURCE, "rez.cdc", 0, BigInteger.valueOf(first),
                BigInteger.valueOf(last));
    }

    private void put(long fromOffset, long toOffset) {
        for (long offset = fromOffset; offset <= toOffset; offset++) {
            fixture.putV2("incident", "e%04d".formatted(offset), 0, offset, T0.plusSeconds(offset));
        }
    }

    private static void drain(IndexerWorker worker) {
        for (int cycle = 0; cycle < 100; cycle++) {
            if (worker.runOnce().batchSize() == 0) {
                return;
            }
        }
        throw new AssertionError("the live worker did not catch up in 100 cycles");
    }

    private BackfillRunner runner(IndexerRuntime runtime) {
        return new BackfillRunner(runtime, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMillis(1));
    }

    @Test
    void gapRepairIndexesExactlyTheMissedWindowWhileLiveIndexingContinues() throws SQLException {
        put(0, 9);
        put(20, 29); // offsets 10..19 are late: the live worker passes them
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            IndexerWorker live = runtime.worker().orElseThrow();
            drain(live);
            PartitionWatermark before = watermark(runtime);
            assertThat(before.indexedThroughOffset()).isEqualTo("9");
            assertThat(before.highestIndexedOffset()).isEqualTo("29");
            String liveCursor = liveCursor();

            put(10, 19); // the late objects arrive; the live cursor is past them and never reads them
            drain(live);
            assertThat(indexedOffsets()).hasSize(20);
            assertThat(runtime.readiness().reasonCodes()).containsExactly("gap_open");

            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            BackfillRunner runner = runner(runtime);
            runner.checkGapWindow(window(10, 19));
            runs.create("repair-1", BackfillMode.GAP_REPAIR, window(10, 19), 4, NO_LAG_BOUND, "alice");
            // live events keep arriving and being indexed between the run's batches
            AtomicInteger liveOffset = new AtomicInteger(30);
            BackfillRun done = runner.run("repair-1", "alice", () -> {
                int offset = liveOffset.getAndIncrement();
                if (offset < 35) {
                    put(offset, offset);
                    live.runOnce();
                }
                return false;
            });

            assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
            assertThat(done.rowsProcessed()).isEqualTo(10);
            drain(live);
            long lastLive = Math.min(liveOffset.get(), 35) - 1;
            assertThat(lastLive).as("live events were indexed while the run went on").isGreaterThanOrEqualTo(32);
            assertThat(indexedOffsets()).isEqualTo(LongStream.rangeClosed(0, lastLive).boxed().toList());
            PartitionWatermark after = watermark(runtime);
            assertThat(after.indexedThroughOffset()).as("the hole closed").isEqualTo(Long.toString(lastLive));
            assertThat(after.indexedFromOffset()).isEqualTo(before.indexedFromOffset());
            assertThat(runtime.readiness().ready()).as("%s", runtime.readiness()).isTrue();
            assertThat(liveCursor()).as("the live cursor moved only by live events").isNotEqualTo(liveCursor);

            List<AuditRow> audit = audit("repair-1");
            assertThat(audit).hasSize(3); // 10 offsets in batches of 4
            assertThat(audit).extracting(AuditRow::items).containsExactly(4, 4, 2);
            assertThat(audit).allSatisfy(row -> {
                assertThat(row.inserted() + row.existing() + row.failed()).isEqualTo(row.items());
                assertThat(row.bytes()).isPositive();
                assertThat(row.idsSha256()).hasSize(64);
                assertThat(row.rerun()).isFalse();
            });
            assertThat(audit).extracting(AuditRow::inserted).containsExactly(4, 4, 2);
            assertThat(runs.events("repair-1")).extracting(BackfillRuns.Event::to, BackfillRuns.Event::actor)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(BackfillStatus.RUNNING, "alice"),
                            org.assertj.core.groups.Tuple.tuple(BackfillStatus.COMPLETED, "system:backfill-runner"));

            String scrape = runtime.scrape();
            assertThat(meter(scrape, "rez_replay_events_total", "repair-1")).isEqualTo(10.0);
            assertThat(meter(scrape, "rez_replay_bytes_total", "repair-1"))
                    .isEqualTo((double) audit.stream().mapToLong(AuditRow::bytes).sum()).isPositive();
            assertThat(meter(scrape, "rez_replay_run_state", "repair-1", "state=\"completed\"")).isEqualTo(1.0);
            assertThat(meter(scrape, "rez_replay_run_state", "repair-1", "state=\"running\"")).isEqualTo(0.0);
            // the run's newest event is offset 19's; the partition's newest indexed one is the last live event's
            assertThat(meter(scrape, "rez_replay_partition_lag_seconds", "repair-1"))
                    .isBetween(10.0, (double) lastLive - 19);
            assertThat(new BackfillChecklist(runtime).check("repair-1")).allSatisfy(item ->
                    assertThat(item.met()).as("%s: %s", item.name(), item.detail()).isTrue());

            // the same window again adds nothing, and every batch says it was a re-run with the same ids
            runs.create("repair-2", BackfillMode.GAP_REPAIR, window(10, 19), 4, NO_LAG_BOUND, "bob");
            BackfillRun again = runner.run("repair-2", "bob", () -> false);
            assertThat(again.status()).isEqualTo(BackfillStatus.COMPLETED);
            assertThat(again.rowsProcessed()).isZero();
            assertThat(indexedOffsets()).hasSize((int) lastLive + 1);
            List<AuditRow> rerun = audit("repair-2");
            assertThat(rerun).extracting(AuditRow::inserted).containsOnly(0);
            assertThat(rerun).extracting(AuditRow::rerun).containsOnly(true);
            assertThat(rerun).extracting(AuditRow::idsSha256)
                    .containsExactlyElementsOf(audit.stream().map(AuditRow::idsSha256).toList());
        }
    }

    @Test
    void historyExtensionLeavesTheLiveRangeAloneWhileItRunsAndExtendsItOnceTheHistoryIsComplete() {
        put(20, 29);
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            drain(runtime.worker().orElseThrow());
            assertThat(watermark(runtime).indexedFromOffset()).isEqualTo("20");
            put(0, 19); // older history becomes available (an archive restored to the store)
            BackfillRunner runner = runner(runtime);
            runner.checkHistoryWindow(window(0, 19));
            for (BackfillWindow apart : List.of(window(0, 10), window(20, 25))) {
                assertThatThrownBy(() -> runner.checkHistoryWindow(apart))
                        .satisfies(refused -> assertThat(((BackfillException) refused).reasonCode())
                                .isEqualTo("backfill_window_not_contiguous"));
            }
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            runs.create("history-1", BackfillMode.HISTORY_EXTENSION, window(0, 19), 4, NO_LAG_BOUND, "alice");
            List<String> fromDuring = new ArrayList<>();
            List<Boolean> holeDuring = new ArrayList<>();
            List<List<String>> readinessDuring = new ArrayList<>();
            BackfillRun done = runner.run("history-1", "alice", () -> {
                readinessDuring.add(runtime.readiness().reasonCodes());
                PartitionWatermark now = watermark(runtime);
                fromDuring.add(now.indexedFromOffset() + ".." + now.indexedThroughOffset());
                holeDuring.add(now.holeOpen());
                return false;
            });

            assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
            assertThat(audit("history-1")).hasSize(5);
            assertThat(fromDuring).as("the live range while the history was written").hasSizeGreaterThan(5)
                    .containsOnly("20..29");
            assertThat(holeDuring).containsOnly(false);
            assertThat(readinessDuring).as("while the history is rebuilt").containsOnly(List.of("index_warmup"));
            assertThat(runtime.readiness().ready()).as("once it is complete").isTrue();
            PartitionWatermark after = watermark(runtime);
            assertThat(after.indexedFromOffset()).isEqualTo("0");
            assertThat(after.indexedThroughOffset()).isEqualTo("29");
            assertThat(after.coverageStart()).isEqualTo(T0);
            assertThat(after.holeOpen()).isFalse();
            assertThat(indexedOffsets()).isEqualTo(LongStream.rangeClosed(0, 29).boxed().toList());
            assertThat(runs.events("history-1")).last().satisfies(event -> assertThat(event.detail())
                    .endsWith("the partition's indexed range now starts at 0"));
            assertThat(new BackfillChecklist(runtime).check("history-1")).allMatch(BackfillChecklist.Item::met);
        }
    }

    @Test
    void aBootstrapAfterTheIndexWasLostKeepsLiveFreshAndRebuildsTheHistoryBelowIt() {
        put(0, 24); // the store holds the partition's history; the index database is new and empty
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            BackfillRunner runner = runner(runtime);
            runner.checkBootstrapWindow(window(0, 24));
            runs.create("bootstrap-1", BackfillMode.BOOTSTRAP, window(0, 24), 4, NO_LAG_BOUND, "alice");
            assertThat(runtime.readiness().reasonCodes()).containsExactly("index_warmup");

            // live indexing starts after the bootstrap's head: it never reads the history
            IndexerWorker live = runtime.worker().orElseThrow();
            put(25, 27);
            drain(live);
            assertThat(indexedOffsets()).containsExactly(25L, 26L, 27L);
            assertThat(watermark(runtime).indexedFromOffset()).isEqualTo("25");
            assertThatThrownBy(() -> runner.checkBootstrapWindow(window(0, 20)))
                    .satisfies(refused -> assertThat(((BackfillException) refused).reasonCode())
                            .isEqualTo("backfill_window_not_contiguous"));

            AtomicInteger liveOffset = new AtomicInteger(28);
            List<String> liveRange = new ArrayList<>();
            BackfillRun done = runner.run("bootstrap-1", "alice", () -> {
                int offset = liveOffset.getAndIncrement();
                if (offset < 34) {
                    put(offset, offset);
                    live.runOnce();
                }
                PartitionWatermark now = watermark(runtime);
                liveRange.add(now.indexedFromOffset() + ".." + now.indexedThroughOffset());
                return false;
            });
            drain(live);

            assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
            long lastLive = Math.min(liveOffset.get(), 34) - 1;
            assertThat(liveRange).as("live stayed fresh and whole while the history was rebuilt")
                    .allSatisfy(range -> assertThat(range).startsWith("25.."));
            assertThat(indexedOffsets()).isEqualTo(LongStream.rangeClosed(0, lastLive).boxed().toList());
            PartitionWatermark after = watermark(runtime);
            assertThat(after.indexedFromOffset() + ".." + after.indexedThroughOffset()).isEqualTo("0.." + lastLive);
            assertThat(after.coverageStart()).isEqualTo(T0);
            assertThat(after.holeOpen()).isFalse();
            assertThat(runtime.readiness().ready()).as("%s", runtime.readiness()).isTrue();
            assertThat(new BackfillChecklist(runtime).check("bootstrap-1")).allMatch(BackfillChecklist.Item::met);
        }
    }

    @Test
    void aHistoryExtensionWithAnOffsetMissingFailsAndLeavesTheRangeWhereItWas() {
        put(10, 19);
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            drain(runtime.worker().orElseThrow());
            put(0, 4);
            put(6, 9); // offset 5 never comes
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            runs.create("history-hole", BackfillMode.HISTORY_EXTENSION, window(0, 9), 4, NO_LAG_BOUND, "alice");
            BackfillRun done = runner(runtime).run("history-hole", "alice", () -> false);
            assertThat(done.status()).isEqualTo(BackfillStatus.FAILED);
            assertThat(runs.events("history-hole")).last().satisfies(event ->
                    assertThat(event.detail()).startsWith("1 of the 10 offsets of 0..9 are not indexed"));
            PartitionWatermark after = watermark(runtime);
            assertThat(after.indexedFromOffset()).as("no range claims offset 5").isEqualTo("10");
            assertThat(after.holeOpen()).isFalse();
            assertThat(indexedOffsets()).hasSize(19);
        }
    }

    @Test
    void aWindowWithOffsetsTheStoreDoesNotHoldFailsNamingHowManyAreMissing() {
        put(0, 3);
        put(8, 12); // 4..7 never arrive
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            drain(runtime.worker().orElseThrow());
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            runs.create("repair-missing", BackfillMode.GAP_REPAIR, window(2, 9), 3, NO_LAG_BOUND, "alice");
            BackfillRun failed = runner(runtime).run("repair-missing", "alice", () -> false);
            assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
            assertThat(runs.events("repair-missing")).last().satisfies(event -> {
                assertThat(event.reasonCode()).isEqualTo("backfill_window_incomplete");
                assertThat(event.detail()).startsWith("4 of the 8 offsets of 2..9 are not indexed");
            });
            List<BackfillChecklist.Item> checklist = new BackfillChecklist(runtime).check("repair-missing");
            assertThat(checklist).filteredOn(item -> !item.met()).extracting(BackfillChecklist.Item::name)
                    .containsExactly("run_completed", "window_indexed", "readiness_clean", "coverage_contiguous");
            assertThat(checklist).filteredOn(item -> item.name().equals("window_indexed"))
                    .extracting(BackfillChecklist.Item::detail).containsExactly("4 of 8 offsets indexed");
        }
    }

    @Test
    void gapRepairRefusesAWindowOutsideTheIndexedRange() {
        put(5, 20);
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            drain(runtime.worker().orElseThrow());
            BackfillRunner runner = runner(runtime);
            for (BackfillWindow outside : List.of(window(0, 6), window(18, 25))) {
                assertThatThrownBy(() -> runner.checkGapWindow(outside)).isInstanceOf(BackfillException.class)
                        .satisfies(refused -> assertThat(((BackfillException) refused).reasonCode())
                                .isEqualTo("backfill_window_outside_gap"));
            }
            runner.checkGapWindow(window(5, 20));
        }
    }

    @Test
    void aPausedRunWritesNothingUntilResumedAndACancelledOneStops() {
        put(0, 5);
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            runs.create("paused-1", BackfillMode.GAP_REPAIR, window(0, 5), 2, NO_LAG_BOUND, "alice");
            runs.transition("paused-1", Set.of(BackfillStatus.RUNNING), BackfillStatus.PAUSED, "paused_manual",
                    null, "alice");
            AtomicInteger polls = new AtomicInteger();
            BackfillRun stillPaused = runner(runtime).run("paused-1", "alice", () -> polls.incrementAndGet() > 3);
            assertThat(stillPaused.status()).isEqualTo(BackfillStatus.PAUSED);
            assertThat(stillPaused.pauseReasonCode()).isEqualTo("paused_manual");
            assertThat(audit("paused-1")).isEmpty();

            runs.transition("paused-1", Set.of(BackfillStatus.PAUSED), BackfillStatus.CANCELLED, "cancelled",
                    "not needed", "bob");
            assertThat(runner(runtime).run("paused-1", "alice", () -> false).status())
                    .isEqualTo(BackfillStatus.CANCELLED);
            assertThat(audit("paused-1")).isEmpty();
            assertThatThrownBy(() -> runs.transition("paused-1", Set.of(BackfillStatus.PAUSED),
                    BackfillStatus.RUNNING, "resumed", null, "alice"))
                    .isInstanceOf(BackfillException.class).hasMessageContaining("is cancelled");
            assertThat(runs.events("paused-1")).extracting(BackfillRuns.Event::to).containsExactly(
                    BackfillStatus.RUNNING, BackfillStatus.PAUSED, BackfillStatus.CANCELLED);
        }
    }

    @Test
    void aLaggingLiveWorkerPausesTheRunWhichResumesOnceLiveCaughtUpAndAnOverrideCapsItsBatches() throws Exception {
        put(0, 3);
        put(10, 13);
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            drain(runtime.worker().orElseThrow());
            put(4, 9);
            BackfillRuns runs = new BackfillRuns(runtime.dataSource());
            runs.create("throttled", BackfillMode.GAP_REPAIR, window(4, 9), 50, 120, "alice");
            SettableClock clock = new SettableClock(Instant.now());
            new OverrideStore(runtime.dataSource(), clock).stage(new OverrideRequest("throttled",
                    OverrideCatalogue.BACKFILL_BATCH_SIZE, "2", null, clock.instant().plus(Duration.ofHours(1)),
                    "throttled", "alice", "small batches while live is busy"));
            setLiveLag(500); // the live worker is behind: live first

            AtomicInteger polls = new AtomicInteger();
            BackfillRunner runner = new BackfillRunner(runtime, clock, clock::advance, Duration.ofSeconds(1));
            BackfillRun done = runner.run("throttled", "alice", () -> {
                if (polls.incrementAndGet() == 30) {
                    assertThat(runs.find("throttled").orElseThrow().pauseReasonCode()).isEqualTo("paused_lag");
                    assertThat(audit("throttled")).as("nothing written while paused").isEmpty();
                    setLiveLag(0); // live caught up
                }
                return polls.get() > 200;
            });

            assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
            assertThat(polls.get()).isGreaterThan(30);
            BackfillChecklist checklist = new BackfillChecklist(runtime);
            assertThat(checklist.check("throttled")).filteredOn(item -> !item.met())
                    .extracting(BackfillChecklist.Item::name).containsExactly("overrides_reverted");
            new OverrideReconciler(runtime.dataSource()).reconcile(clock.instant()); // the run ended: its override ends
            assertThat(checklist.check("throttled")).allMatch(BackfillChecklist.Item::met);
            assertThat(audit("throttled")).extracting(AuditRow::items).containsOnly(2).hasSize(3);
            assertThat(runs.events("throttled")).extracting(BackfillRuns.Event::to, BackfillRuns.Event::reasonCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(BackfillStatus.RUNNING, "started"),
                            org.assertj.core.groups.Tuple.tuple(BackfillStatus.PAUSED, "paused_lag"),
                            org.assertj.core.groups.Tuple.tuple(BackfillStatus.RUNNING, "resumed_lag_ok"),
                            org.assertj.core.groups.Tuple.tuple(BackfillStatus.COMPLETED, "window_indexed"));
        }
    }

    /** The value of the one sample of {@code name} for {@code runId} (and {@code label}, when given). */
    private static double meter(String scrape, String name, String runId, String... label) {
        List<String> lines = scrape.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> line.contains("run_id=\"" + runId + "\""))
                .filter(line -> label.length == 0 || line.contains(label[0])).toList();
        assertThat(lines).as("samples of %s in%n%s", name, scrape).hasSize(1);
        return Double.parseDouble(lines.getFirst().substring(lines.getFirst().lastIndexOf(' ') + 1));
    }

    private void setLiveLag(long seconds) {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE rez_restore_index.source_progress"
                     + " SET last_lag_seconds = ?, updated_at = now() WHERE ingest_scope_id = ?")) {
            update.setLong(1, seconds);
            update.setString(2, scope);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException failure) {
            throw new AssertionError(failure);
        }
    }

    private PartitionWatermark watermark(IndexerRuntime runtime) {
        return runtime.reader().watermark(new PartitionKey(new SourceKey("tenant-" + scope, "acme-prod", SOURCE),
                "rez.cdc", 0)).orElseThrow();
    }

    private String liveCursor() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT cursor FROM rez_restore_index.source_progress WHERE ingest_scope_id = ?")) {
            select.setString(1, scope);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private List<Long> indexedOffsets() {
        List<Long> offsets = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT kafka_offset FROM"
                     + " rez_restore_index.index_events WHERE tenant_id = ? ORDER BY kafka_offset")) {
            select.setString(1, "tenant-" + scope);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    offsets.add(rows.getLong(1));
                }
            }
        } catch (SQLException failure) {
            throw new AssertionError(failure);
        }
        return offsets;
    }

    private record AuditRow(int items, int inserted, int existing, int failed, long bytes, String idsSha256,
                            boolean rerun) {
    }

    private List<AuditRow> audit(String runId) {
        List<AuditRow> rows = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT item_count, inserted_count,"
                     + " existing_count, failed_count, bytes_read, ids_sha256, is_rerun FROM"
                     + " rez_restore_index.backfill_batches WHERE run_id = ? ORDER BY batch_seq")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new AuditRow(row.getInt(1), row.getInt(2), row.getInt(3), row.getInt(4), row.getLong(5),
                            row.getString(6), row.getBoolean(7)));
                }
            }
        } catch (SQLException failure) {
            throw new AssertionError(failure);
        }
        return rows;
    }
}
