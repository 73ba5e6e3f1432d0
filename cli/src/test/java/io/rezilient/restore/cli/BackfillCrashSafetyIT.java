package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gap-repair run killed with SIGKILL at seeded batch boundaries ({@link Process#destroyForcibly()}), then continued
 * with {@code rez backfill run}, ends with exactly the index an uninterrupted run gives — the capture's ground truth,
 * every event once — and with an audit whose batches chain cursor to cursor and add up to the window: a killed batch
 * either committed whole (rows, cursor and audit row) or left nothing.
 */
class BackfillCrashSafetyIT {
    private static final String TENANT = "tenant-crash";
    private static final String SOURCE = "sn://acme.service-now.com";
    private static final int EVENTS = 5_000;
    private static final int KILLS = 3;
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("BackfillCrashSafetyIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void killedAtBatchBoundariesTheRepairEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path objects = dir.resolve("objects");
        var capture = ConformanceCommandTest.rez("capture", "simulate", "--tenant", TENANT, "--instance", "acme-prod",
                "--source", SOURCE, "--records", "200", "--events", Integer.toString(EVENTS), "--layout", "v2",
                "--partitions", "2", "--seed", "37", "--no-progress",
                "--keyring", dir.resolve("keyring.json").toString(), "--truth", dir.resolve("truth.jsonl").toString(),
                "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        Path partition;
        try (Stream<Path> paths = Files.walk(objects)) {
            partition = paths.filter(path -> path.getFileName().toString().equals("partition=0")
                    && path.toString().contains("topic=rez.cdc")).findFirst().orElseThrow();
        }
        long highest;
        try (Stream<Path> files = Files.list(partition)) {
            highest = files.mapToLong(BackfillCrashSafetyIT::offsetOf).max().orElseThrow();
        }
        long first = 50;
        long last = highest - 50;
        Path late = Files.createDirectories(dir.resolve("late"));
        try (Stream<Path> files = Files.list(partition)) {
            for (Path object : files.filter(file -> offsetOf(file) >= first && offsetOf(file) <= last).toList()) {
                Files.move(object, late.resolve(object.getFileName()));
            }
        }
        Map<String, String> env = env(objects);
        assertThat(IndexerCommandTest.indexer(env, "once").exitCode()).isZero();
        try (Stream<Path> files = Files.list(late)) {
            for (Path object : files.toList()) {
                Files.move(object, partition.resolve(object.getFileName()));
            }
        }
        long window = last - first + 1;
        assertThat(count("SELECT count(*) FROM rez_restore_index.index_events")).isEqualTo(EVENTS - window);

        // kill thresholds: one per slice of the window's batches (25 events each), seeded
        Random random = new Random(37);
        long batches = window / 25;
        List<String> kills = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int metricsPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = probe.getLocalPort();
        }
        String[] start = {"start", "--run-id", "crash-1", "--tenant", TENANT, "--instance", "acme-prod", "--source",
                SOURCE, "--topic", "rez.cdc", "--partition", "0", "--from", Long.toString(first), "--to",
                Long.toString(last), "--batch-size", "25", "--actor", "alice", "--metrics-port",
                Integer.toString(metricsPort)};
        String[] resume = {"run", "crash-1", "--actor", "alice"};
        for (int kill = 0; kill < KILLS; kill++) {
            long before = count("SELECT count(*) FROM rez_restore_index.backfill_batches");
            // each process is killed only after it committed a batch of its own, so every kill lands mid-run
            long threshold = Math.max(before + 1,
                    (long) (batches * (0.05 + 0.55 * (kill + random.nextDouble()) / KILLS)));
            Process process = start(env, kill == 0 ? start : resume, dir.resolve("backfill-" + kill + ".log"));
            if (kill == 0) {
                // the executing process serves the run's meters (asked before the kill's moment, so the request's
                // time does not push the kill later)
                assertThat(awaitBatches(1, process, deadline)).isPositive();
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("rez_replay_events_total{mode=\"gap_repair\",run_id=\"crash-1\"}",
                        "rez_replay_bytes_total{mode=\"gap_repair\",run_id=\"crash-1\"}",
                        "rez_replay_run_state{mode=\"gap_repair\",run_id=\"crash-1\",state=\"running\"} 1.0",
                        "rez_replay_partition_lag_seconds{");
            }
            long seen = awaitBatches(threshold, process, deadline);
            if (seen < 0) {
                // a killed process goes on committing until it dies, so an earlier kill can leave too little
                kills.add("kill " + kill + ": the run finished before batch " + threshold + ", exit "
                        + process.exitValue());
                break;
            }
            Thread.sleep(random.nextInt(10)); // lands anywhere in the batch in flight
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills.add("kill " + kill + ": " + before + " batches before, threshold " + threshold + ", " + seen
                    + " seen, "
                    + count("SELECT count(*) FROM rez_restore_index.backfill_batches") + " after, exit "
                    + process.exitValue());
        }
        Process finalRun = start(env, resume, dir.resolve("backfill-final.log"));
        assertThat(finalRun.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("%s", kills).isTrue();
        assertThat(finalRun.exitValue()).as(Files.readString(dir.resolve("backfill-final.log"))).isZero();
        kills.forEach(line -> System.out.println("[BackfillCrashSafetyIT] " + line));
        assertThat(kills.stream().filter(line -> line.endsWith("exit 137")))
                .as("kills that landed mid-run: %s", kills).hasSizeGreaterThanOrEqualTo(KILLS - 1);

        // the index: every captured event exactly once
        Map<String, String> truth = CaptureTruth.events(dir.resolve("truth.jsonl"));
        assertThat(truth).hasSize(EVENTS);
        assertThat(count("SELECT count(*) FROM rez_restore_index.index_events")).isEqualTo(EVENTS);
        TreeSet<String> expected = new TreeSet<>();
        truth.forEach((eventId, artifactKey) -> expected.add(eventId + " | " + artifactKey));
        assertThat(eventRows()).isEqualTo(expected);
        // the audit: each committed batch once, chained, adding up to the window
        assertThat(count("SELECT coalesce(sum(inserted_count), 0) FROM rez_restore_index.backfill_batches"))
                .as("%s", kills).isEqualTo(window);
        assertThat(count("SELECT rows_processed FROM rez_restore_index.backfill_runs WHERE run_id = 'crash-1'"))
                .isEqualTo(window);
        ConformanceCommandTest.Run checklist = checklist(env);
        assertThat(checklist.exitCode()).as(checklist.output()).isZero();
    }

    private static long offsetOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("offset=".length(), name.indexOf('.')));
    }

    private static ConformanceCommandTest.Run checklist(Map<String, String> env) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new BackfillCommand(() -> env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        return new ConformanceCommandTest.Run(commandLine.execute("checklist", "crash-1"), out.toString());
    }

    private static Process start(Map<String, String> env, String[] args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Rez.class.getName(), "backfill"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until the run has committed {@code threshold} batches; -1 when the process ended first. */
    private static long awaitBatches(long threshold, Process process, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            long seen = count("SELECT count(*) FROM rez_restore_index.backfill_batches");
            if (seen >= threshold) {
                return seen;
            }
            if (!process.isAlive()) {
                return -1;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + threshold + " backfill batches before the deadline");
    }

    private static Map<String, String> env(Path objects) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts");
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-" + TENANT);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "file://" + objects);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        // a killed process keeps its lease until it expires: short, so each restart takes over within seconds
        env.put("REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "3");
        return env;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static TreeSet<String> eventRows() throws SQLException {
        TreeSet<String> rows = new TreeSet<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT event_id, artifact_key FROM rez_restore_index.index_events");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(row.getString(1) + " | " + row.getString(2));
            }
        }
        return rows;
    }
}
