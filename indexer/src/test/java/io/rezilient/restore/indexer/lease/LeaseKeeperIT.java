package io.rezilient.restore.indexer.lease;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The keeper renews on its own thread, independent of the work, and tells the worker when the lease is gone. */
class LeaseKeeperIT {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Duration POLL_LIMIT = Duration.ofSeconds(10);
    private static TestDatabase db;
    private static LeaseTable table;
    private IngestScope scope;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("LeaseKeeperIT");
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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + POLL_LIMIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aKeptLeaseOutlivesManyLeaseDurationsWhileTheWorkerIsBusy() throws Exception {
        LeaderLease lease = new LeaderLease(db.dataSource(), scope, "worker-a", SHORT);
        try (LeaseKeeper keeper = LeaseKeeper.start(lease)) {
            await("first grant", () -> keeper.state().status() == LeaseState.Status.HELD);
            LeaseState first = keeper.state();

            // the "batch" takes three lease durations; nothing on this thread renews
            table.awaitDbClockPast(first.grant().expiresAt().plus(SHORT.multipliedBy(2)));

            LeaseState later = keeper.state();
            assertThat(later.status()).isEqualTo(LeaseState.Status.HELD);
            assertThat(later.term()).isEqualTo(first.term());
            assertThat(later.grant().fencingEpoch()).isEqualTo(first.grant().fencingEpoch());
            assertThat(table.row(scope.id()).orElseThrow().expiresAt()).isAfter(table.dbNow());
            assertThat(new LeaderLease(db.dataSource(), scope, "worker-b", SHORT).acquire()).isEmpty();
        }
    }

    @Test
    void aLeaseTakenOverBehindTheKeepersBackIsMarkedLost() throws Exception {
        LeaderLease lease = new LeaderLease(db.dataSource(), scope, "worker-a", SHORT);
        try (LeaseKeeper keeper = LeaseKeeper.start(lease)) {
            await("first grant", () -> keeper.grant().isPresent());

            table.seize(scope.id(), "worker-b");

            await("lease marked lost", () -> keeper.state().status() == LeaseState.Status.LOST);
            assertThat(keeper.grant()).isEmpty();
            assertThat(keeper.state().detail()).contains("another holder");
        }
        assertThat(table.row(scope.id()).orElseThrow().holderId()).as("close left the new holder alone")
                .isEqualTo("worker-b");
    }

    @Test
    void aFailingRenewalMarksTheLeaseLost() {
        AtomicBoolean databaseDown = new AtomicBoolean(false);
        LeaderLease lease = new LeaderLease(new Failing(db.dataSource(), databaseDown), scope, "worker-a", SHORT);
        LeaseKeeper keeper = new LeaseKeeper(lease, SHORT.dividedBy(3));
        assertThat(keeper.renewNow().status()).isEqualTo(LeaseState.Status.HELD);

        databaseDown.set(true);
        LeaseState state = keeper.renewNow();

        assertThat(state.status()).isEqualTo(LeaseState.Status.LOST);
        assertThat(state.detail()).contains("lease renewal failed").contains("database is down");
        assertThat(keeper.grant()).isEmpty();
        databaseDown.set(false);
        keeper.close();
    }

    @Test
    void regainingTheLeaseStartsANewTermSoTheWorkerReloadsItsCursor() {
        LeaderLease lease = new LeaderLease(db.dataSource(), scope, "worker-a", Duration.ofMinutes(5));
        LeaseKeeper keeper = new LeaseKeeper(lease, Duration.ofMinutes(1));
        LeaseState first = keeper.renewNow();
        assertThat(keeper.renewNow().term()).as("a renewal continues the term").isEqualTo(first.term());

        table.seize(scope.id(), "worker-b");
        assertThat(keeper.renewNow().status()).isEqualTo(LeaseState.Status.LOST);
        table.expire(scope.id());
        LeaseState regained = keeper.renewNow();

        assertThat(regained.status()).isEqualTo(LeaseState.Status.HELD);
        assertThat(regained.term()).isEqualTo(first.term() + 1);
        assertThat(regained.grant().fencingEpoch()).isEqualTo(3);
        keeper.close();
    }

    @Test
    void anUnrenewedGrantStopsBeingUsableAtItsLocalDeadline() throws Exception {
        LeaderLease lease = new LeaderLease(db.dataSource(), scope, "worker-a", Duration.ofMillis(300));
        LeaseKeeper keeper = new LeaseKeeper(lease, Duration.ofMillis(100)); // never started: no renewals
        assertThat(keeper.renewNow().writableGrant()).isPresent();

        await("grant expires locally", () -> keeper.grant().isEmpty());

        assertThat(keeper.state().status()).isEqualTo(LeaseState.Status.LOST);
        assertThat(keeper.state().detail()).contains("not renewed");
        keeper.close();
    }

    @Test
    void closingReleasesTheLeaseForTheNextWorker() throws Exception {
        LeaderLease lease = new LeaderLease(db.dataSource(), scope, "worker-a", Duration.ofMinutes(5));
        LeaseKeeper keeper = LeaseKeeper.start(lease);
        await("first grant", () -> keeper.grant().isPresent());

        keeper.close();

        assertThat(keeper.grant()).isEmpty();
        assertThat(new LeaderLease(db.dataSource(), scope, "worker-b", SHORT).acquire()).isPresent();
    }

    /** A data source that fails while {@code down} is set, like a database that became unreachable. */
    private record Failing(DataSource delegate, AtomicBoolean down) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("database is down");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }

    @Test
    void aListenerHearsEveryStateTheKeeperSettlesOnAndCannotBreakIt() {
        LeaseKeeper keeper = new LeaseKeeper(new LeaderLease(db.dataSource(), scope, "worker-a", SHORT),
                Duration.ofMillis(100)); // never started: renewals only when the test asks
        List<LeaseState.Status> heard = new CopyOnWriteArrayList<>();
        keeper.onStateChange(state -> {
            heard.add(state.status());
            throw new IllegalStateException("a broken metrics sink");
        });
        assertThat(keeper.running()).isTrue();

        keeper.renewNow();
        table.seize(scope.id(), "intruder");
        assertThat(keeper.renewNow().status()).as("the throwing listener did not stop the renewal")
                .isEqualTo(LeaseState.Status.LOST);
        keeper.close();

        assertThat(heard).containsExactly(LeaseState.Status.STANDBY, LeaseState.Status.HELD,
                LeaseState.Status.LOST, LeaseState.Status.STANDBY);
        assertThat(keeper.running()).isFalse();
    }
}
