package io.rezilient.restore.service.locks;

import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.jobs.JobDriver;
import io.rezilient.restore.service.jobs.JobTransitions;
import io.rezilient.restore.service.jobs.StartPermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PostgresLockManager} on a real, migrated PostgreSQL (migration V7), as the service's writer role. */
class PostgresLockManagerIT {
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String WRITER_LOGIN = "rez_it_locks_rw_" + SUFFIX;
    private static final String INSTANCE = "prod";

    private static TestDatabase db;
    private static DataSource writer;
    private static final PostgresLockManager LOCKS = new PostgresLockManager();
    /** Jobs change as the job service changes them: {@code JobTransitions} over this lock manager. */
    private static final JobDriver JOBS = new JobDriver(Clock.systemUTC());

    private final String tenant = "tenant-" + UUID.randomUUID();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("PostgresLockManagerIT");
        writer = db.createLogin(WRITER_LOGIN, RestoreSchemas.SERVICE_RW_ROLE);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
        db.dropLogin(WRITER_LOGIN);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private JobRef ref(String jobId, String source) {
        return new JobRef(jobId, tenant, INSTANCE, source);
    }

    /** The job service's creation transition, in the caller's transaction; returns the lock decision. */
    private static LockDecision create(Connection connection, JobRef job, List<String> tables) throws SQLException {
        return JOBS.create(connection, job, tables).decision();
    }

    private LockDecision createOn(String source, String jobId, String... tables) throws SQLException {
        return inTransaction(c -> create(c, ref(jobId, source), List.of(tables)));
    }

    private LockDecision create(String jobId, String... tables) throws SQLException {
        return createOn("sn", jobId, tables);
    }

    /** The completion transition: the job's terminal status, its release and the promotion it causes. */
    private static List<String> complete(Connection connection, String jobId) throws SQLException {
        return JOBS.complete(connection, jobId);
    }

    private static List<String> complete(String jobId) throws SQLException {
        return inTransaction(c -> complete(c, jobId));
    }

    private static String status(String jobId) throws SQLException {
        return inTransaction(c -> single(c, "SELECT status || '/' || status_reason_code || '/'"
                + " || (started_at IS NOT NULL) AS value FROM rez_restore.jobs WHERE job_id = ?", jobId));
    }

    private static Optional<Integer> position(String jobId) throws SQLException {
        return inTransaction(c -> {
            var position = LOCKS.queuePosition(c, jobId);
            return position.isPresent() ? Optional.of(position.getAsInt()) : Optional.empty();
        });
    }

    private static Blockers blocking(String jobId) throws SQLException {
        return inTransaction(c -> LOCKS.blocking(c, jobId));
    }

    private static String single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString("value");
            }
        }
    }

    private String id(String name) {
        return tenant + "-" + name;
    }

    @Test
    void aFreeScopeRunsAHeldOneQueuesAndTheReleasePromotes() throws Exception {
        String a = id("a");
        String b = id("b");

        assertThat(create(a, " incident", "incident")).isEqualTo(new LockDecision.Running(List.of("incident")));
        LockDecision second = create(b, "incident");

        assertThat(second).isEqualTo(new LockDecision.Queued(List.of("incident"),
                new Blockers(List.of("incident"), List.of(a)), 1));
        assertThat(status(a)).isEqualTo("running/none/true");
        assertThat(status(b)).isEqualTo("queued/queued_scope_lock/false");
        assertThat(blocking(b)).isEqualTo(new Blockers(List.of("incident"), List.of(a)));
        assertThat(blocking(a)).isEqualTo(Blockers.none());
        assertThat(position(a)).isEmpty();
        assertThat(position(b)).contains(1);

        assertThat(complete(a)).containsExactly(b);

        assertThat(status(b)).isEqualTo("running/none/true");
        assertThat(position(b)).isEmpty();
        assertThat(complete(b)).isEmpty();
        String holds = inTransaction(c -> single(c,
                "SELECT count(*) AS value FROM rez_restore.lock_holds WHERE tenant_id = ?", tenant));
        assertThat(holds).isEqualTo("0");
    }

    @Test
    void theSameTableOnTwoSourcesDoesNotConflict() throws Exception {
        assertThat(createOn("sn-1", id("a"), "incident")).isInstanceOf(LockDecision.Running.class);
        assertThat(createOn("sn-2", id("b"), "incident")).isInstanceOf(LockDecision.Running.class);
        assertThat(createOn("sn-1", id("c"), "incident")).isInstanceOf(LockDecision.Queued.class);
    }

    @Test
    void jobsWithDisjointTablesRunInParallel() throws Exception {
        assertThat(create(id("a"), "incident")).isInstanceOf(LockDecision.Running.class);
        assertThat(create(id("b"), "problem")).isInstanceOf(LockDecision.Running.class);
        assertThat(create(id("c"), "task", "change_request")).isInstanceOf(LockDecision.Running.class);
    }

    /** A newcomer never overtakes an older queued job waiting for one of its keys, so wide jobs cannot starve. */
    @Test
    void aNewcomerQueuesBehindAnOlderQueuedJobThatWantsOneOfItsTables() throws Exception {
        String a = id("a");
        String b = id("b");
        String c = id("c");
        create(a, "t1");
        assertThat(create(b, "t1", "t2")).isInstanceOf(LockDecision.Queued.class);

        // t2 is free, but the older queued job b reserves it
        assertThat(create(c, "t2")).isEqualTo(new LockDecision.Queued(List.of("t2"),
                new Blockers(List.of("t2"), List.of(b)), 2));

        assertThat(complete(a)).containsExactly(b);
        assertThat(status(c)).isEqualTo("queued/queued_scope_lock/false");
        assertThat(blocking(c)).isEqualTo(new Blockers(List.of("t2"), List.of(b)));
        assertThat(position(c)).contains(1);
        assertThat(complete(b)).containsExactly(c);
    }

    @Test
    void oneReleasePromotesEveryJobThatCanNowRunInFifoOrder() throws Exception {
        String wide = id("wide");
        create(wide, "t1", "t2", "t3");
        String d = id("d");
        String b = id("b");
        String c = id("c");
        String e = id("e");
        create(d, "t3");
        create(b, "t1");
        create(c, "t2");
        create(e, "t1");

        assertThat(complete(wide)).containsExactly(d, b, c);

        assertThat(status(e)).isEqualTo("queued/queued_scope_lock/false");
        assertThat(position(e)).contains(1);
        assertThat(blocking(e)).isEqualTo(new Blockers(List.of("t1"), List.of(b)));
    }

    @Test
    void jobsWaitingForOneKeyStartInArrivalOrderAndPositionsMoveUp() throws Exception {
        String holder = id("holder");
        create(holder, "t1");
        List<String> waiting = List.of(id("w1"), id("w2"), id("w3"));
        for (String job : waiting) {
            create(job, "t1");
        }
        assertThat(position(waiting.get(2))).contains(3);

        assertThat(complete(holder)).containsExactly(waiting.get(0));
        assertThat(position(waiting.get(2))).contains(2);
        assertThat(complete(waiting.get(0))).containsExactly(waiting.get(1));
        assertThat(position(waiting.get(2))).contains(1);
        assertThat(complete(waiting.get(1))).containsExactly(waiting.get(2));
    }

    /** With head-of-line reservation a queued job can be all that holds a younger one back. */
    @Test
    void cancellingAQueuedJobPromotesTheJobsItHeldBack() throws Exception {
        String a = id("a");
        String b = id("b");
        String c = id("c");
        create(a, "t1");
        create(b, "t1", "t2");
        create(c, "t2");

        assertThat(complete(b)).containsExactly(c);
        assertThat(status(a)).isEqualTo("running/none/true");
    }

    /**
     * A job whose start the source-mapping check withheld keeps its place and its reservation; the next lock change
     * with the check passing starts it — here a creation, which starts it before placing the newcomer (S44, S45).
     */
    @Test
    void aJobWhoseStartWasWithheldStartsAtTheNextCreationAheadOfTheNewcomer() throws Exception {
        String a = id("a");
        String b = id("b");
        String c = id("c");
        create(a, "t1");
        create(b, "t1");
        StartPermission suspended = new StartPermission.Withheld("blocked_unknown_source_mapping",
                "source mapping is not active (tenant suspended, entitlement active, instance active)");
        List<String> started = inTransaction(conn -> JOBS.end(conn, a, suspended));

        assertThat(started).isEmpty();

        assertThat(status(b)).isEqualTo("queued/blocked_unknown_source_mapping/false");
        assertThat(position(b)).contains(1);
        assertThat(blocking(b)).isEqualTo(Blockers.none());

        JobTransitions.Created created = inTransaction(conn -> JOBS.create(conn, ref(c, "sn"), List.of("t1")));

        assertThat(created.promotedJobIds()).containsExactly(b);
        assertThat(created.decision()).isEqualTo(new LockDecision.Queued(List.of("t1"),
                new Blockers(List.of("t1"), List.of(b)), 1));
        assertThat(status(b)).isEqualTo("running/none/true");
        assertThat(blocking(c)).isEqualTo(new Blockers(List.of("t1"), List.of(b)));
    }

    @Test
    void misuseIsRefused() throws Exception {
        String a = id("a");
        create(a, "t1");

        assertThatThrownBy(() -> inTransaction(c -> LOCKS.admit(c, ref(a, "sn"), List.of("t2"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds");
        assertThatThrownBy(() -> inTransaction(c -> LOCKS.admit(c, ref(a, "sn"), List.of(" ", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one table");
        // lock rows name their job with its scope: without the job row there can be none
        assertThatThrownBy(() -> inTransaction(c -> {
            LOCKS.enter(c, LOCKS.admit(c, ref(id("no-row"), "sn"), List.of("t9")), Instant.now());
            return null;
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503"));
        // only a waiter can be granted its tables
        assertThatThrownBy(() -> inTransaction(c -> {
            LOCKS.grant(c, ref(a, "sn").scope(), List.of(new ScopeQueue.Waiter(id("unknown"), List.of("t9"),
                    "queued_scope_lock")), Instant.now());
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("lock queue changed");
        try (Connection autoCommit = writer.getConnection()) {
            assertThatThrownBy(() -> LOCKS.release(autoCommit, ref(a, "sn")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
        }
        assertThat(status(a)).isEqualTo("running/none/true");
    }

    /**
     * 200 creations on overlapping tables of two sources from 16 threads, each on its own connection and in its own
     * transaction, interleaved with completions of running jobs; then everything is completed. A monitor checks
     * consistent snapshots meanwhile. Start order is recorded while the scope's advisory lock is still held (before
     * commit), which makes it the true order of starts within a scope.
     */
    @Test
    void concurrentCreationsAndReleasesKeepOneHolderPerKeyLoseNothingAndStartInFifoOrderPerKey() throws Exception {
        int jobs = 200;
        int threads = 16;
        List<String> tables = List.of("t0", "t1", "t2", "t3", "t4", "t5");
        List<String> sources = List.of("sn-a", "sn-b");
        Map<String, List<String>> startOrder = new ConcurrentHashMap<>();
        sources.forEach(s -> startOrder.put(s, Collections.synchronizedList(new ArrayList<>())));
        Map<String, String> sourceOf = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger queued = new AtomicInteger();
        AtomicInteger promoted = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger observations = new AtomicInteger();

        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            Future<?> monitor = pool.submit(() -> {
                while (!done.get()) {
                    violations.addAll(observe());
                    observations.incrementAndGet();
                }
                return null;
            });
            try {
                runWorkersThenDrain(pool, threads, jobs, sources, tables, created, queued, promoted, startOrder,
                        sourceOf);
            } finally {
                done.set(true); // also when a worker failed: the pool's close waits for the monitor
            }
            monitor.get(1, TimeUnit.MINUTES);
        }

        assertThat(violations).isEmpty();
        assertThat(observations.get()).isPositive();
        // the scenario exercised what it is about
        assertThat(queued.get()).isGreaterThan(20);
        assertThat(promoted.get()).isEqualTo(queued.get());

        Map<String, String> statuses = new HashMap<>();
        Map<String, Long> seqs = new HashMap<>();
        Map<String, List<String>> tablesOf = new HashMap<>();
        inTransaction(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT job_id, status, enqueued_seq,"
                    + " lock_scope_tables FROM rez_restore.jobs WHERE tenant_id = ?")) {
                statement.setString(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String job = rows.getString("job_id");
                        statuses.put(job, rows.getString("status"));
                        seqs.put(job, rows.getLong("enqueued_seq"));
                        tablesOf.put(job, Arrays.asList((String[]) rows.getArray("lock_scope_tables").getArray()));
                    }
                }
            }
            assertThat(single(c, "SELECT count(*) AS value FROM (SELECT tenant_id FROM rez_restore.lock_holds UNION ALL"
                    + " SELECT tenant_id FROM rez_restore.lock_queue) AS locks WHERE tenant_id = ?", tenant))
                    .isEqualTo("0");
            return null;
        });
        assertThat(statuses).hasSize(jobs).allSatisfy((job, status) -> assertThat(status).isEqualTo("completed"));
        List<String> allStarts = new ArrayList<>();
        startOrder.values().forEach(allStarts::addAll);
        assertThat(allStarts).hasSize(jobs).doesNotHaveDuplicates();

        for (String source : sources) {
            List<String> starts = startOrder.get(source);
            for (String table : tables) {
                List<String> startedHolding = starts.stream().filter(job -> tablesOf.get(job).contains(table)).toList();
                List<String> bySeq = startedHolding.stream().sorted(Comparator.comparing(seqs::get)).toList();
                assertThat(startedHolding).as("start order of %s/%s", source, table).isEqualTo(bySeq);
            }
            assertThat(starts).allSatisfy(job -> assertThat(sourceOf.get(job)).isEqualTo(source));
        }
    }

    private void runWorkersThenDrain(ExecutorService pool, int threads, int jobs, List<String> sources,
                                     List<String> tables, AtomicInteger created, AtomicInteger queued,
                                     AtomicInteger promoted, Map<String, List<String>> startOrder,
                                     Map<String, String> sourceOf) throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try (Connection connection = writer.getConnection()) {
                    connection.setAutoCommit(false);
                    for (int n = created.getAndIncrement(); n < jobs; n = created.getAndIncrement()) {
                        String source = sources.get(random.nextInt(sources.size()));
                        List<String> wanted = new ArrayList<>(tables);
                        Collections.shuffle(wanted, random);
                        wanted = wanted.subList(0, 1 + random.nextInt(3));
                        String jobId = String.format("%s-job-%03d", tenant, n);
                        sourceOf.put(jobId, source);
                        LockDecision decision = create(connection, ref(jobId, source), wanted);
                        if (decision instanceof LockDecision.Running) {
                            startOrder.get(source).add(jobId);
                        } else {
                            queued.incrementAndGet();
                        }
                        connection.commit();
                        if (random.nextInt(10) < 6) {
                            completeSomeRunningJob(connection, startOrder, promoted);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        // drain: complete running jobs until nothing runs or waits; a lost job would stay queued
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 10 * jobs; i++) {
                if (!completeSomeRunningJob(connection, startOrder, promoted)) {
                    break;
                }
            }
        }
    }

    /** Completes one random running job in its own transaction; false when none runs. */
    private boolean completeSomeRunningJob(Connection connection, Map<String, List<String>> startOrder,
                                           AtomicInteger promoted)
            throws SQLException {
        try {
            Optional<String[]> pick = pickRunning(connection);
            if (pick.isEmpty()) {
                connection.rollback();
                return false;
            }
            String jobId = pick.get()[0];
            // another thread may complete it between the pick and our scope lock: its release then finds nothing
            List<String> started = complete(connection, jobId);
            startOrder.get(pick.get()[1]).addAll(started);
            promoted.addAndGet(started.size());
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private Optional<String[]> pickRunning(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT job_id, source FROM rez_restore.jobs"
                + " WHERE tenant_id = ? AND status = 'running' ORDER BY random() LIMIT 1")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new String[]{rows.getString("job_id"), rows.getString("source")})
                        : Optional.empty();
            }
        }
    }

    /**
     * One consistent snapshot: running jobs' keys are disjoint per source, the holds are exactly the running jobs'
     * keys, and no queued job could run (each meets a held key or a key of an older queued job).
     */
    private List<String> observe() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Set<String> expectedHolds = new HashSet<>();
            Map<String, String> holderOfKey = new HashMap<>();
            Map<String, Set<String>> unavailable = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT job_id, source, status,"
                    + " lock_scope_tables FROM rez_restore.jobs WHERE tenant_id = ? AND status IN ('running', 'paused',"
                    + " 'queued') ORDER BY status = 'queued', enqueued_seq")) { // holders first, then the queue in FIFO order
                statement.setString(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String job = rows.getString("job_id");
                        String source = rows.getString("source");
                        Array array = rows.getArray("lock_scope_tables");
                        Set<String> blocked = unavailable.computeIfAbsent(source, s -> new HashSet<>());
                        List<String> wanted = Arrays.asList((String[]) array.getArray());
                        if ("queued".equals(rows.getString("status"))) {
                            if (Collections.disjoint(blocked, wanted)) {
                                found.add("queued job " + job + " could run: " + wanted);
                            }
                        } else {
                            for (String table : wanted) {
                                String key = source + "|" + table;
                                String other = holderOfKey.put(key, job);
                                if (other != null) {
                                    found.add("running jobs " + other + " and " + job + " share " + key);
                                }
                                expectedHolds.add(key + "|" + job);
                            }
                        }
                        blocked.addAll(wanted);
                    }
                }
            }
            Set<String> holds = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT source || '|' || table_name || '|'"
                    + " || job_id AS hold FROM rez_restore.lock_holds WHERE tenant_id = ?")) {
                statement.setString(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        holds.add(rows.getString("hold"));
                    }
                }
            }
            if (!holds.equals(expectedHolds)) {
                found.add("holds " + holds + " are not the running jobs' keys " + expectedHolds);
            }
            connection.rollback();
        }
        return found;
    }
}
