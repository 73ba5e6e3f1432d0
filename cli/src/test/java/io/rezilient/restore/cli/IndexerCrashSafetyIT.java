package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety: the indexer process is killed with SIGKILL ({@link Process#destroyForcibly()}) at seeded moments
 * while it ingests a captured workload, and a standby process started beside it takes over once the dead holder's
 * lease expires, as a second replica would; the index it ends with (event rows, generations,
 * watermarks, coverage, cursor and processed count) equals that of an uninterrupted run, and both hold every event
 * of the capture's ground truth exactly once, with every partition complete (no hole).
 *
 * <p>Three workloads: layout v1 under the production default cursor mode {@code mixed} (events arrive out of offset
 * order, so kills land while partitions have holes), layout v2 under {@code v2_primary}, both from the filesystem,
 * and layout v1 again from an S3-compatible server over HTTP.
 *
 * <p>Kill moments are seeded thresholds on the number of indexed events (one in each of {@code kills} slices of the
 * workload, plus a seeded 0–120 ms delay after the threshold is seen), so every kill lands mid-ingest and is
 * reproducible in where it aims, if not to the row. {@code -Drez.crash.events=N} scales the filesystem workloads.
 */
class IndexerCrashSafetyIT {
    private static final int EVENTS = Integer.getInteger("rez.crash.events", 12_000);
    private static final long SEED = 4L;
    private static final String PREFIX = "rec";
    private static final String SCOPE = "scope-crash";
    // a guard against a hung run, not a performance bound: a 2-core CI machine needs under a minute per workload
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private static S3ProxyServer s3;
    /**
     * A class-data sharing archive the first indexer process writes and every later one maps: each of the test's
     * dozens of process starts loads its classes from it instead of the jars, which took a start from about 1.9 s to
     * 1.2 s on a 2-core machine.
     */
    private static Path classDataArchive;
    /**
     * The packaged jar and its libraries (failsafe runs after {@code package}), as {@code ./rez} runs them: the
     * archive can only be written for a class path of jars, not of class directories.
     */
    private static final String PACKAGED_CLASS_PATH = Path.of("target", "rez.jar").toAbsolutePath()
            + java.io.File.pathSeparator + Path.of("target", "lib").toAbsolutePath() + "/*";

    @TempDir
    Path workload;
    private Map<String, String> sourceEnv;
    private int events;
    private TestDatabase crashed;
    private TestDatabase reference;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        classDataArchive = Files.createTempDirectory("rez-crash-cds").resolve("indexer.jsa");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.stop();
        Files.deleteIfExists(classDataArchive);
        Files.deleteIfExists(classDataArchive.getParent());
    }

    @AfterEach
    void dropDatabases() {
        if (crashed != null) {
            crashed.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @ParameterizedTest(name = "layout {0}, cursor mode {1}, {2}: {3} events, {4} kills")
    @MethodSource("workloads")
    void killedMidIngestTheIndexEqualsAnUninterruptedRunAndTheGroundTruth(String layout, String cursorMode,
                                                                          String store, int events, int kills)
            throws Exception {
        long start = System.nanoTime();
        this.events = events;
        Path objects = workload.resolve("objects");
        var run = rez("capture", "simulate", "--tenant", "tenant-acme", "--instance", "acme-dev",
                "--source", "sn://acme-dev.service-now.com", "--records", String.valueOf(events / 6),
                "--events", String.valueOf(events),
                "--layout", layout, "--partitions", "4", "--seed", "17", "--no-progress", "--prefix", PREFIX,
                "--keyring", workload.resolve("keyring.json").toString(),
                "--truth", workload.resolve("truth.jsonl").toString(), "--out", objects.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        sourceEnv = new HashMap<>(Map.of("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", cursorMode,
                "REZ_RESTORE_INDEXER_SOURCE_URI", "rec://" + layout + "/" + store));
        if (store.equals("s3")) {
            sourceEnv.putAll(S3Workloads.upload(s3, objects));
        } else {
            sourceEnv.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        }
        log("captured %d events (%s, %s) in %d ms", events, layout, store, millisSince(start));
        crashed = TestDatabases.createMigrated("IndexerCrashSafetyIT");
        reference = TestDatabases.createMigrated("IndexerCrashSafetyRef");

        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Path logs = workload.resolve("logs");
        Files.createDirectories(logs);

        // --- the crashing run -------------------------------------------------------------------------------
        long crashStart = System.nanoTime();
        Random random = new Random(SEED);
        List<Long> thresholds = new ArrayList<>();
        double low = 0.02;
        double high = 0.85; // the last batch can commit between the threshold and the kill
        double slice = (high - low) / kills;
        for (int i = 0; i < kills; i++) {
            thresholds.add((long) (events * (low + slice * (i + random.nextDouble()))));
        }
        int midIngest = 0;
        int withHoles = 0;
        List<String> killLog = new ArrayList<>();
        // Each killed leader's successor is a standby replica started while the leader still indexes: it waits for
        // the lease as a second replica of a deployment would, and takes over once the dead holder's lease expires.
        // It is started only after the leader has written rows, so the process killed is always the lease holder.
        Process leader = start(crashed, "run", logs.resolve("run-0.log"));
        long rowsBefore = 0;
        try {
            for (int i = 0; i < kills; i++) {
                long threshold = thresholds.get(i);
                long extraDelay = random.nextInt(120); // about one batch's time
                Path leaderLog = logs.resolve("run-" + i + ".log");
                long seen = awaitCount(leader, rowsBefore + 1, deadline, leaderLog);
                Process standby = i + 1 < kills && seen < events
                        ? start(crashed, "run", logs.resolve("run-" + (i + 1) + ".log")) : null;
                seen = awaitCount(leader, threshold, deadline, leaderLog);
                if (seen >= events) {
                    killLog.add("kill " + i + ": run already complete (" + seen + " rows) before threshold "
                            + threshold);
                    stop(standby);
                    break;
                }
                Thread.sleep(extraDelay); // spreads the kill across the batch in flight; its moment is not asserted
                long countAtKill = count(crashed);
                stop(leader); // SIGKILL on Linux: no shutdown hook, no lease release
                long countAfterKill = count(crashed);
                boolean mid = countAfterKill < events;
                if (mid) {
                    midIngest++;
                }
                long holes = single(crashed, "SELECT count(*) FROM partition_watermarks"
                        + " WHERE frontier_stalled_since IS NOT NULL");
                if (holes > 0) {
                    withHoles++;
                }
                log("kill %d at %d ms: %d rows at kill", i, millisSince(crashStart), countAtKill);
                killLog.add(("kill %d: threshold %d, +%d ms, %d rows at kill, %d after, %d partitions with a hole,"
                        + " exit %d%s").formatted(i, threshold, extraDelay, countAtKill, countAfterKill, holes,
                        leader.exitValue(), mid ? "" : " (not mid-ingest)"));
                rowsBefore = countAfterKill;
                leader = standby;
                if (leader == null) {
                    break;
                }
            }
        } finally {
            stop(leader);
        }
        killLog.forEach(IndexerCrashSafetyIT::log);

        // run to completion once the dead holder's lease has expired (REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS)
        awaitLeaseExpired(crashed, deadline);
        String finalOutput = runOnceUntilLeader(crashed, logs.resolve("crashed-once"), deadline);
        long crashMillis = millisSince(crashStart);
        log("crashing run: %d kills mid-ingest, completed in %d ms; final once: %s", midIngest, crashMillis,
                finalOutput.strip());

        // --- the uninterrupted reference run ---------------------------------------------------------------------
        long referenceStart = System.nanoTime();
        String referenceOutput = runOnceUntilLeader(reference, logs.resolve("reference-once"), deadline);
        log("reference run: %d ms: %s", millisSince(referenceStart), referenceOutput.strip());

        // --- compare --------------------------------------------------------------------------------------------
        assertThat(midIngest).as("kills that landed mid-ingest: %s", killLog)
                .isGreaterThanOrEqualTo(kills - kills / 4);
        if (layout.equals("v1")) {
            assertThat(withHoles).as("v1 kills that left partitions with holes to recover: %s", killLog).isPositive();
        }

        String identity = "tenant_id, instance_id, source, topic, kafka_partition, generation_id, event_id";
        Map<String, String> truth = CaptureTruth.events(workload.resolve("truth.jsonl"));
        assertThat(truth).hasSize(events);
        for (TestDatabase db : List.of(reference, crashed)) {
            assertThat(single(db, "SELECT count(*) FROM index_events"))
                    .as("every event indexed once in %s", db.name()).isEqualTo(events)
                    .isEqualTo(single(db, "SELECT count(DISTINCT (" + identity + ")) FROM index_events"))
                    .isEqualTo(single(db, "SELECT count(DISTINCT (source, topic, kafka_partition, generation_id,"
                            + " kafka_offset)) FROM index_events"));
            TreeSet<String> expected = new TreeSet<>();
            truth.forEach((eventId, artifactKey) -> expected.add(eventId + " | " + artifactKey));
            assertThat(rows(db, "SELECT event_id, artifact_key FROM index_events"))
                    .as("the ground truth's events in %s", db.name()).isEqualTo(expected);
            assertThat(single(db, "SELECT count(*) FROM quarantined_artifacts WHERE resolved_at IS NULL"))
                    .as("open quarantine in %s", db.name()).isZero();
            assertThat(rows(db, "SELECT topic, kafka_partition FROM partition_watermarks"
                    + " WHERE frontier_stalled_since IS NOT NULL OR indexed_through_offset <> highest_indexed_offset"
                    + " OR indexed_from_offset <> 0")).as("partitions not complete in %s", db.name()).isEmpty();
        }

        assertSameRows("index_events", "SELECT " + identity + ", kafka_offset, artifact_key, manifest_key,"
                + " event_type, event_time, operation, table_name, record_sys_id, artifact_kind FROM index_events");
        assertSameRows("partition_generations", "SELECT tenant_id, instance_id, source, topic, kafka_partition,"
                + " generation_id, generation_epoch, generation_ended_at, max_indexed_offset, max_indexed_time"
                + " FROM partition_generations");
        assertSameRows("partition_watermarks", "SELECT tenant_id, instance_id, source, topic, kafka_partition,"
                + " generation_id, generation_epoch, indexed_from_offset, indexed_through_offset,"
                + " indexed_through_time, coverage_start, coverage_end, highest_indexed_offset, highest_indexed_time"
                + " FROM partition_watermarks");
        assertSameRows("source_coverage", "SELECT tenant_id, instance_id, source, earliest_indexed_time,"
                + " latest_indexed_time, generation_span FROM source_coverage");
        // the cursor with its wall-clock stamps (last_reconcile_at, last_replay_at) blanked
        assertSameRows("source_progress", "SELECT ingest_scope_id, source_uri, regexp_replace(cursor,"
                + " '\"(last_reconcile_at|last_replay_at)\":(\"[^\"]*\"|null)', '\"\\1\":-', 'g'),"
                + " processed_count FROM source_progress");
    }

    static Stream<Arguments> workloads() {
        // sized so each kill restarts a process that still has a good share of the workload left, while the three
        // together stay within two minutes of a busy 2-core machine (-Drez.crash.events scales them up)
        return Stream.of(Arguments.of("v1", "mixed", "filesystem", EVENTS, 5),
                Arguments.of("v2", "v2_primary", "filesystem", EVENTS, 3),
                Arguments.of("v1", "mixed", "s3", EVENTS / 10, 2));
    }

    // --- processes ----------------------------------------------------------------------------------------------

    private Process start(TestDatabase db, String command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", PACKAGED_CLASS_PATH, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + classDataArchive, "-Xlog:cds=off",
                "io.rezilient.restore.cli.Rez", "indexer", command);
        builder.environment().keySet().removeIf(name -> name.startsWith("REZ_"));
        builder.environment().putAll(env(db));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return builder.start();
    }

    private Map<String, String> env(TestDatabase db) {
        Map<String, String> env = new HashMap<>(sourceEnv);
        env.put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-01");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", SCOPE);
        env.put("REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "2");
        env.put("REZ_RESTORE_INDEXER_POLL_INTERVAL_MS", "200");
        // about a dozen batches per workload, so a kill after the seeded threshold lands before the last one commits
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", String.valueOf(Math.min(1000, Math.max(50, events / 12))));
        // no LEADER_ID: each process is <hostname>:<pid>, so a restart must wait for the dead holder's lease
        return env;
    }

    /** Polls the row count until it reaches {@code threshold}; fails if the indexer exits on its own. */
    private long awaitCount(Process process, long threshold, long deadline, Path log) throws Exception {
        while (true) {
            long rows = count(crashed);
            if (rows >= threshold) {
                return rows;
            }
            if (!process.isAlive()) {
                throw new AssertionError("indexer exited with " + process.exitValue() + " at " + rows + " rows:\n"
                        + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out at " + rows + " rows waiting for " + threshold + "; leases "
                        + rows(crashed, "SELECT holder_id, lease_expires_at, fencing_epoch, now() FROM source_leases")
                        + "; progress " + rows(crashed, "SELECT cursor, processed_count FROM source_progress")
                        + "; log:\n" + tail(log));
            }
            Thread.sleep(15);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed indexer exits").isTrue();
        }
    }

    /** Polls the scope's lease row until it has expired: a process started earlier would only be refused. */
    private static void awaitLeaseExpired(TestDatabase db, long deadline) throws Exception {
        while (single(db, "SELECT count(*) FROM source_leases WHERE ingest_scope_id = '" + SCOPE + "'"
                + " AND lease_expires_at > now()") > 0) {
            assertThat(System.nanoTime()).as("the killed holder's lease never expired").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** {@code rez indexer once}, retried while the lease of a killed holder has not expired yet. */
    private String runOnceUntilLeader(TestDatabase db, Path logPrefix, long deadline) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Path log = Path.of(logPrefix + "-" + attempt + ".log");
            Process process = start(db, "once", log);
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            if (!process.waitFor(wait, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("rez indexer once timed out:\n" + tail(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() == 0) {
                return output.lines().filter(line -> line.contains("scope " + SCOPE)).findFirst().orElse(output);
            }
            assertThat(output).as("exit %d", process.exitValue()).contains("is held by another worker");
            assertThat(System.nanoTime()).as("lease never freed:\n%s", output).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    // --- database -----------------------------------------------------------------------------------------------

    private static long count(TestDatabase db) throws SQLException {
        return single(db, "SELECT count(*) FROM index_events");
    }

    private static long single(TestDatabase db, String sql) throws SQLException {
        return IndexRows.single(db, sql);
    }

    private static TreeSet<String> rows(TestDatabase db, String sql) throws SQLException {
        return IndexRows.rows(db, sql);
    }

    private void assertSameRows(String table, String sql) throws SQLException {
        int equal = IndexRows.assertSameRows(table, sql, reference, "the uninterrupted run", crashed,
                "after the crashes");
        log("%s: %d rows equal", table, equal);
    }

    private static String tail(Path log) {
        return IndexRows.tail(log);
    }

    private static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    private static void log(String format, Object... args) {
        System.out.println("[IndexerCrashSafetyIT] " + format.formatted(args));
    }
}
