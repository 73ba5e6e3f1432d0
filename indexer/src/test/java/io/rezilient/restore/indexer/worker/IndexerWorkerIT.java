package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseKeeper;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.indexer.source.ManifestSource;
import io.rezilient.restore.indexer.source.ReplaySettings;
import io.rezilient.restore.indexer.source.SourceCursorParseException;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.IndexStore;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.QuarantineBackoff;
import io.rezilient.restore.indexer.store.QuarantineResolution;
import io.rezilient.restore.indexer.store.QuarantineStore;
import io.rezilient.restore.indexer.store.QuarantinedArtifact;
import io.rezilient.restore.indexer.store.SourceKey;
import io.rezilient.restore.indexer.store.WatermarkFreshness;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker over a filesystem object store and a real PostgreSQL ({@link IndexerWorkerS3IT}: over S3). */
class IndexerWorkerIT {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final FreshnessGate GATE = new FreshnessGate(FreshnessPolicy.DEFAULT);
    private static TestDatabase db;

    @TempDir
    Path root;
    private ObjectStore objects;
    private SourceFixture fixture;
    private IngestScope scope;
    private Instant base;
    private final List<IndexerWorker> workers = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerWorkerIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        objects = store(root);
        String id = UUID.randomUUID().toString().substring(0, 8);
        fixture = new SourceFixture(objects, PREFIX, "tenant-" + id, "inst-" + id, "sn://" + id + ".service-now.com",
                "rez.cdc");
        scope = new IngestScope("scope-" + id, "file://" + root + "/" + PREFIX);
        base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
    }

    @AfterEach
    void closeWorkers() throws Exception {
        workers.forEach(IndexerWorker::close);
        objects.close();
    }

    /** The object store the workload is written to and the worker reads. */
    ObjectStore store(Path root) {
        return new FileSystemObjectStore(root);
    }

    private DataSource ds() {
        return db.dataSource();
    }

    private QuarantineStore quarantine() {
        return new QuarantineStore(ds(), new QuarantineBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 5));
    }

    private IndexerWorker worker(String holder, int batchSize, ReplaySettings replay) {
        LeaseKeeper keeper = new LeaseKeeper(new LeaderLease(ds(), scope, holder, Duration.ofSeconds(30)),
                Duration.ofSeconds(10));
        keeper.renewNow(); // deterministic: no background thread needed for these tests
        ManifestSource source = new ManifestSource(objects, SourceSettings.of(PREFIX, CursorMode.MIXED)
                .withReplay(replay));
        IndexerWorker worker = new IndexerWorker(WorkerSettings.of(scope, SourceFixture.GENERATION)
                .withBatchSize(batchSize), source, new IndexStore(ds(), WatermarkFreshness.from(GATE)),
                new IndexReader(ds()), quarantine(), keeper, Clock.fixed(base.plusSeconds(5), ZoneOffset.UTC),
                duration -> { });
        workers.add(worker);
        return worker;
    }

    private IndexerWorker worker() {
        return worker("worker-a", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));
    }

    private static void drain(IndexerWorker worker) {
        for (int cycle = 0; cycle < 1000; cycle++) {
            if (worker.runOnce().empty()) {
                return;
            }
        }
        throw new AssertionError("not caught up after 1000 cycles");
    }

    private String hex(int n) {
        return "%08x".formatted(n);
    }

    private long count(String sql, Object... parameters) {
        try (Connection connection = ds().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long events() {
        return count("SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?", fixture.tenant());
    }

    private SourceKey sourceKey() {
        return new SourceKey(fixture.tenant(), fixture.instance(), fixture.source());
    }

    private List<PartitionStatus> status() {
        return new PartitionStatusReader(new IndexReader(ds()), quarantine(), GATE)
                .partitions(sourceKey(), base.plusSeconds(60));
    }

    @Test
    void indexesHundredsOfManifestsEndToEnd() {
        for (int i = 0; i < 300; i++) {
            fixture.putV1("x_acme_case", hex(i), i % 3, i / 3, base.plusMillis(i));
        }
        IndexerWorker worker = worker();
        drain(worker);

        assertThat(events()).isEqualTo(300);
        assertThat(status()).hasSize(3).allSatisfy(partition -> {
            assertThat(partition.watermark().indexedThroughOffset()).isEqualTo("99");
            assertThat(partition.freshness().freshness()).isEqualTo(Freshness.FRESH);
        });
        assertThat(new IndexReader(ds()).progress(scope).orElseThrow().processedCount()).isEqualTo(300);
    }

    @Test
    void duplicateDeliveryIsIdempotent() {
        for (int i = 0; i < 20; i++) {
            fixture.putV1("t", hex(i), 0, i, base.plusMillis(i));
        }
        drain(worker());
        List<PartitionStatus> before = status();

        // a second scope reads the same manifests again: every event is already there
        scope = new IngestScope(scope.id() + "-again", scope.sourceUri());
        IndexerWorker again = worker();
        BatchSummary summary = again.runOnce();

        assertThat(summary.inserted()).isZero();
        assertThat(summary.existing()).isEqualTo(20);
        assertThat(events()).isEqualTo(20);
        assertThat(status()).isEqualTo(before);
    }

    @Test
    void aLateV1KeyBelowTheCursorFillsItsHoleWhenReplayFindsIt() {
        for (int i = 10; i < 20; i++) {
            if (i != 15) {
                fixture.putV1("t", hex(i), 0, i, base.plusMillis(i));
            }
        }
        IndexerWorker worker = worker("worker-a", 50, new ReplaySettings(true, Duration.ZERO, 2, 1000, null));
        drain(worker);
        PartitionWatermark holed = status().getFirst().watermark();
        assertThat(holed.indexedThroughOffset()).isEqualTo("14");
        assertThat(holed.highestIndexedOffset()).isEqualTo("19");
        assertThat(holed.indexedThroughTime()).isEqualTo(base.plusMillis(14));
        assertThat(holed.frontierStalledSince()).isNotNull();
        String late = fixture.putV1("t", hex(1), 0, 15, base.plusMillis(15)); // sorts below the scan cursor

        BatchSummary summary = worker.runOnce();

        assertThat(summary.inserted()).isEqualTo(1);
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.counters().replayCycleRan()).isTrue();
        assertThat(count("SELECT count(*) FROM rez_restore_index.index_events WHERE manifest_key = ?", late))
                .isEqualTo(1);
        PartitionWatermark filled = status().getFirst().watermark();
        assertThat(filled.indexedThroughOffset()).isEqualTo("19");
        assertThat(filled.indexedThroughTime()).isEqualTo(base.plusMillis(19));
        assertThat(filled.holeOpen()).isFalse();
    }

    @Test
    void eventsListedInAnyOffsetOrderAreAllIndexedAndThePartitionEndsComplete() {
        // v1 keys list by table and event id, not by offset: shuffle which event id gets which offset
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            offsets.add(i);
        }
        java.util.Collections.shuffle(offsets, new java.util.Random(3));
        for (int i = 0; i < offsets.size(); i++) {
            fixture.putV1(i % 2 == 0 ? "incident" : "problem", hex(i), 0, offsets.get(i),
                    base.plusMillis(offsets.get(i)));
        }
        IndexerWorker worker = worker("worker-a", 25, new ReplaySettings(true, Duration.ZERO, 2, 1000, null));

        BatchSummary first = worker.runOnce();
        assertThat(first.inserted()).isEqualTo(25);
        assertThat(status().getFirst().watermark().holeOpen()).as("25 of 120 shuffled offsets leave holes").isTrue();
        drain(worker);

        assertThat(events()).isEqualTo(120);
        assertThat(quarantine().list(scope.id(), false)).isEmpty();
        PartitionWatermark complete = status().getFirst().watermark();
        assertThat(complete.indexedFromOffset()).isEqualTo("0");
        assertThat(complete.indexedThroughOffset()).isEqualTo("119");
        assertThat(complete.indexedThroughTime()).isEqualTo(base.plusMillis(119));
        assertThat(complete.holeOpen()).isFalse();
    }

    @Test
    void aPoisonArtifactIsQuarantinedLaterOnesAreIndexedAndItsPartitionIsUnknownUntilResolved() {
        for (int i = 0; i < 10; i++) {
            if (i == 3) {
                fixture.put(fixture.v1Stem("t", hex(i)), "rec.object-key-layout.v1", "t", hex(i), 0, i,
                        base.plusMillis(i), "{\"__event_id\": poison");
            } else {
                fixture.putV1("t", hex(i), i == 7 ? 1 : 0, i, base.plusMillis(i));
            }
        }
        IndexerWorker worker = worker();
        BatchSummary summary = worker.runOnce();

        assertThat(summary.inserted()).isEqualTo(9);
        assertThat(summary.quarantined()).isEqualTo(1);
        List<QuarantinedArtifact> open = quarantine().list(scope.id(), false);
        assertThat(open).singleElement().satisfies(artifact -> {
            assertThat(artifact.reasonCode()).isEqualTo("artifact_rejected");
            assertThat(artifact.partition()).isZero();
            assertThat(artifact.manifestKey()).contains("event=" + hex(3));
        });
        assertThat(status()).satisfiesExactly(
                partition0 -> {
                    assertThat(partition0.openQuarantine()).isEqualTo(1);
                    assertThat(partition0.freshness().freshness()).isEqualTo(Freshness.UNKNOWN);
                    assertThat(partition0.freshness().reasonCode()).isEqualTo(ReasonCode.BLOCKED_FRESHNESS_UNKNOWN);
                },
                partition1 -> assertThat(partition1.freshness().freshness()).isEqualTo(Freshness.FRESH));

        assertThat(quarantine().resolve(scope.id(), open.getFirst().manifestKey(), QuarantineResolution.SKIPPED,
                "operator")).isTrue();
        assertThat(status()).allSatisfy(
                partition -> assertThat(partition.freshness().freshness()).isEqualTo(Freshness.FRESH));
    }

    @Test
    void aMissingArtifactIsQuarantinedThenIndexedByTheRetryPassOnceItAppears() {
        for (int i = 0; i < 3; i++) {
            fixture.putV1("t", hex(i), 0, i, base.plusMillis(i));
        }
        String missing = fixture.put(fixture.v1Stem("t", hex(3)), "rec.object-key-layout.v1", "t", hex(3), 0, 3,
                base.plusMillis(3), null);
        IndexerWorker worker = worker();
        assertThat(worker.runOnce().quarantined()).isEqualTo(1);
        assertThat(quarantine().find(scope.id(), missing).orElseThrow().reasonCode()).isEqualTo("artifact_missing");

        fixture.putArtifact(missing, fixture.artifact("t", hex(3), base.plusMillis(3)));
        awaitDue(missing);
        BatchSummary retry = worker.runOnce();

        assertThat(retry.retried()).isEqualTo(1);
        assertThat(events()).isEqualTo(4);
        QuarantinedArtifact resolved = quarantine().find(scope.id(), missing).orElseThrow();
        assertThat(resolved.resolution()).isEqualTo(QuarantineResolution.INDEXED);
        assertThat(status().getFirst().freshness().freshness()).isEqualTo(Freshness.FRESH);
    }

    private void awaitDue(String manifestKey) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (quarantine().dueForRetry(scope.id(), 10).stream().noneMatch(a -> a.manifestKey().equals(manifestKey))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("quarantined artifact never became due");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aMalformedPersistedCursorFailsClosedAndWritesNothing() throws SQLException {
        fixture.putV1("t", hex(1), 0, 1, base);
        drain(worker());
        String broken = "{\"v\":3, \"legacy\": ";
        try (Connection connection = ds().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE rez_restore_index.source_progress SET cursor = ? WHERE ingest_scope_id = ?")) {
            update.setString(1, broken);
            update.setString(2, scope.id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        fixture.putV1("t", hex(2), 0, 2, base);

        IndexerWorker restarted = worker("worker-b", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));
        workers.getFirst().close(); // worker-a releases so worker-b can lead
        restarted.close();
        IndexerWorker leader = worker("worker-b", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));

        assertThatThrownBy(leader::runOnce).isInstanceOf(SourceCursorParseException.class)
                .hasMessageStartingWith("source cursor parse failure (fail-closed): invalid source cursor state")
                .hasMessageContaining("cursor_kind=json_like")
                .hasMessageContaining("manual_remediation=");
        assertThat(events()).isEqualTo(1);
        assertThat(new IndexReader(ds()).progress(scope).orElseThrow().cursor()).isEqualTo(broken);
    }

    @Test
    void twoWorkersOnOneScopeOnlyOneWrites() {
        for (int i = 0; i < 5; i++) {
            fixture.putV1("t", hex(i), 0, i, base.plusMillis(i));
        }
        IndexerWorker a = worker("worker-a", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));
        IndexerWorker b = worker("worker-b", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));

        assertThat(b.runOnce().leader()).isFalse();
        assertThat(events()).isZero();
        assertThat(a.runOnce().inserted()).isEqualTo(5);

        // after A releases, B leads from A's persisted cursor: nothing is read twice
        a.close();
        IndexerWorker b2 = worker("worker-b", 50, new ReplaySettings(false, Duration.ZERO, 2, 1000, null));
        fixture.putV1("t", hex(9), 0, 9, base.plusMillis(9));
        BatchSummary handedOver = b2.runOnce();
        assertThat(handedOver.leader()).isTrue();
        assertThat(handedOver.batchSize()).isEqualTo(1);
        assertThat(handedOver.inserted()).isEqualTo(1);
    }

    @Test
    void runContinuouslySleepsAfterEmptyBatchesAndReleasesTheLease() {
        fixture.putV1("t", hex(1), 0, 1, base);
        List<Duration> sleeps = new ArrayList<>();
        LeaseKeeper keeper = new LeaseKeeper(new LeaderLease(ds(), scope, "worker-a", Duration.ofSeconds(30)),
                Duration.ofSeconds(10));
        keeper.renewNow();
        IndexerWorker worker = new IndexerWorker(WorkerSettings.of(scope, SourceFixture.GENERATION),
                new ManifestSource(objects, SourceSettings.of(PREFIX, CursorMode.MIXED)),
                new IndexStore(ds(), WatermarkFreshness.from(GATE)), new IndexReader(ds()), quarantine(), keeper,
                Clock.systemUTC(), sleeps::add);

        RunSummary summary = worker.runContinuously(3);

        assertThat(summary.cycles()).isEqualTo(3);
        assertThat(summary.inserted()).isEqualTo(1);
        assertThat(sleeps).containsExactly(WorkerSettings.DEFAULT_POLL_INTERVAL, WorkerSettings.DEFAULT_POLL_INTERVAL);
        assertThat(new LeaderLease(ds(), scope, "worker-b", Duration.ofSeconds(30)).acquire()).isPresent();
    }
}
