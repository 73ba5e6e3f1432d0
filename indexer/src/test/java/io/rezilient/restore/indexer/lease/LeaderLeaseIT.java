package io.rezilient.restore.indexer.lease;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Acquire, renew, take over and release, decided by the database clock. Each test has its own ingest scope. */
class LeaderLeaseIT {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static TestDatabase db;
    private static LeaseTable table;
    private IngestScope scope;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("LeaderLeaseIT");
        table = new LeaseTable(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void newScope() {
        scope = new IngestScope("scope-" + UUID.randomUUID(), "s3://rez-artifacts/prefix");
    }

    private LeaderLease lease(String holder, Duration duration) {
        return new LeaderLease(db.dataSource(), scope, holder, duration);
    }

    @Test
    void theFirstHolderGetsEpochOneAndRenewingExtendsTheSameEpoch() throws Exception {
        LeaderLease a = lease("worker-a", Duration.ofSeconds(30));

        LeaseGrant first = a.acquire().orElseThrow();
        LeaseGrant renewed = a.acquire().orElseThrow();

        assertThat(first.fencingEpoch()).isEqualTo(1);
        assertThat(first.holderId()).isEqualTo("worker-a");
        assertThat(renewed.fencingEpoch()).isEqualTo(1);
        assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
    }

    @Test
    void anotherHolderIsDeniedWhileTheLeaseIsLiveAndTheRowStaysUntouched() {
        LeaseGrant held = lease("worker-a", LONG).acquire().orElseThrow();

        Optional<LeaseGrant> denied = lease("worker-b", LONG).acquire();

        assertThat(denied).isEmpty();
        assertThat(table.row(scope.id())).contains(held);
    }

    @Test
    void anExpiredLeaseIsTakenOverAtTheNextEpochOnTheDatabaseClock() throws Exception {
        LeaseGrant a = lease("worker-a", Duration.ofSeconds(1)).acquire().orElseThrow();
        assertThat(lease("worker-b", LONG).acquire()).as("still live").isEmpty();

        table.awaitDbClockPast(a.expiresAt());
        LeaseGrant b = lease("worker-b", LONG).acquire().orElseThrow();

        assertThat(b.fencingEpoch()).isEqualTo(a.fencingEpoch() + 1);
        assertThat(lease("worker-a", LONG).acquire()).as("the old holder is now the one denied").isEmpty();
        assertThat(table.row(scope.id()).orElseThrow().holderId()).isEqualTo("worker-b");
    }

    @Test
    void aHolderRenewingItsOwnExpiredLeaseKeepsItsEpochWhenNobodyTookOver() {
        LeaderLease a = lease("worker-a", LONG);
        a.acquire().orElseThrow();
        table.expire(scope.id());

        assertThat(a.acquire().orElseThrow().fencingEpoch()).isEqualTo(1);
    }

    @Test
    void releaseFreesTheLeaseAtOnceForTheNextHolder() {
        LeaderLease a = lease("worker-a", LONG);
        a.acquire().orElseThrow();

        assertThat(a.release()).isTrue();

        assertThat(a.currentHolder()).isEmpty();
        assertThat(lease("worker-b", LONG).acquire().orElseThrow().fencingEpoch()).isEqualTo(2);
    }

    @Test
    void aForeignReleaseIsANoOp() {
        LeaseGrant held = lease("worker-a", LONG).acquire().orElseThrow();

        assertThat(lease("worker-b", LONG).release()).isFalse();

        assertThat(table.row(scope.id())).contains(held);
        assertThat(lease("worker-b", LONG).currentHolder()).contains(held);
    }

    @Test
    void concurrentAcquirersOfAFreeLeaseGetExactlyOneGrant() throws Exception {
        int workers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            LeaseGrant previous = null;
            for (int round = 0; round < 15; round++) {
                CyclicBarrier start = new CyclicBarrier(workers);
                List<Future<Optional<LeaseGrant>>> attempts = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    LeaderLease lease = lease("worker-" + w, LONG);
                    Callable<Optional<LeaseGrant>> attempt = () -> {
                        start.await();
                        return lease.acquire();
                    };
                    attempts.add(pool.submit(attempt));
                }
                List<LeaseGrant> grants = new ArrayList<>();
                for (Future<Optional<LeaseGrant>> attempt : attempts) {
                    attempt.get().ifPresent(grants::add);
                }

                assertThat(grants).as("round %d", round).hasSize(1);
                LeaseGrant winner = grants.getFirst();
                // a change of hands moves the epoch; the previous holder winning again keeps it
                long expectedEpoch = previous == null ? 1
                        : previous.fencingEpoch() + (winner.holderId().equals(previous.holderId()) ? 0 : 1);
                assertThat(winner.fencingEpoch()).as("round %d", round).isEqualTo(expectedEpoch);
                previous = winner;
                table.expire(scope.id()); // free for the next round: the winner's successor takes over
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
