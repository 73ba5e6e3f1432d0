package io.rezilient.restore.indexer.backfill.overrides;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue.BACKFILL_BATCH_SIZE;
import static io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue.BACKFILL_MAX_REALTIME_LAG_SECONDS;
import static io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue.BACKFILL_RESUME_LAG_SECONDS;
import static io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue.INDEX_STALE_AFTER_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Overrides with validity windows on a real database and a controlled clock: staging, the effective value,
 * config versions, manual and automatic reverts, restarts, concurrent reconcilers and refused requests.
 */
class OverrideStoreIT {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static TestDatabase db;

    private SettableClock clock;
    private OverrideStore store;
    private OverrideReconciler reconciler;
    private String scope;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("OverrideStoreIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void freshScope() {
        clock = new SettableClock(T0);
        store = new OverrideStore(db.dataSource(), clock);
        reconciler = new OverrideReconciler(db.dataSource());
        scope = "scope-" + UUID.randomUUID();
    }

    private OverrideRequest request(String key, String value, Instant from, Instant until, String run) {
        return new OverrideRequest(scope, key, value, from, until, run, "alice", "bootstrap after losing the index");
    }

    @Test
    void aStagedOverrideIsEffectiveOnlyInsideItsWindow() {
        ConfigOverride staged = store.stage(request(BACKFILL_BATCH_SIZE, "2000", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(3)), null));

        assertThat(staged.status()).isEqualTo(OverrideStatus.ACTIVE);
        assertThat(staged.previousValue()).as("the baseline was in force").isNull();
        assertThat(staged.configVersion()).isEqualTo(1);
        assertThat(staged.createdBy()).isEqualTo("alice");
        assertThat(store.currentVersion(scope)).isEqualTo(1);
        assertThat(store.effective(scope, BACKFILL_BATCH_SIZE, T0)).as("before valid_from").isEmpty();
        assertThat(store.effective(scope, BACKFILL_BATCH_SIZE, T0.plus(HOUR))).contains("2000");
        assertThat(store.effectiveOr(scope, BACKFILL_BATCH_SIZE, 250, T0.plus(HOUR.multipliedBy(2)))).isEqualTo(2000);
        assertThat(store.effective(scope, BACKFILL_BATCH_SIZE, T0.plus(HOUR.multipliedBy(3))))
                .as("at valid_until, even before the reconciler ran").isEmpty();
        assertThat(store.effectiveOr(scope, BACKFILL_BATCH_SIZE, 250, T0)).isEqualTo(250);
        assertThat(store.effective("other-scope", BACKFILL_BATCH_SIZE, T0.plus(HOUR))).isEmpty();
        assertThat(store.active(scope)).extracting(ConfigOverride::id).containsExactly(staged.id());
        assertThat(store.history(staged.id())).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(ChangeAction.APPLIED);
            assertThat(change.configVersion()).isEqualTo(1);
            assertThat(change.valueBefore()).isNull();
            assertThat(change.valueAfter()).isEqualTo("2000");
            assertThat(change.actor()).isEqualTo("alice");
            assertThat(change.changedAt()).isEqualTo(T0);
        });
    }

    @Test
    void restagingAKeyReplacesTheActiveOverrideRecordsThePreviousValueAndTakesAVersionForEach() {
        ConfigOverride first = store.stage(request(INDEX_STALE_AFTER_SECONDS, "600", null, T0.plus(HOUR), null));
        clock.advance(Duration.ofMinutes(10));

        ConfigOverride second = store.stage(request(INDEX_STALE_AFTER_SECONDS, "900", null, T0.plus(HOUR), null));

        assertThat(second.previousValue()).isEqualTo("600");
        assertThat(second.configVersion()).isEqualTo(3);
        ConfigOverride replaced = store.find(first.id()).orElseThrow();
        assertThat(replaced.status()).isEqualTo(OverrideStatus.ROLLED_BACK);
        assertThat(replaced.revertedVersion()).isEqualTo(2);
        assertThat(replaced.endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(store.effective(scope, INDEX_STALE_AFTER_SECONDS, clock.instant())).contains("900");
        assertThat(store.changes(scope)).extracting(OverrideChange::configVersion, OverrideChange::action,
                        OverrideChange::valueBefore, OverrideChange::valueAfter)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, ChangeAction.APPLIED, null, "600"),
                        org.assertj.core.groups.Tuple.tuple(2L, ChangeAction.REPLACED, "600", null),
                        org.assertj.core.groups.Tuple.tuple(3L, ChangeAction.APPLIED, "600", "900"));
    }

    @Test
    void aManualRevertEndsTheOverrideUnderANewVersionOnce() {
        ConfigOverride staged = store.stage(request(BACKFILL_BATCH_SIZE, "1000", null, T0.plus(HOUR), null));
        clock.advance(Duration.ofMinutes(5));

        OverrideChange revert = store.revert(staged.id(), "bob", "batches too large for the live worker");

        assertThat(revert.action()).isEqualTo(ChangeAction.ROLLED_BACK);
        assertThat(revert.configVersion()).isEqualTo(2);
        assertThat(revert.actor()).isEqualTo("bob");
        assertThat(revert.valueBefore()).isEqualTo("1000");
        assertThat(revert.valueAfter()).isNull();
        assertThat(store.find(staged.id()).orElseThrow().status()).isEqualTo(OverrideStatus.ROLLED_BACK);
        assertThat(store.effective(scope, BACKFILL_BATCH_SIZE, clock.instant())).isEmpty();
        assertThat(store.currentVersion(scope)).isEqualTo(2);

        assertThat(rejection(() -> store.revert(staged.id(), "bob", "again"))).isEqualTo("override_not_active");
        assertThat(rejection(() -> store.revert(Long.MAX_VALUE, "bob", "typo"))).isEqualTo("override_unknown");
        assertThat(rejection(() -> store.revert(staged.id(), " ", "no actor"))).isEqualTo("override_request_invalid");
        assertThat(store.currentVersion(scope)).as("refusals take no version").isEqualTo(2);
        assertThat(reconciler.reconcile(T0.plus(HOUR))).as("nothing left to expire").isEmpty();
    }

    @Test
    void theReconcilerExpiresAnOverrideAtValidUntilAndNotBefore() {
        ConfigOverride staged = store.stage(request(BACKFILL_MAX_REALTIME_LAG_SECONDS, "600", null, T0.plus(HOUR), null));

        assertThat(reconciler.reconcile(T0.plus(HOUR).minusMillis(1))).isEmpty();
        List<OverrideChange> changes = reconciler.reconcile(T0.plus(HOUR));

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.overrideId()).isEqualTo(staged.id());
            assertThat(change.action()).isEqualTo(ChangeAction.EXPIRED);
            assertThat(change.configVersion()).isEqualTo(2);
            assertThat(change.actor()).isEqualTo("system:override-reconciler");
            assertThat(change.reason()).contains("valid_until");
        });
        ConfigOverride expired = store.find(staged.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(OverrideStatus.EXPIRED);
        assertThat(expired.revertedVersion()).isEqualTo(2);
        assertThat(expired.endedAt()).isEqualTo(T0.plus(HOUR));
        assertThat(store.currentVersion(scope)).isEqualTo(2);
        assertThat(reconciler.reconcile(T0.plus(HOUR.multipliedBy(2)))).as("once").isEmpty();
    }

    @Test
    void anOverrideEndsWithItsOwningRun() throws SQLException {
        String run = backfillRun("running");
        ConfigOverride owned = store.stage(request(BACKFILL_BATCH_SIZE, "5000", null, T0.plus(HOUR.multipliedBy(6)), run));
        ConfigOverride unowned = store.stage(request(INDEX_STALE_AFTER_SECONDS, "900", null, T0.plus(HOUR.multipliedBy(6)), null));
        assertThat(reconciler.reconcile(T0.plus(HOUR))).as("the run is still going").isEmpty();

        execute("UPDATE rez_restore_index.backfill_runs SET status = 'completed', completed_at = now() WHERE run_id = ?", run);

        assertThat(store.effective(scope, BACKFILL_BATCH_SIZE, T0.plus(HOUR)))
                .as("no longer effective once the run ended, before any reconcile").isEmpty();
        List<OverrideChange> changes = reconciler.reconcile(T0.plus(HOUR));
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.overrideId()).isEqualTo(owned.id());
            assertThat(change.action()).isEqualTo(ChangeAction.RUN_ENDED);
            assertThat(change.actor()).isEqualTo(OverrideReconciler.ACTOR);
            assertThat(change.reason()).contains(run);
            assertThat(change.configVersion()).isEqualTo(3);
        });
        assertThat(store.find(owned.id()).orElseThrow().status()).isEqualTo(OverrideStatus.EXPIRED);
        assertThat(store.find(unowned.id()).orElseThrow().status()).isEqualTo(OverrideStatus.ACTIVE);
    }

    /** recovery-backfill §3c test 26. */
    @Test
    void anOverrideStagedBeforeARestartIsRevertedOnTimeByTheNewProcessVersionedAndAudited() {
        ConfigOverride staged = store.stage(request(INDEX_STALE_AFTER_SECONDS, "1800", null, T0.plus(HOUR), null));
        clock.advance(Duration.ofMinutes(30)); // mid-window, the process dies: nothing of it survives but the rows

        SettableClock restartedClock = new SettableClock(clock.instant());
        OverrideStore restartedStore = new OverrideStore(db.dataSource(), restartedClock);
        OverrideReconciler restartedReconciler = new OverrideReconciler(db.dataSource());
        assertThat(restartedStore.effective(scope, INDEX_STALE_AFTER_SECONDS, restartedClock.instant())).contains("1800");
        assertThat(restartedReconciler.reconcile(restartedClock.instant())).isEmpty();

        restartedClock.set(T0.plus(HOUR));
        List<OverrideChange> reverted = restartedReconciler.reconcile(restartedClock.instant());

        assertThat(reverted).extracting(OverrideChange::overrideId).containsExactly(staged.id());
        assertThat(restartedStore.effective(scope, INDEX_STALE_AFTER_SECONDS, restartedClock.instant())).isEmpty();
        assertThat(restartedStore.currentVersion(scope)).isEqualTo(2);
        assertThat(restartedStore.history(staged.id()))
                .extracting(OverrideChange::configVersion, OverrideChange::action, OverrideChange::actor,
                        OverrideChange::changedAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, ChangeAction.APPLIED, "alice", T0),
                        org.assertj.core.groups.Tuple.tuple(2L, ChangeAction.EXPIRED, OverrideReconciler.ACTOR,
                                T0.plus(HOUR)));
    }

    @Test
    void twoReconcilersAtOnceRevertEachOverrideExactlyOnce() throws Exception {
        List<String> scopes = List.of(scope + "-a", scope + "-b", scope + "-c");
        List<Long> ids = new ArrayList<>();
        for (String each : scopes) {
            for (String key : List.of(BACKFILL_BATCH_SIZE, INDEX_STALE_AFTER_SECONDS,
                    OverrideCatalogue.BACKFILL_MAX_CONCURRENT_PARTITIONS)) {
                ids.add(store.stage(new OverrideRequest(each, key, "8", null, T0.plus(HOUR), null, "alice", "load test"))
                        .id());
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<CompletableFuture<List<OverrideChange>>> rounds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                OverrideReconciler own = new OverrideReconciler(db.dataSource()); // as a second process would have
                rounds.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return own.reconcile(T0.plus(HOUR));
                }, threads));
            }
            start.countDown();

            List<Long> ended = new ArrayList<>();
            for (CompletableFuture<List<OverrideChange>> round : rounds) {
                round.get().forEach(change -> ended.add(change.overrideId()));
            }
            assertThat(ended).containsExactlyInAnyOrderElementsOf(ids);
        }
        for (String each : scopes) {
            assertThat(store.currentVersion(each)).as("3 applies and 3 expiries").isEqualTo(6);
            List<OverrideChange> changes = store.changes(each);
            assertThat(changes).extracting(OverrideChange::configVersion).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(changes).filteredOn(change -> change.action() == ChangeAction.EXPIRED).hasSize(3);
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonCodesAndWriteNothing() throws SQLException {
        String ended = backfillRun("failed");
        Instant until = T0.plus(HOUR);
        assertThat(rejection(() -> store.stage(request("lateness_allowance", "10", null, until, null))))
                .isEqualTo("override_key_unknown");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "10001", null, until, null))))
                .isEqualTo("override_value_out_of_bounds");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "many", null, until, null))))
                .isEqualTo("override_value_invalid");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "100", until, T0, null))))
                .isEqualTo("override_window_invalid");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "100", null, T0, null))))
                .isEqualTo("override_window_invalid");
        assertThat(rejection(() -> store.stage(request("indexer_read_concurrency", "64", null, until, null))))
                .isEqualTo("override_key_requires_restart");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "100", null, until, "no-such-run"))))
                .isEqualTo("override_run_unknown");
        assertThat(rejection(() -> store.stage(request(BACKFILL_BATCH_SIZE, "100", null, until, ended))))
                .isEqualTo("override_run_ended");
        assertThat(count("SELECT count(*) FROM rez_restore_index.config_overrides WHERE scope = ?")).isZero();
        assertThat(count("SELECT count(*) FROM rez_restore_index.config_override_changes WHERE scope = ?")).isZero();
        assertThat(store.currentVersion(scope)).isZero();

        ConfigOverride pause = store.stage(request(BACKFILL_MAX_REALTIME_LAG_SECONDS, "300", null, until, null));
        assertThat(rejection(() -> store.stage(request(BACKFILL_RESUME_LAG_SECONDS, "300", null, until, null))))
                .as("resume bound not below the pause bound").isEqualTo("override_value_out_of_bounds");
        ConfigOverride resume = store.stage(request(BACKFILL_RESUME_LAG_SECONDS, "120", null, until, null));
        assertThat(rejection(() -> store.stage(request(BACKFILL_MAX_REALTIME_LAG_SECONDS, "100", null, until, null))))
                .as("pause bound not above the resume bound").isEqualTo("override_value_out_of_bounds");
        assertThat(store.active(scope)).extracting(ConfigOverride::id).containsExactlyInAnyOrder(pause.id(), resume.id());
        assertThat(store.currentVersion(scope)).isEqualTo(2);
    }

    @Test
    void listingShowsActiveOverridesNewestFirstAndEndedOnesOnRequest() {
        ConfigOverride old = store.stage(request(BACKFILL_BATCH_SIZE, "300", null, T0.plus(HOUR), null));
        ConfigOverride current = store.stage(request(INDEX_STALE_AFTER_SECONDS, "300", null, T0.plus(HOUR), null));
        store.revert(old.id(), "bob", "done");

        assertThat(store.list(scope, false)).extracting(ConfigOverride::id).containsExactly(current.id());
        assertThat(store.list(scope, true)).extracting(ConfigOverride::id).containsExactly(current.id(), old.id());
        Set<Long> everywhere = new HashSet<>(store.list(null, true).stream().map(ConfigOverride::id).toList());
        assertThat(everywhere).contains(current.id(), old.id());
    }

    private static String rejection(Runnable call) {
        OverrideRejected rejected = catchThrowableOfType(OverrideRejected.class, call::run);
        assertThat(rejected).as("rejected").isNotNull();
        return rejected.reasonCode();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String backfillRun(String status) throws SQLException {
        String run = "run-" + UUID.randomUUID();
        execute("INSERT INTO rez_restore_index.backfill_runs (run_id, tenant_id, instance_id, source, mode, status,"
                + " throttle_batch_size, max_realtime_lag_seconds) VALUES (?, 'tenant-acme', 'sn-dev-01', 'sn://acme',"
                + " 'bootstrap', ?, 250, 180)", run, status);
        return run;
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        DataSource dataSource = db.dataSource();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
