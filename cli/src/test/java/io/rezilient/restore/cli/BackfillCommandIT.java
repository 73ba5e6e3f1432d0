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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's gap-repair walk (docs/runbooks.md, "Repair a Missed Window") on a captured workload: objects of one
 * partition reach the store only after the live indexer passed them, `rez indexer gaps list` shows the hole,
 * `rez backfill start` repairs exactly that window, and the index then equals the capture's ground truth.
 */
class BackfillCommandIT {
    private static final String PREFIX = "rec";
    private static final String TENANT = "tenant-backfill";
    private static final String SOURCE = "sn://acme.service-now.com";
    private static final int EVENTS = 600;
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("BackfillCommandIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /** Runs {@code rez backfill ARGS} in-process with {@code env} as its environment. */
    private static ConformanceCommandTest.Run backfill(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new BackfillCommand(() -> env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        return new ConformanceCommandTest.Run(commandLine.execute(args), out.toString());
    }

    @Test
    void aWindowThatArrivedLateIsRepairedAndTheIndexEqualsTheGroundTruth(@TempDir Path dir) throws Exception {
        Path objects = dir.resolve("objects");
        var capture = rez("capture", "simulate", "--tenant", TENANT, "--instance", "acme-prod", "--source", SOURCE,
                "--records", "100", "--events", Integer.toString(EVENTS), "--layout", "v2", "--partitions", "2",
                "--seed", "31", "--no-progress", "--prefix", PREFIX,
                "--keyring", dir.resolve("keyring.json").toString(), "--truth", dir.resolve("truth.jsonl").toString(),
                "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        Path partition = Files.walk(objects).filter(path -> path.getFileName().toString().equals("partition=0"))
                .filter(path -> path.toString().contains("topic=rez.cdc")).findFirst().orElseThrow();
        Path late = dir.resolve("late");
        Files.createDirectories(late);
        List<Path> window = objectsAt(partition, 40, 59);
        assertThat(window).hasSize(40); // 20 manifests and their artifacts
        for (Path object : window) {
            Files.move(object, late.resolve(object.getFileName()));
        }

        Map<String, String> env = env(objects);
        ConformanceCommandTest.Run live = IndexerCommandTest.indexer(env, "once");
        assertThat(live.exitCode()).as(live.output()).isZero();
        ConformanceCommandTest.Run gaps = backfill(env, "gaps");
        assertThat(gaps.output()).as(gaps.output()).contains("missing offsets 40–59 (20)");

        try (Stream<Path> arrived = Files.list(late)) {
            for (Path object : arrived.toList()) {
                Files.move(object, partition.resolve(object.getFileName()));
            }
        }
        assertThat(IndexerCommandTest.indexer(env, "once").exitCode()).isZero();
        assertThat(indexedEvents()).as("the live cursor is past the window").isEqualTo(EVENTS - 20);

        ConformanceCommandTest.Run outside = backfill(env, "start", "--run-id", "too-far", "--tenant", TENANT,
                "--instance", "acme-prod", "--source", SOURCE, "--topic", "rez.cdc", "--partition", "0", "--from",
                "40", "--to", "100000", "--actor", "alice");
        assertThat(outside.exitCode()).as(outside.output()).isEqualTo(2);
        assertThat(outside.output()).contains("backfill_window_outside_gap");

        ConformanceCommandTest.Run repair = backfill(env, "start", "--run-id", "repair-1", "--tenant", TENANT,
                "--instance", "acme-prod", "--source", SOURCE, "--topic", "rez.cdc", "--partition", "0", "--from",
                "40", "--to", "59", "--batch-size", "6", "--actor", "alice");
        assertThat(repair.exitCode()).as(repair.output()).isZero();
        assertThat(repair.output()).contains("backfill run repair-1 (gap_repair", "completed, 20 events inserted");

        assertThat(indexedEvents()).isEqualTo(EVENTS);
        assertThat(CaptureTruth.events(dir.resolve("truth.jsonl"))).hasSize(EVENTS);
        ConformanceCommandTest.Run after = backfill(env, "gaps");
        assertThat(after.output()).as(after.output()).doesNotContain("missing offsets").contains("0 partition(s) with an open hole");

        ConformanceCommandTest.Run status = backfill(env, "status", "repair-1", "--json");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("\"status\":\"completed\"", "\"rows_processed\":20");
        ConformanceCommandTest.Run checklist = backfill(env, "checklist", "repair-1");
        assertThat(checklist.exitCode()).as(checklist.output()).isZero();
        assertThat(checklist.output()).contains("every checklist item holds").doesNotContain("NOT ");
        ConformanceCommandTest.Run unknown = backfill(env, "checklist", "no-such-run");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("backfill_run_not_found");

        ConformanceCommandTest.Run badPort = backfill(env, "run", "repair-1", "--actor", "bob", "--metrics-port",
                "70000");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.output()).contains("backfill_request_invalid", "--metrics-port must be 1..65535");

        ConformanceCommandTest.Run pause = backfill(env, "pause", "repair-1", "--actor", "bob");
        assertThat(pause.exitCode()).isEqualTo(2);
        assertThat(pause.output()).contains("backfill_run_state_conflict", "is completed");
    }

    @Test
    void aBootstrapRebuildsALostIndexToTheGroundTruth(@TempDir Path dir) throws Exception {
        String tenant = "tenant-bootstrap";
        Path objects = dir.resolve("objects");
        var capture = rez("capture", "simulate", "--tenant", tenant, "--instance", "acme-prod", "--source", SOURCE,
                "--records", "100", "--events", Integer.toString(EVENTS), "--layout", "v2", "--partitions", "2",
                "--seed", "41", "--no-progress", "--prefix", PREFIX,
                "--keyring", dir.resolve("keyring.json").toString(), "--truth", dir.resolve("truth.jsonl").toString(),
                "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        Path partition = Files.walk(objects).filter(path -> path.getFileName().toString().equals("partition=1"))
                .filter(path -> path.toString().contains("topic=rez.cdc")).findFirst().orElseThrow();
        long head = objectsAt(partition, 0, Long.MAX_VALUE).stream().mapToLong(BackfillCommandIT::offsetOf).max()
                .orElseThrow();
        Map<String, String> env = env(objects);
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-" + tenant);

        // the index is empty: the partition is rebuilt by a bootstrap run, then live indexing takes the rest
        ConformanceCommandTest.Run bootstrap = backfill(env, "start", "--mode", "bootstrap", "--run-id", "boot-1",
                "--tenant", tenant, "--instance", "acme-prod", "--source", SOURCE, "--topic", "rez.cdc",
                "--partition", "1", "--from", "0", "--to", Long.toString(head), "--actor", "alice");
        assertThat(bootstrap.exitCode()).as(bootstrap.output()).isZero();
        assertThat(bootstrap.output()).contains("(bootstrap", "completed, " + (head + 1) + " events inserted");
        ConformanceCommandTest.Run live = IndexerCommandTest.indexer(env, "once");
        assertThat(live.exitCode()).as(live.output()).isZero();

        Map<String, String> truth = CaptureTruth.events(dir.resolve("truth.jsonl"));
        assertThat(truth).hasSize(EVENTS);
        Map<String, String> indexed = new HashMap<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT event_id, artifact_key FROM"
                     + " rez_restore_index.index_events WHERE tenant_id = ?")) {
            select.setString(1, tenant);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertThat(indexed.put(rows.getString(1), rows.getString(2))).as("indexed once").isNull();
                }
            }
        }
        assertThat(indexed).isEqualTo(truth);
        ConformanceCommandTest.Run checklist = backfill(env, "checklist", "boot-1");
        assertThat(checklist.exitCode()).as(checklist.output()).isZero();
    }

    private static long offsetOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("offset=".length(), name.indexOf('.')));
    }

    /** The manifests and artifacts of offsets {@code first..last} in a layout-v2 partition directory. */
    private static List<Path> objectsAt(Path partition, long first, long last) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                if (!name.startsWith("offset=")) {
                    return false;
                }
                long offset = Long.parseLong(name.substring("offset=".length(), name.indexOf('.')));
                return offset >= first && offset <= last;
            }).toList();
        }
    }

    private static Map<String, String> env(Path objects) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-" + TENANT);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "rec://" + TENANT);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", "backfill-test");
        return env;
    }

    private static long indexedEvents() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?")) {
            count.setString(1, TENANT);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
