package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import io.rezilient.restore.indexer.lease.LeaseLostException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.rezilient.restore.indexer.store.Events.partitionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every write is fenced by the lease in its own transaction: a worker that is no longer the leader writes nothing. */
class FencedWritesIT {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration POLL_LIMIT = Duration.ofSeconds(10);
    private static TestDatabase db;
    private static IndexStore store;
    private static IndexReader reader;
    private static Rows rows;

    private String tenant;
    private IngestScope scope;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("FencedWritesIT");
        store = new IndexStore(db.dataSource(), WatermarkFreshness.from(new FreshnessGate(FreshnessPolicy.DEFAULT)));
        reader = new IndexReader(db.dataSource());
        rows = new Rows(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void newScope() {
        tenant = Events.newTenant();
        scope = new IngestScope("scope-" + tenant, "s3://rez-artifacts/" + tenant);
    }

    private LeaderLease lease(String holder) {
        return new LeaderLease(db.dataSource(), scope, holder, LONG);
    }

    private IndexBatch batch(String cursor, IndexedEvent... events) {
        return IndexBatch.of(scope, List.of(events), cursor, 0L);
    }

    private void expireLease() {
        rows.update("UPDATE rez_restore_index.source_leases SET lease_expires_at = clock_timestamp()"
                + " - interval '1 second' WHERE ingest_scope_id = ?", scope.id());
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverBetweenAcquiringAndWritingWritesNothing() {
        LeaseGrant a = lease("worker-a").acquire().orElseThrow();
        expireLease();
        LeaseGrant b = lease("worker-b").acquire().orElseThrow();

        assertThatThrownBy(() -> store.write(batch("a-1", Events.in(tenant).offset(1).build()), a))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("worker-a")
                .hasMessageContaining("fencing epoch 1");

        assertThat(rows.count("index_events", tenant)).isZero();
        assertThat(rows.count("partition_generations", tenant)).isZero();
        assertThat(reader.progress(scope)).isEmpty();
        store.write(batch("b-1", Events.in(tenant).offset(1).build()), b);
        assertThat(reader.progress(scope).orElseThrow().fencingEpoch()).isEqualTo(2);
    }

    @Test
    void aWorkerWhoseLeaseExpiredWritesNothingEvenIfNobodyTookOver() {
        LeaseGrant a = lease("worker-a").acquire().orElseThrow();
        expireLease();

        assertThatThrownBy(() -> store.write(batch("a-1", Events.in(tenant).offset(1).build()), a))
                .isInstanceOf(LeaseLostException.class);

        assertThat(rows.count("index_events", tenant)).isZero();
    }

    @Test
    void aWorkerThatLosesItsLeaseInTheMiddleOfABatchWritesNothing() throws Exception {
        LeaseGrant a = lease("worker-a").acquire().orElseThrow();
        store.write(batch("a-1", Events.in(tenant).offset(1).build()), a);
        Map<String, List<Map<String, Object>>> before = rows.snapshot(tenant, scope.id());
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Connection blocker = db.dataSource().getConnection()) {
            // Hold the partition's watermark row: worker A's batch inserts its events, then waits on this lock,
            // mid-transaction, while its lease is taken over.
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT 1 FROM rez_restore_index.partition_watermarks"
                    + " WHERE tenant_id = ? FOR UPDATE")) {
                lock.setString(1, tenant);
                lock.executeQuery().close();
            }
            Future<BatchOutcome> write = worker.submit(() -> store.write(batch("a-2",
                    Events.in(tenant).offset(2).build(), Events.in(tenant).offset(3).build()), a));
            awaitBlockedOnLock(tenant);

            expireLease();
            LeaseGrant b = lease("worker-b").acquire().orElseThrow();
            blocker.commit();

            assertThat(b.fencingEpoch()).isEqualTo(2);
            assertThatThrownBy(write::get).hasCauseInstanceOf(LeaseLostException.class);
        } finally {
            worker.shutdownNow();
        }
        assertThat(rows.snapshot(tenant, scope.id())).isEqualTo(before);
    }

    /** Polls the server until a session waits for a row lock held by another. */
    private static void awaitBlockedOnLock(String tenant) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        while (rows.rows("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + " AND query LIKE '%partition_watermarks%FOR UPDATE%'").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the write of " + tenant + " never waited for the watermark lock");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void twoWorkersRacingOnOneScopeNeverBothWrite() throws Exception {
        int rounds = 40;
        CyclicBarrier lockstep = new CyclicBarrier(2);
        Map<String, Set<String>> committedBatches = new ConcurrentHashMap<>();
        List<String> committedWithEpoch = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        List<String> staleWritesThatSucceeded = Collections.synchronizedList(new ArrayList<>());
        // offsets drawn after acquiring: a leader's batch always lies above its predecessors' (no invariant trips)
        AtomicLong nextOffset = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (String holder : List.of("worker-a", "worker-b")) {
                Random random = new Random(holder.hashCode());
                LeaderLease lease = lease(holder);
                workers.add(pool.submit(() -> {
                    LeaseGrant lastGrant = null;
                    boolean justReleased = false;
                    for (int round = 0; round < rounds; round++) {
                        lockstep.await(); // both contend in every round
                        String batchId = holder + "-" + round;
                        // A worker that just handed over only retries with its stale grant this round, so the
                        // other one takes the lease over: handovers happen whatever the thread scheduling.
                        Optional<LeaseGrant> granted = justReleased ? Optional.empty() : lease.acquire();
                        justReleased = false;
                        LeaseGrant grant = granted.orElse(lastGrant);
                        if (grant == null) {
                            continue;
                        }
                        boolean stale = granted.isEmpty();
                        try {
                            store.write(batch(batchId, events(batchId, nextOffset.getAndAdd(10))), grant);
                            committedBatches.computeIfAbsent(holder, h -> ConcurrentHashMap.newKeySet()).add(batchId);
                            committedWithEpoch.add(grant.fencingEpoch() + ":" + holder);
                            if (stale) {
                                staleWritesThatSucceeded.add(batchId);
                            }
                        } catch (LeaseLostException lost) {
                            // expected for a deposed worker; anything else is a failure of the test
                        } catch (RuntimeException other) {
                            unexpected.add(other);
                        }
                        lastGrant = grant;
                        if (granted.isPresent() && random.nextInt(3) == 0) {
                            lease.release(); // hand over; this worker keeps its (now stale) grant and tries again
                            justReleased = true;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(staleWritesThatSucceeded).as("writes with a grant the lease no longer shows").isEmpty();
        // an epoch is one holder's: two holders never wrote under the same epoch
        Map<String, Set<String>> holdersByEpoch = committedWithEpoch.stream().map(entry -> entry.split(":", 2))
                .collect(Collectors.groupingBy(parts -> parts[0], Collectors.mapping(parts -> parts[1],
                        Collectors.toSet())));
        assertThat(holdersByEpoch.values()).allSatisfy(holders -> assertThat(holders).hasSize(1));
        assertThat(holdersByEpoch.keySet()).as("the lease changed hands during the race").hasSizeGreaterThan(2);
        assertThat(committedBatches.keySet()).as("both workers led at some point")
                .containsExactlyInAnyOrder("worker-a", "worker-b");
        // exactly the committed batches are in the index, nothing of the refused ones
        Set<String> indexedBatches = new HashSet<>();
        rows.rows("SELECT DISTINCT split_part(event_id, '#', 1) AS batch FROM rez_restore_index.index_events"
                + " WHERE tenant_id = ?", tenant).forEach(row -> indexedBatches.add((String) row.get("batch")));
        Set<String> committed = new HashSet<>();
        committedBatches.values().forEach(committed::addAll);
        assertThat(indexedBatches).isEqualTo(committed);
        long maxEpoch = holdersByEpoch.keySet().stream().mapToLong(Long::parseLong).max().orElseThrow();
        assertThat(reader.progress(scope).orElseThrow().fencingEpoch()).isEqualTo(maxEpoch);
    }

    /** Ten events of one batch, at offsets {@code firstOffset} onwards. */
    private IndexedEvent[] events(String batchId, long firstOffset) {
        return IntStream.range(0, 10).mapToObj(i -> Events.in(tenant).partition(i % 2).offset(firstOffset + i)
                        .eventId(batchId + "#" + i).build())
                .toArray(IndexedEvent[]::new);
    }

    @Test
    void aProgressRowWrittenAtANewerEpochRefusesAnOlderWriterEvenWithoutTheLeaseCheck() {
        // the schema's backstop: source_progress.fencing_epoch only grows
        LeaseGrant a = lease("worker-a").acquire().orElseThrow();
        expireLease();
        LeaseGrant b = lease("worker-b").acquire().orElseThrow();
        store.write(batch("b-1", Events.in(tenant).offset(1).build()), b);
        // a lease table rolled back by hand (its own trigger bypassed) shows worker-a at its old epoch again
        rows.update("ALTER TABLE rez_restore_index.source_leases DISABLE TRIGGER source_leases_fencing");
        try {
            rows.update("UPDATE rez_restore_index.source_leases SET holder_id = 'worker-a', fencing_epoch = 1,"
                    + " lease_expires_at = clock_timestamp() + interval '1 hour' WHERE ingest_scope_id = ?", scope.id());
        } finally {
            rows.update("ALTER TABLE rez_restore_index.source_leases ENABLE TRIGGER source_leases_fencing");
        }

        assertThatThrownBy(() -> store.write(batch("a-1", Events.in(tenant).offset(2).build()), a))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("newer fencing epoch");

        assertThat(reader.watermark(partitionOf(tenant, 0)).orElseThrow().indexedThroughOffset()).isEqualTo("1");
    }
}
