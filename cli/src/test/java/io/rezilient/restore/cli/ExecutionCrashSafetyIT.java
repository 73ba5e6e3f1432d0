package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.reconcile.PlanReconciler;
import io.rezilient.restore.agent.run.AgentListener;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.agent.target.HeldTargetWriters;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;
import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety and concurrency of restore execution (architecture §7), against a real PostgreSQL service database
 * and a real PostgreSQL target, over real HTTP with real JWTs. A captured workload is indexed, the target is seeded
 * with its final state and damaged, and each scenario restores both tables to one point in time, in chunks of
 * {@value #CHUNK} rows, while something goes wrong:
 * <ol>
 *   <li>the agent — a child JVM built as {@code rez agent run} builds it ({@link AgentCrashMain}) — is killed with
 *       SIGKILL at one of four points of a chunk: (a) claimed, nothing applied; (b) inside the target transaction,
 *       every write and the ledger entry done, not committed; (c) committed to the target, not yet to the service;
 *       (d) committed to both. A fresh agent then finishes the job, after the service's clock passed the dead
 *       agent's claim lease where it still held one;</li>
 *   <li>the restore service — a child JVM — is killed while an agent's commit is in flight, held in its database
 *       transaction just before the commit (by an advisory lock the test owns) or just after it (waiting for a
 *       synchronous standby that never comes, so the answer is never sent), and restarted on the same port and
 *       database; the agent's retry loop sends the same commit again, which is taken as new in the first case and
 *       answered from the stored response in the second;</li>
 *   <li>two agents work one job, and one of them is overtaken: its claim's lease expires while it holds the chunk's
 *       target transaction open, the other agent claims the same rows again and waits on the target for its locks.</li>
 * </ol>
 * Each scenario then proves the same things: the execution completed; at every observed point every chunk was whole
 * or absent on the target (a record written by a chunk the target's ledger holds is as the ground truth says it was
 * at the PIT, every other record is as it was before the restore); no row was written twice (the ledger's
 * {@code wrote_target} rows and a trigger that logs every write on the target agree, at most one per row, exactly
 * one for every row that had something to change); every row has exactly one outcome at the service; the rollback
 * journal ({@code GET …/rollback-journal}) has exactly one entry per applied row, each holding the record as it was
 * before the restore, and every mirror record links one; and the target equals the ground truth at the PIT.
 *
 * <p>Nothing waits on time: the test waits for what it can observe (a line a child prints, a backend waiting on a
 * lock in {@code pg_stat_activity}, a session gone), and a claim's lease expires when the test moves the in-process
 * service's clock. Child JVMs start from class-data sharing archives that a first, normally exiting run of each
 * writes while the workload is captured (a killed JVM writes none).
 */
class ExecutionCrashSafetyIT {
    private static final String TENANT = "tenant-crash";
    private static final String INSTANCE = "crash-instance";
    private static final String SOURCE = "sn://crash.service-now.com";
    private static final List<String> TABLES = List.of("incident", "problem");
    private static final ResourceScope SCOPE = new ResourceScope(TENANT, INSTANCE, SOURCE);
    private static final String SECRET = "execution-crash-safety-signing-secret";
    private static final String OPERATOR = "restore-operator";
    private static final int CHUNK = 20;
    /** The claim a crashing agent stops on: the first from this one on that inserts or deletes a record. */
    private static final int CRASH_FROM_CLAIM = 3;
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** A guard against a hung wait, not a performance bound. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The test's own advisory-lock key on the service database (scenario 2, before the commit). */
    private static final long HOLD_KEY = 0x72657A43L;

    @TempDir
    static Path work;

    private static TestDatabase db;
    private static TestDatabase targetDb;
    private static HikariDataSource target;
    private static GroundTruth truth;
    private static Path truthFile;
    private static KeyringFile keyringFile;
    private static Keyring keyring;
    private static Instant pit;
    private static SettableClock clock;
    private static Map<String, String> serviceEnv;
    private static ServiceRuntime service;
    private static int port;
    private static RestoreServiceClient client;
    private static String childClassPath;
    private static Path archives;
    /** The job of the running scenario. */
    private static String currentJob;

    @BeforeAll
    static void captureIndexAndStart() throws Exception {
        long started = System.nanoTime();
        childClassPath = childClassPath();
        Path objects = work.resolve("objects");
        truthFile = work.resolve("truth.jsonl");
        keyringFile = new KeyringFile(work.resolve("keyring.json"));
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<ConformanceCommandTest.Run> captured = background.submit(() -> rez("capture", "simulate",
                "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", String.join(",", TABLES), "--records", "160", "--events", "1200",
                "--start", "2026-11-20T00:00:00Z", "--days", "2", "--seed", "20261208", "--layout", "v1",
                "--partitions", "2", "--no-progress", "--keyring", keyringFile.path().toString(),
                "--truth", truthFile.toString(), "--out", objects.toString()));
        background.shutdown();
        // while the workload is captured: the databases, and the first run of each child, which writes the
        // class-data sharing archive the later (killed) ones start from
        db = TestDatabases.createMigrated("ExecutionCrashSafetyIT");
        targetDb = TestDatabases.create("ExecutionCrashSafetyIT_target");
        serviceEnv = serviceEnv(db.jdbcUrl(), objects);
        Map<String, String> warmUpEnv = new HashMap<>(serviceEnv);
        warmUpEnv.put("REZ_OBJECT_STORE_ROOT", Files.createDirectories(work.resolve("warm-up-objects")).toString());
        Instant realNow = Instant.now();
        Child serviceWarmUp = Child.start(ServiceCrashMain.class, List.of("warm-up", IsoUtc.format(realNow),
                DevTokenIssuer.hs256(SECRET, Clock.fixed(realNow, ZoneOffset.UTC)).issue(TokenRequest.rrs(SCOPE,
                        OPERATOR, Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofHours(1)))),
                warmUpEnv, work.resolve("service-warm-up.log"));

        var capture = captured.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        truth = GroundTruth.load(truthFile);
        keyring = keyringFile.load();
        log("captured %d records in %d ms", truth.recordRefs().size(), millisSince(started));
        Child agentWarmUp = Child.start(AgentCrashMain.class, List.of("warm-up", targetDb.jdbcUrl(),
                keyringFile.path().toString(), TENANT), Map.of(), work.resolve("agent-warm-up.log"));
        Instant start = truth.header().start();
        pit = start.plusMillis(Duration.between(start, truth.header().end()).toMillis() * 6 / 10)
                .truncatedTo(ChronoUnit.MILLIS);

        WorkloadSetup.indexOnce(db.jdbcUrl(), objects, SOURCE, "crash", "gen-crash-1", null);
        log("indexed in %d ms", millisSince(started));
        new PostgresSourceRegistry(db.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "ExecutionCrashSafetyIT");

        clock = new SettableClock(truth.header().end().plusSeconds(5));
        service = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv), clock);
        port = service.start("127.0.0.1", 0);
        client = client(port, OPERATOR);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(targetDb.jdbcUrl());
        config.setMaximumPoolSize(6);
        target = new HikariDataSource(config);
        serviceWarmUp.awaitExit();
        agentWarmUp.awaitExit();
        log("service and target ready in %d ms", millisSince(started));
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (target != null) {
            target.close();
        }
        if (targetDb != null) {
            targetDb.close();
        }
        if (db != null) {
            db.close();
        }
        if (archives != null) {
            try (Stream<Path> files = Files.list(archives)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(archives);
        }
    }

    /** A scenario that failed midway must not leave its job holding the scope's locks for the next one. */
    @AfterEach
    void cancelAnUnfinishedJob() {
        if (currentJob == null) {
            return;
        }
        ServiceAnswer job = client.job(currentJob);
        String status = job.body() == null ? "" : job.body().path("job").path("status").asText();
        if (job.ok() && Set.of("queued", "running", "paused").contains(status)) {
            client.post("/v1/jobs/" + currentJob + "/complete",
                    Json.mapper().createObjectNode().put("status", "cancelled"));
        }
        currentJob = null;
    }

    // --- 1. the agent killed ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "killed at point {0}")
    @ValueSource(strings = {"a", "b", "c", "d"})
    void anAgentKilledAtAnyPointOfAChunkLeavesItWholeOrAbsentAndAFreshAgentFinishesTheJob(String point)
            throws Exception {
        Restore restore = prepare("crash_" + point);
        Path tokenFile = work.resolve("token-" + point);
        Files.writeString(tokenFile, token(OPERATOR), StandardCharsets.UTF_8);
        Crash crash;
        try (Child agent = Child.start(AgentCrashMain.class, List.of(point, String.valueOf(CRASH_FROM_CLAIM),
                "http://127.0.0.1:" + port, tokenFile.toString(), targetDb.jdbcUrl(), restore.schema(),
                keyringFile.path().toString(), restore.jobId()), Map.of(), work.resolve("agent-" + point + ".log"))) {
            crash = Crash.parse(agent.await(AgentCrashMain.CRASH_POINT));
            assertThat(crash.point()).isEqualTo(point);
            String at = "point " + point + ", claim " + crash.claimId();
            assertThat(crash.records()).as(at + ": the crashed chunk has records whose state the restore changes")
                    .anyMatch(ref -> restore.before().containsKey(ref) != truth.stateAt(ref.table(), ref.sysId(), pit)
                            .exists());
            assertThat(openTransactions(targetDb)).as(at + ": target transactions open (only at b)")
                    .isEqualTo(point.equals("b") ? 1 : 0);
            assertWholeOrAbsent(restore, at + ", agent stopped there");
            agent.kill();
            assertWholeOrAbsent(restore, at + ", right after the kill");
        }
        String at = "point " + point + ", claim " + crash.claimId() + ", agent killed";
        awaitNoOpenTransaction(targetDb, at);
        assertWholeOrAbsent(restore, at + ", its session gone");
        Set<String> ledgerClaims = ledgerClaims(restore.jobId());
        String claimStatus = claimStatus(crash.claimId());
        switch (point) {
            case "a", "b" -> {
                // nothing of the chunk reached the target: every record of it is as it was
                assertThat(ledgerClaims).as(at).doesNotContain(crash.claimId());
                Map<RecordRef, ObjectNode> now = snapshot(restore.schema());
                for (RecordRef ref : crash.records()) {
                    assertThat(now.get(ref)).as(at + ": " + ref + " untouched").isEqualTo(restore.before().get(ref));
                }
                assertThat(claimStatus).as(at).isEqualTo("claimed");
            }
            case "c" -> {
                assertThat(ledgerClaims).as(at + ": the target committed the chunk").contains(crash.claimId());
                assertThat(claimStatus).as(at + ": the service was never told").isEqualTo("claimed");
            }
            default -> {
                assertThat(ledgerClaims).as(at).contains(crash.claimId());
                assertThat(claimStatus).as(at).isEqualTo("committed");
            }
        }
        if (count(db.dataSource(), "SELECT count(*) FROM rez_restore.execution_claims WHERE job_id = ?"
                + " AND status = 'claimed'", restore.jobId()) > 0) {
            // the dead agent's lease still holds its rows (the crash claim's, or the one it pipelined after it);
            // once it expires they are claimed again
            ServiceAnswer refused = client.claim(restore.jobId(), JsonNodeFactory.instance.objectNode());
            assertThat(refused.status()).as(at + ": " + refused.describe()).isEqualTo(409);
            assertThat(refused.error()).as(at).isEqualTo("claim_in_progress");
            clock.advance(LEASE.plusSeconds(1));
        }

        try (PostgresTargetWriter writer = new PostgresTargetWriter(target, restore.schema(),
                new BeforeImageSealer(keyring))) {
            RestoreAgent fresh = new RestoreAgent(client, writer, keyring,
                    new AgentOptions(null, Duration.ofMillis(10), Duration.ofMillis(10), true), AgentListener.NONE,
                    duration -> {
                        throw new AssertionError(at + ": the fresh agent had to wait; nothing should hold it");
                    });
            JobRun run = fresh.run(restore.jobId());
            assertThat(run.status()).as(at + ": " + run).isEqualTo("completed");
        }
        assertRestored(restore, at);
        if (point.equals("c")) {
            // the chunk's rows were claimed again and answered from the target's ledger, not written again
            assertThat(count(target, "SELECT count(*) FROM rez_agent.applied_rows WHERE job_id = ? AND NOT wrote_target"
                    + " AND message LIKE ?", restore.jobId(), "already applied by claim " + crash.claimId() + "%"))
                    .as(at).isPositive();
        }
    }

    // --- 2. the service killed mid-commit -----------------------------------------------------------------------

    /**
     * The job's third commit is held in the service's database transaction, and the service is killed there:
     * {@code before} its database commit (the trigger waits for an advisory lock the test holds), or {@code after}
     * it (the commit record is flushed and the backend waits for a synchronous standby that never comes, so the
     * answer never leaves; once the service is dead the test lets the commit finish). The restarted service must
     * take the same commit, sent again by the agent, as new in the first case and answer it from the stored
     * response in the second.
     */
    @ParameterizedTest(name = "killed {0} its database commit")
    @ValueSource(strings = {"before", "after"})
    void theServiceKilledWhileACommitIsInFlightAnswersTheCommitSentAgainAfterItsRestart(String when)
            throws Exception {
        boolean afterCommit = when.equals("after");
        if (afterCommit) {
            // the test changes server settings for a moment: only on the throwaway cluster of this JVM
            Assumptions.assumeTrue(System.getenv(TestDatabases.SERVER_URL_ENV) == null,
                    "needs the throwaway PostgreSQL cluster (REZ_TEST_PG_URL is set)");
        }
        Restore restore = prepare("crash_service_" + when);
        Instant childClock = clock.instant();
        long childStarted = System.nanoTime();
        Child first = Child.start(ServiceCrashMain.class, List.of("0", IsoUtc.format(childClock)), serviceEnv,
                work.resolve("service-" + when + "-1.log"));
        Child second = null;
        ExecutorService agents = Executors.newSingleThreadExecutor();
        CountDownLatch restarted = new CountDownLatch(1);
        try (Connection holder = db.dataSource().getConnection();
             Statement hold = holder.createStatement();
             PostgresTargetWriter writer = new PostgresTargetWriter(target, restore.schema(),
                     new BeforeImageSealer(keyring))) {
            String held;
            if (afterCommit) {
                // a commit that asks for a synchronous standby waits for one after its commit record is flushed;
                // every other transaction commits locally as before
                hold.execute("ALTER SYSTEM SET synchronous_commit = 'local'");
                hold.execute("ALTER SYSTEM SET synchronous_standby_names = 'rez_crash_test_no_such_standby'");
                hold.execute("SELECT pg_reload_conf()");
                awaitSetting("synchronous_standby_names", "rez_crash_test_no_such_standby");
                held = "PERFORM set_config('synchronous_commit', 'on', true);";
            } else {
                hold.execute("SELECT pg_advisory_lock(" + HOLD_KEY + ")");
                held = "PERFORM pg_advisory_xact_lock(" + HOLD_KEY + ");";
            }
            hold.execute("CREATE FUNCTION public.crash_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF (SELECT count(*) FROM rez_restore.row_outcomes WHERE job_id = '" + restore.jobId()
                    + "') >= " + 2 * CHUNK + " THEN " + held + " END IF; RETURN NULL; END $$");
            hold.execute("CREATE TRIGGER crash_hold_commit BEFORE INSERT ON rez_restore.row_outcomes"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION public.crash_hold_commit()");
            int servicePort = Integer.parseInt(first.await(ServiceCrashMain.READY).substring(
                    ServiceCrashMain.READY.length()).trim());
            RestoreAgent agent = new RestoreAgent(client(servicePort, OPERATOR), writer, keyring,
                    new AgentOptions(null, Duration.ofMillis(10), Duration.ofMillis(10), true), AgentListener.NONE,
                    duration -> {
                        // only an unreachable service makes this agent wait: until the service is back
                        if (!restarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                            throw new AssertionError("the service was not restarted");
                        }
                    });
            Future<JobRun> run = agents.submit(() -> agent.run(restore.jobId()));

            // the held commit, not a pipelined claim waiting for the job that commit holds
            int backend = awaitServiceBackend(afterCommit ? "wait_event = 'SyncRep'"
                    : "wait_event_type = 'Lock' AND wait_event = 'advisory'"
                    + " AND query LIKE '%INSERT INTO rez_restore.row_outcomes%'", run);
            // the claim being committed is the first active one; the agent may hold the next one already (S71)
            String inFlight = single(db.dataSource(), "SELECT claim_id FROM rez_restore.execution_claims"
                    + " WHERE job_id = ? AND status = 'claimed' ORDER BY from_position LIMIT 1", restore.jobId());
            String at = "commit of claim " + inFlight + " in flight, held " + when + " its database commit";
            assertThat(ledgerClaims(restore.jobId())).as(at + ": the target applied the chunk first")
                    .contains(inFlight);
            assertWholeOrAbsent(restore, at);

            first.kill();
            // the dead service's session goes on once the test lets it, and ends: before its commit it is rolled
            // back (it never hears the commit), after it the commit is kept (it never sends the answer)
            if (afterCommit) {
                resetSyncCommit(hold);
            } else {
                hold.execute("SELECT pg_advisory_unlock(" + HOLD_KEY + ")");
            }
            awaitBackendGone(backend);
            hold.execute("DROP TRIGGER crash_hold_commit ON rez_restore.row_outcomes");
            hold.execute("DROP FUNCTION public.crash_hold_commit()");
            at = "claim " + inFlight + " after the service died " + when + " its database commit";
            assertThat(claimStatus(inFlight)).as(at).isEqualTo(afterCommit ? "committed" : "claimed");
            assertThat(count(db.dataSource(), "SELECT count(*) FROM rez_restore.row_outcomes WHERE job_id = ?",
                    restore.jobId())).as(at + ": outcomes recorded").isEqualTo((afterCommit ? 3 : 2) * CHUNK);
            assertThat(run).as(at + ": the agent waits for the service").isNotDone();

            Instant resumed = childClock.plusNanos(System.nanoTime() - childStarted);
            second = Child.start(ServiceCrashMain.class, List.of(String.valueOf(servicePort),
                    IsoUtc.format(resumed)), serviceEnv, work.resolve("service-" + when + "-2.log"));
            second.await(ServiceCrashMain.READY);
            restarted.countDown();

            JobRun done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.status()).as(at + ": " + done).isEqualTo("completed");
            assertThat(claimStatus(inFlight)).as(at + ": the same commit, sent again").isEqualTo("committed");
            assertThat(count(db.dataSource(), "SELECT count(*) FROM rez_restore.execution_claims WHERE job_id = ?"
                    + " AND status <> 'committed'", restore.jobId())).as(at + ": no claim taken over").isZero();
            assertThat(done.claims()).as(at + ": every claim committed once, the held one answered again")
                    .isEqualTo((int) count(db.dataSource(), "SELECT count(*) FROM rez_restore.execution_claims"
                            + " WHERE job_id = ?", restore.jobId()));
            assertRestored(restore, at);
        } finally {
            if (afterCommit) {
                try (Connection connection = db.dataSource().getConnection();
                     Statement statement = connection.createStatement()) {
                    resetSyncCommit(statement);
                }
            }
            restarted.countDown();
            agents.shutdownNow();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static void resetSyncCommit(Statement statement) throws Exception {
        statement.execute("ALTER SYSTEM RESET synchronous_standby_names");
        statement.execute("ALTER SYSTEM RESET synchronous_commit");
        statement.execute("SELECT pg_reload_conf()");
        awaitSetting("synchronous_standby_names", "");
    }

    /** Waits until a new session of the server sees {@code name} = {@code value} (a reload is asynchronous). */
    private static void awaitSetting(String name, String value) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!single(db.dataSource(), "SELECT current_setting(?)", name).equals(value)) {
            assertThat(System.nanoTime()).as("the server's %s becomes '%s'", name, value).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    // --- 3. two agents on one job -------------------------------------------------------------------------------

    @Test
    void twoAgentsOnOneJobOneOvertakenByTheOtherApplyEveryRowOnce() throws Exception {
        Restore restore = prepare("crash_two");
        Turns turns = new Turns();
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch letFirstCommit = new CountDownLatch(1);
        AtomicReference<String> held = new AtomicReference<>();
        BeforeImageSealer sealer = new BeforeImageSealer(keyring);
        ExecutorService agents = Executors.newFixedThreadPool(2);
        try (PostgresTargetWriter writerA = HeldTargetWriters.withBeforeCommit(target, restore.schema(), sealer,
                (connection, claimId) -> {
                    if (held.compareAndSet(null, claimId)) {
                        firstHolds.countDown();
                        assertThat(letFirstCommit.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    }
                });
             PostgresTargetWriter writerB = new PostgresTargetWriter(target, restore.schema(), sealer)) {
            Turns.Lane laneA = turns.lane("agent-a");
            Turns.Lane laneB = turns.lane("agent-b");
            RestoreAgent agentA = new RestoreAgent(client(port, "agent-a"), writerA, keyring,
                    new AgentOptions(null, Duration.ofMillis(100), Duration.ofMillis(100), true), laneA, turns::pause);
            RestoreAgent agentB = new RestoreAgent(client(port, "agent-b"), writerB, keyring,
                    new AgentOptions(null, Duration.ofMillis(100), Duration.ofMillis(100), true), laneB, turns::pause);

            Future<JobRun> runA = agents.submit(() -> agentA.run(restore.jobId()));
            assertThat(firstHolds.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("agent A reached its commit").isTrue();
            String overtaken = held.get();
            Future<JobRun> runB = agents.submit(() -> agentB.run(restore.jobId()));
            // B finds A's claim held, until A's lease expires: then B takes its rows and waits on the target
            laneB.awaitWaitingFor("another agent holds a claim", runB);
            clock.advance(LEASE.plusSeconds(1));
            turns.nudge();
            awaitTargetBackendWaitingOnLock(runB);
            assertThat(claimStatus(overtaken)).as("A's expired claim").isEqualTo("superseded");
            letFirstCommit.countDown();

            JobRun a = runA.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JobRun b = runB.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String at = "two agents, " + overtaken + " overtaken; A " + a + "; B " + b;
            assertThat(a.status()).as(at).isEqualTo("completed");
            assertThat(b.status()).as(at).isEqualTo("completed");
            assertThat(ledgerClaims(restore.jobId())).as(at + ": A applied its chunk to the target")
                    .contains(overtaken);
            assertThat(count(target, "SELECT count(*) FROM rez_agent.applied_rows WHERE job_id = ? AND NOT wrote_target"
                    + " AND message LIKE ?", restore.jobId(), "already applied by claim " + overtaken + "%"))
                    .as(at + ": B answered A's rows from the ledger").isPositive();
            assertThat(count(db.dataSource(), "SELECT count(*) FROM rez_restore.execution_claims WHERE job_id = ?"
                    + " AND status = 'superseded'", restore.jobId())).as(at).isEqualTo(1);
            assertThat(count(db.dataSource(), "SELECT count(*) FROM rez_restore.execution_claims WHERE job_id = ?"
                    + " AND status = 'committed'", restore.jobId())).as(at + ": every commit is an agent's")
                    .isEqualTo(a.claims() + b.claims());
            assertRestored(restore, at);
        } finally {
            letFirstCommit.countDown();
            agents.shutdownNow();
        }
    }

    // --- the restores -------------------------------------------------------------------------------------------

    /** A restore job armed against one damaged target schema; {@code before} is the schema before it ran. */
    private record Restore(String schema, String jobId, Map<RecordRef, ObjectNode> before, List<PlanRow> rows) {
    }

    /** A row of the job's work list. */
    private record PlanRow(String rowId, RecordRef record, String action) {
    }

    /** A crash point a child announced: the point, the claim, the records of its chunk. */
    private record Crash(String point, String claimId, List<RecordRef> records) {
        static Crash parse(String line) {
            String[] parts = line.substring(AgentCrashMain.CRASH_POINT.length()).trim().split(" ");
            List<RecordRef> records = new ArrayList<>();
            for (String record : parts[2].split(",")) {
                int slash = record.indexOf('/');
                records.add(new RecordRef(record.substring(0, slash), record.substring(slash + 1)));
            }
            return new Crash(parts[0], parts[1], records);
        }
    }

    /**
     * Seeds {@code schema} with the workload's final state and damages it (records deleted, fields overwritten), logs
     * every later write in {@code schema.write_log}, then plans a table-scope restore of both tables to the PIT with
     * every proposed deletion allowed, reconciles it against the schema, creates the job and arms its execution.
     */
    private static Restore prepare(String schema) throws Exception {
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        new TargetSeeder(target, schema).seed(new SeedRequest(truthFile, keyringFile, Optional.empty(), false));
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + schema + "." + table
                        + " WHERE abs(hashtext(sys_id || 'gone')) % 6 = 0");
                statement.executeUpdate("UPDATE " + schema + "." + table + " SET short_description = 'CORRUPTED',"
                        + " state = '99' WHERE abs(hashtext(sys_id || 'bad')) % 4 = 0");
            }
            statement.execute("CREATE TABLE " + schema + ".write_log (table_name TEXT, sys_id TEXT, op TEXT)");
            statement.execute("CREATE FUNCTION " + schema + ".log_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF TG_OP = 'DELETE' THEN INSERT INTO " + schema + ".write_log VALUES (TG_TABLE_NAME,"
                    + " OLD.sys_id, TG_OP); ELSE INSERT INTO " + schema + ".write_log VALUES (TG_TABLE_NAME,"
                    + " NEW.sys_id, TG_OP); END IF; RETURN NULL; END $$");
            for (String table : TABLES) {
                statement.execute("CREATE TRIGGER " + table + "_writes AFTER INSERT OR UPDATE OR DELETE ON " + schema
                        + "." + table + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".log_write()");
            }
        }
        Map<RecordRef, ObjectNode> before = snapshot(schema);

        String planId = schema.replace('_', '-');
        ObjectNode dryRun = dryRun(planId + "-draft");
        ServiceAnswer draft = client.post("/v1/plans/dry-run", dryRun);
        assertThat(draft.status()).as(draft.describe()).isEqualTo(202);
        ArrayNode decisions = dryRun.putArray("delete_candidates");
        for (JsonNode candidate : draft.body().path("delete_candidates")) {
            decisions.add(((ObjectNode) candidate.deepCopy()).put("decision", "allow_deletion"));
        }
        dryRun.put("plan_id", planId);
        ServiceAnswer decided = client.post("/v1/plans/dry-run", dryRun);
        assertThat(decided.status()).as(decided.describe()).isEqualTo(202);
        String planHash;
        try (PostgresTargetWriter writer = new PostgresTargetWriter(target, schema, new BeforeImageSealer(keyring))) {
            PlanReconciler.Reconciled reconciled = new PlanReconciler(client, writer).reconcile(planId, OPERATOR);
            assertThat(reconciled.answer().body().path("gate").path("executability").asText())
                    .as("gate " + reconciled.answer().body().path("gate")).isEqualTo("executable");
            planHash = reconciled.answer().body().path("plan").path("plan_hash").asText();
        }
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("plan_hash", planHash).put("requested_by", OPERATOR);
        TABLES.forEach(job.putArray("lock_scope_tables")::add);
        job.putArray("required_capabilities").add("restore_execute");
        ServiceAnswer created = client.post("/v1/jobs", job);
        assertThat(created.status()).as(created.describe()).isEqualTo(201);
        String jobId = created.body().path("job").path("job_id").asText();
        currentJob = jobId;
        assertThat(created.body().path("job").path("status").asText()).as("job %s", jobId).isEqualTo("running");
        ObjectNode execute = Json.mapper().createObjectNode();
        execute.put("chunk_size", CHUNK);
        ServiceAnswer armed = client.post("/v1/jobs/" + jobId + "/execution", execute);
        if (armed.status() == 403 && armed.body().path("message").asText().contains("elevated confirmation")) {
            // many skipped rows (records the damage left alone): an operator confirms
            execute.putObject("elevated_confirmation").put("confirmed", true).put("confirmation", "RESTORE")
                    .put("reason", "execution crash-safety test");
            armed = client.post("/v1/jobs/" + jobId + "/execution", execute);
        }
        assertThat(armed.status()).as(armed.describe()).isEqualTo(202);

        List<PlanRow> rows = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT row_id, table_name, record_sys_id,"
                     + " action FROM rez_restore.execution_rows WHERE job_id = ? ORDER BY position")) {
            statement.setString(1, jobId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new PlanRow(result.getString(1), new RecordRef(result.getString(2), result.getString(3)),
                            result.getString(4)));
                }
            }
        }
        assertThat(rows.size()).as("rows of job %s", jobId).isGreaterThan(5 * CHUNK);
        assertThat(rows).extracting(PlanRow::action).as("rows of job %s", jobId).contains("insert", "update", "delete");
        return new Restore(schema, jobId, before, rows);
    }

    // --- what every scenario proves -----------------------------------------------------------------------------

    /**
     * Every chunk is whole or absent: a row the target's ledger says a committed chunk wrote has its record as the
     * ground truth says at the PIT; every other row's record is as it was before the restore. The write log agrees
     * with the ledger record by record: each write committed is one the ledger accounts for, at most one per row.
     */
    private static void assertWholeOrAbsent(Restore restore, String at) throws SQLException {
        Map<RecordRef, ObjectNode> now = snapshot(restore.schema());
        Map<RecordRef, Long> written = ledgerWrites(restore.jobId());
        Map<RecordRef, Long> logged = loggedWrites(restore.schema());
        for (PlanRow row : restore.rows()) {
            String where = at + ": row " + row.rowId() + " (" + row.action() + " " + row.record() + ")";
            long writes = written.getOrDefault(row.record(), 0L);
            assertThat(writes).as(where + ": ledger rows that wrote it").isLessThanOrEqualTo(1);
            assertThat(logged.getOrDefault(row.record(), 0L)).as(where + ": writes logged on the target")
                    .isEqualTo(writes);
            if (writes == 1) {
                assertAsAtPit(row.record(), now.get(row.record()), where + ", written");
            } else {
                assertThat(now.get(row.record())).as(where + ", not written: as before the restore")
                        .isEqualTo(restore.before().get(row.record()));
            }
        }
        assertThat(logged.keySet()).as(at + ": records written outside the plan")
                .isSubsetOf(restore.rows().stream().map(PlanRow::record).toList());
    }

    /** The job completed and left everything as it should be. */
    private static void assertRestored(Restore restore, String at) throws Exception {
        String jobId = restore.jobId();
        ServiceAnswer execution = client.execution(jobId);
        assertThat(execution.status()).as(at + ": " + execution.describe()).isEqualTo(200);
        JsonNode record = execution.body().path("execution");
        assertThat(record.path("status").asText()).as(at + ": execution " + record).isEqualTo("completed");
        assertThat(record.path("summary").path("failed_rows").asLong()).as(at + ": " + record).isZero();

        assertWholeOrAbsent(restore, at + ", finished");
        // every row that had something to change was written exactly once; nothing else was
        Map<RecordRef, Long> written = ledgerWrites(jobId);
        for (PlanRow row : restore.rows()) {
            boolean changes = switch (row.action()) {
                case "insert", "update" -> true;
                case "delete" -> restore.before().containsKey(row.record());
                default -> false;
            };
            assertThat(written.getOrDefault(row.record(), 0L)).as(at + ": writes of row " + row.rowId() + " ("
                    + row.action() + " " + row.record() + ")").isEqualTo(changes ? 1L : 0L);
        }
        // the target is the ground truth at the PIT, both tables whole
        Map<RecordRef, ObjectNode> now = snapshot(restore.schema());
        Set<RecordRef> records = new HashSet<>(now.keySet());
        truth.recordRefs().stream().filter(ref -> TABLES.contains(ref.table()))
                .forEach(ref -> records.add(new RecordRef(ref.table(), ref.sysId())));
        for (RecordRef ref : records) {
            assertAsAtPit(ref, now.get(ref), at + ": " + ref);
        }

        // one outcome per row at the service
        assertThat(count(db.dataSource(), "SELECT count(*) FROM rez_restore.row_outcomes WHERE job_id = ?", jobId))
                .as(at + ": outcomes recorded").isEqualTo(restore.rows().size());
        assertThat(count(db.dataSource(), "SELECT count(DISTINCT row_id) FROM rez_restore.row_outcomes"
                + " WHERE job_id = ?", jobId)).as(at + ": rows with an outcome").isEqualTo(restore.rows().size());
        Set<String> applied = new TreeSet<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT row_id FROM"
                     + " rez_restore.execution_rows WHERE job_id = ? AND outcome = 'applied'")) {
            statement.setString(1, jobId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    applied.add(result.getString(1));
                }
            }
        }
        assertThat(applied).as(at + ": applied rows").isNotEmpty();

        // one journal entry per applied row, holding the record as it was before the restore; a mirror per entry
        ServiceAnswer bundle = client.get("/v1/jobs/" + jobId + "/rollback-journal");
        assertThat(bundle.status()).as(at + ": " + bundle.describe()).isEqualTo(200);
        Map<String, PlanRow> byRowId = new HashMap<>();
        restore.rows().forEach(row -> byRowId.put(row.rowId(), row));
        List<String> journaled = new ArrayList<>();
        Set<String> journalIds = new HashSet<>();
        BeforeImageSealer sealer = new BeforeImageSealer(keyring);
        for (JsonNode entry : bundle.body().path("rollback_journal")) {
            String rowId = entry.path("plan_row_id").asText();
            journaled.add(rowId);
            journalIds.add(entry.path("journal_id").asText());
            PlanRow row = byRowId.get(rowId);
            String where = at + ": journal entry " + entry.path("journal_id").asText() + " of row " + rowId;
            assertThat(row).as(where + " is a row of the job").isNotNull();
            assertThat(entry.path("before_image_source").asText()).as(where).isEqualTo("target");
            ObjectNode was = restore.before().get(row.record());
            assertThat(entry.path("before_image_state").asText()).as(where)
                    .isEqualTo(was == null ? "missing" : "exists");
            if (was != null) {
                BeforeImageIdentity identity = BeforeImageIdentity.of(TENANT, INSTANCE, SOURCE, row.record().table(),
                        row.record().sysId(), jobId, entry.path("plan_hash").asText(), rowId,
                        entry.path("row_attempt").asInt());
                assertThat(sealer.open(identity, entry.path("before_image_enc")))
                        .as(where + ": the record before the restore").isEqualTo(was);
            }
        }
        assertThat(journaled).as(at + ": journal entries, one per applied row").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(applied);
        List<String> linked = new ArrayList<>();
        for (JsonNode mirror : bundle.body().path("sn_mirror")) {
            assertThat(journalIds).as(at + ": mirror " + mirror).contains(mirror.path("journal_id").asText());
            linked.add(mirror.path("journal_id").asText());
        }
        assertThat(linked).as(at + ": mirror records, one per journal entry").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(journalIds);
    }

    /** {@code current} is the record as the ground truth says it was at the PIT: its fields, or absent. */
    private static void assertAsAtPit(RecordRef ref, ObjectNode current, String where) {
        RecordState state = truth.stateAt(ref.table(), ref.sysId(), pit);
        if (state instanceof RecordState.Existing existing) {
            assertThat(current).as(where + ": existed at the PIT").isNotNull();
            existing.record().properties().forEach(field -> assertThat(text(current.get(field.getKey())))
                    .as(where + " field " + field.getKey()).isEqualTo(text(field.getValue())));
        } else {
            assertThat(current).as(where + ": did not exist at the PIT (" + state + ")").isNull();
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    // --- target and service database -------------------------------------------------------------------------------

    /** Every record of the restored tables, column → text value, as the writer reads before-images. */
    private static Map<RecordRef, ObjectNode> snapshot(String schema) throws SQLException {
        Map<RecordRef, ObjectNode> records = new HashMap<>();
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + schema + "." + table)) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        ObjectNode record = JsonNodeFactory.instance.objectNode();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            String value = result.getString(c);
                            if (value == null) {
                                record.putNull(meta.getColumnName(c));
                            } else {
                                record.put(meta.getColumnName(c), value);
                            }
                        }
                        records.put(new RecordRef(table, record.path("sys_id").asText()), record);
                    }
                }
            }
        }
        return records;
    }

    /** Per record of the job, how many rows of the target's ledger wrote it. */
    private static Map<RecordRef, Long> ledgerWrites(String jobId) throws SQLException {
        return counts(target, "SELECT table_name, sys_id, count(*) FROM rez_agent.applied_rows WHERE job_id = ?"
                + " AND wrote_target GROUP BY table_name, sys_id", jobId);
    }

    /** Per record, how many writes the target's trigger logged. */
    private static Map<RecordRef, Long> loggedWrites(String schema) throws SQLException {
        return counts(target, "SELECT table_name, sys_id, count(*) FROM " + schema + ".write_log"
                + " GROUP BY table_name, sys_id");
    }

    private static Map<RecordRef, Long> counts(DataSource source, String sql, String... args) throws SQLException {
        Map<RecordRef, Long> counts = new HashMap<>();
        try (Connection connection = source.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setString(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    counts.put(new RecordRef(result.getString(1), result.getString(2)), result.getLong(3));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return counts; // no ledger yet: nothing was applied
            }
            throw e;
        }
        return counts;
    }

    /** The claims of the job the target's ledger holds (committed to the target). */
    private static Set<String> ledgerClaims(String jobId) throws SQLException {
        Set<String> claims = new TreeSet<>();
        try (Connection connection = target.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT claim_id FROM rez_agent.applied_claims WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    claims.add(result.getString(1));
                }
            }
        }
        return claims;
    }

    private static String claimStatus(String claimId) throws SQLException {
        return single(db.dataSource(), "SELECT status FROM rez_restore.execution_claims WHERE claim_id = ?", claimId);
    }

    private static String single(DataSource source, String sql, String... args) throws SQLException {
        try (Connection connection = source.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setString(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("a row from: %s %s", sql, List.of(args)).isTrue();
                String value = result.getString(1);
                assertThat(result.next()).as("one row from: %s %s", sql, List.of(args)).isFalse();
                return value;
            }
        }
    }

    private static long count(DataSource source, String sql, String... args) throws SQLException {
        return Long.parseLong(single(source, sql, args));
    }

    /** The sessions of the target {@code database} but this one that are inside a transaction. */
    private static long openTransactions(TestDatabase database) throws SQLException {
        return count(target, "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend' AND xact_start IS NOT NULL", database.name());
    }

    /** Waits until no session of {@code database} but this one is inside a transaction (a killed agent's ended). */
    private static void awaitNoOpenTransaction(TestDatabase database, String at) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (openTransactions(database) > 0) {
            assertThat(System.nanoTime()).as(at + ": a session stays in its transaction").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until a session of the service database is in the wait {@code condition} names; returns its pid. */
    private static int awaitServiceBackend(String condition, Future<?> agent) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String sql = "SELECT pid FROM pg_stat_activity WHERE datname = '" + db.name() + "' AND " + condition;
        while (true) {
            try (Connection connection = db.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(sql)) {
                if (result.next()) {
                    return result.getInt(1);
                }
            }
            if (agent.isDone()) {
                agent.get(); // its failure, if it failed
                throw new AssertionError("the agent finished without a commit held (" + condition + ")");
            }
            assertThat(System.nanoTime()).as("a commit is held (%s)", condition).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitBackendGone(int pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(db.dataSource(), "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0) {
            assertThat(System.nanoTime()).as("the dead service's session %d ends", pid).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until a session of the target waits for a lock another holds (an agent behind another's chunk). */
    private static void awaitTargetBackendWaitingOnLock(Future<?> agent) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(target, "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
                targetDb.name()) == 0) {
            if (agent.isDone()) {
                agent.get();
                throw new AssertionError("the agent finished without waiting on the target");
            }
            assertThat(System.nanoTime()).as("an agent waits on the target's locks").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    // --- agents ---------------------------------------------------------------------------------------------------

    /**
     * The waits of agents sharing a job: an agent that must wait (another holds the claim) waits for the next commit
     * any agent reports, or for the test to {@link #nudge()} it, or at most a poll interval.
     */
    private static final class Turns {
        private long commits;

        synchronized void pause(Duration atMost) throws InterruptedException {
            long seen = commits;
            long deadline = System.nanoTime() + atMost.toNanos();
            while (commits == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void nudge() {
            commits++;
            notifyAll();
        }

        Lane lane(String name) {
            return new Lane(name);
        }

        /** One agent's listener: its commits wake the others, its waits are recorded. */
        final class Lane implements AgentListener {
            private final String name;
            private final BlockingQueue<String> waits = new LinkedBlockingQueue<>();

            Lane(String name) {
                this.name = name;
            }

            @Override
            public void progress(String jobId, long processed, long planned) {
                nudge();
            }

            @Override
            public void waiting(String jobId, String why) {
                waits.add(why);
            }

            void awaitWaitingFor(String reason, Future<?> run) throws Exception {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (true) {
                    String why = waits.poll(20, TimeUnit.MILLISECONDS);
                    if (why != null && why.contains(reason)) {
                        return;
                    }
                    if (run.isDone()) {
                        run.get();
                        throw new AssertionError(name + " finished without waiting for: " + reason);
                    }
                    assertThat(System.nanoTime()).as(name + " waits for: " + reason).isLessThan(deadline);
                }
            }
        }
    }

    private static String token(String subject) {
        return DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(SCOPE, subject,
                Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE,
                        Capability.RESTORE_OVERRIDE_CAPS)), Duration.ofHours(6)));
    }

    private static RestoreServiceClient client(int servicePort, String subject) {
        String token = token(subject);
        return new RestoreServiceClient(URI.create("http://127.0.0.1:" + servicePort), () -> token);
    }

    private static ObjectNode dryRun(String planId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("requested_by", OPERATOR);
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode scope = body.putObject("scope").put("mode", "table");
        TABLES.forEach(scope.putArray("tables")::add);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    private static Map<String, String> serviceEnv(String pgUrl, Path objects) {
        // a finished synthetic workload: its last events are minutes old when the clock reads its end
        return WorkloadSetup.serviceEnv(pgUrl, objects, SECRET, Map.of("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "86400", "RRS_EXECUTE_CLAIM_LEASE_SECONDS", String.valueOf(LEASE.toSeconds())));
    }

    // --- child processes ------------------------------------------------------------------------------------------

    /**
     * The class path of the child JVMs: the packaged jar and its libraries (failsafe runs after {@code package}), as
     * {@code ./rez} runs them, plus a jar of this test's child mains, so that the whole path is jars and a
     * class-data sharing archive can be written for it.
     */
    private static String childClassPath() throws Exception {
        archives = Files.createTempDirectory("rez-execution-crash-cds");
        Path classes = Path.of(AgentCrashMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = archives.resolve("crash-mains.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(classes)) {
            for (Path path : all.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (name.matches("io/rezilient/restore/cli/(AgentCrashMain|ServiceCrashMain)(\\$.*)?\\.class")
                        || name.matches("io/rezilient/restore/agent/target/HeldTargetWriters(\\$.*)?\\.class")) {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(path, out);
                    out.closeEntry();
                }
            }
        }
        return jar + java.io.File.pathSeparator + Path.of("target", "rez.jar").toAbsolutePath()
                + java.io.File.pathSeparator + Path.of("target", "lib").toAbsolutePath() + "/*";
    }

    /** A child JVM whose stdout lines the test reads; its stderr (the logs) goes to a file. */
    private static final class Child implements AutoCloseable {
        private static final String END = "\u0000end";
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Path log;
        private final long started = System.nanoTime();

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died
                }
                lines.add(END);
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Class<?> main, List<String> args, Map<String, String> env, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", childClassPath,
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive",
                    "-XX:SharedArchiveFile=" + archives.resolve(main.getSimpleName() + ".jsa"), "-Xlog:cds=off",
                    main.getName()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(name -> name.startsWith("REZ_") || name.startsWith("RRS_"));
            builder.environment().putAll(env);
            builder.redirectError(log.toFile());
            return new Child(builder.start(), log);
        }

        /** The first line starting with {@code prefix}; fails when the child ends first. */
        String await(String prefix) throws Exception {
            long started = System.nanoTime();
            long deadline = started + WAIT.toNanos();
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    throw new AssertionError((line == null ? "timed out" : "child ended") + " waiting for '" + prefix
                            + "'; stdout " + seen + "; log:\n" + tail());
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    log("%s: '%s' after %d ms (child started %d ms before)", log.getFileName(), line.length() > 60
                            ? line.substring(0, 60) + "…" : line, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                            - started), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started));
                    return line;
                }
            }
        }

        /** Waits for the child to exit by itself, successfully. */
        void awaitExit() throws Exception {
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s exits; log:%n%s", log, tail())
                    .isTrue();
            assertThat(process.exitValue()).as("%s exit; log:%n%s", log, tail()).isZero();
            log("%s: exited after %d ms", log.getFileName(), millisSince(started));
        }

        /** SIGKILL: no shutdown hook, open transactions and requests cut off. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("killed child exits").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }

        private String tail() {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    private static void log(String format, Object... args) {
        System.out.println("[ExecutionCrashSafetyIT] " + format.formatted(args));
    }
}
