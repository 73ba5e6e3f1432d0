package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rez indexer once|status|quarantine} in-process against a migrated database and a filesystem object store,
 * with the environment handed in as a map.
 */
class IndexerCommandTest {
    private static final String PREFIX = "rec";
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerCommandTest");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /** Runs {@code rez indexer ARGS} as Rez would (one-line errors, exit 2), but with {@code env} as environment. */
    static ConformanceCommandTest.Run indexer(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new IndexerCommand(() -> env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            command.getErr().println("rez " + command.getCommandName() + ": " + failure.getMessage());
            return 2;
        });
        int exit = commandLine.execute(args);
        return new ConformanceCommandTest.Run(exit, out.toString());
    }

    private static Map<String, String> env(Path root, String scope) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", root.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-01");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "file://" + root);
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", "cli-test");
        return env;
    }

    @Test
    void onceIndexesUntilCaughtUpAndStatusShowsFreshPartitions(@TempDir Path root) {
        String source = "sn://acme-once";
        Instant time = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        try (ObjectStore store = new FileSystemObjectStore(root)) {
            putV1(store, source, "incident", "e1", 0, 41, time);
            putV1(store, source, "incident", "e2", 0, 42, time);
            putV1(store, source, "problem", "e3", 1, 7, time);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = env(root, "scope-once");

        ConformanceCommandTest.Run once = indexer(env, "once");
        assertThat(once.exitCode()).as(once.output()).isZero();
        assertThat(once.output()).contains("caught up scope scope-once", "3 inserted", "0 quarantined");

        ConformanceCommandTest.Run status = indexer(env, "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.lines()).anySatisfy(line -> assertThat(line).contains("tenant-a", "inst-1", source,
                "rez.cdc", "gen-01", "42", "fresh", "none"));
        assertThat(status.lines()).anySatisfy(line -> assertThat(line)
                .containsPattern("rez\\.cdc\\s+1\\s+gen-01\\s+7\\s").contains("fresh"));

        ConformanceCommandTest.Run again = indexer(env, "once");
        assertThat(again.output()).contains("caught up", "0 inserted");
    }

    @Test
    void aPoisonArtifactIsQuarantinedBlocksItsPartitionAndCanBeResolved(@TempDir Path root) {
        String source = "sn://acme-poison";
        Instant time = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String poison;
        try (ObjectStore store = new FileSystemObjectStore(root)) {
            putV1(store, source, "incident", "p1", 0, 1, time);
            poison = put(store, source, "incident", "p2", 0, 2, time, "{not json");
            putV1(store, source, "incident", "p3", 0, 3, time);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = env(root, "scope-poison");

        assertThat(indexer(env, "once").output()).contains("2 inserted", "1 quarantined");
        ConformanceCommandTest.Run list = indexer(env, "quarantine", "list");
        assertThat(list.output()).contains(poison, "1 open quarantined artifact(s)");
        assertThat(indexer(env, "status").output()).contains("unknown", "blocked_freshness_unknown");

        ConformanceCommandTest.Run resolve = indexer(env, "quarantine", "resolve", poison, "--as", "skipped",
                "--by", "test");
        assertThat(resolve.exitCode()).as(resolve.output()).isZero();
        assertThat(indexer(env, "quarantine", "list").output()).contains("0 open quarantined artifact(s)");
        assertThat(indexer(env, "status").output()).contains("fresh").doesNotContain("blocked_freshness_unknown");
        assertThat(indexer(env, "quarantine", "retry", poison).exitCode()).isEqualTo(1);
    }

    @Test
    void aBadEnvironmentFailsClosedNamingTheVariable() {
        ConformanceCommandTest.Run run = indexer(Map.of("REZ_RESTORE_PG_URL", "jdbc:postgresql://x:1/y",
                "REZ_RESTORE_INDEXER_BATCH_SIZE", "lots"), "once");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("REZ_RESTORE_INDEXER_BATCH_SIZE must be a positive integer",
                "REZ_RESTORE_INDEXER_SOURCE_PREFIX is required");
    }

    @Test
    void runRefusesABadMetricsPortBeforeConnecting() {
        ConformanceCommandTest.Run run = indexer(Map.of("REZ_RESTORE_PG_URL", "jdbc:postgresql://x:1/y",
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", "/nonexistent", "REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX,
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-01", "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "s",
                "REZ_RESTORE_INDEXER_SOURCE_URI", "file:///nonexistent",
                "REZ_RESTORE_INDEXER_METRICS_PORT", "http"), "run");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("REZ_RESTORE_INDEXER_METRICS_PORT must be a port number between 0 and 65535")
                .doesNotContain("cannot connect"); // refused before any connection attempt
    }

    @Test
    void runFailsWhenTheMetricsPortIsTakenAndReleasesTheLease(@TempDir Path root) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = env(root, "scope-port-taken");
            env.put("REZ_RESTORE_INDEXER_METRICS_PORT", Integer.toString(taken.getLocalPort()));

            ConformanceCommandTest.Run run = indexer(env, "run");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("cannot serve indexer metrics on 127.0.0.1:" + taken.getLocalPort());
        }
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM"
                     + " rez_restore_index.source_leases WHERE ingest_scope_id = 'scope-port-taken'"
                     + " AND lease_expires_at > now()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            assertThat(rows.getLong(1)).as("lease released after the failed start").isZero();
        }
    }

    @Test
    void statusShowsTheScopesOwnPartitionsWithTheServicesVerdictBesideTheIndexers(@TempDir Path root) {
        Instant minuteAgo = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        try (ObjectStore store = new FileSystemObjectStore(root)) {
            putV1(store, "sn://acme-mine", "incident", "m1", 0, 0, minuteAgo);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> mine = env(root, "scope-status-mine");
        mine.put("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "30"); // the service is stricter than the indexer's 120 s
        assertThat(indexer(mine, "once").exitCode()).isZero();
        Path otherRoot = root.resolve("other");
        try (ObjectStore store = new FileSystemObjectStore(otherRoot)) {
            putV1(store, "sn://acme-theirs", "incident", "t1", 0, 0, minuteAgo);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(indexer(env(otherRoot, "scope-status-theirs"), "once").exitCode()).isZero();

        ConformanceCommandTest.Run status = indexer(mine, "status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("stale after 30 s, RRS_RESTORE_INDEX_STALE_AFTER_SECONDS",
                "stale after 120 s, REZ_RESTORE_INDEXER_STALE_AFTER_SECONDS").doesNotContain("sn://acme-theirs");
        assertThat(status.lines()).filteredOn(line -> line.contains("sn://acme-mine")).singleElement()
                .satisfies(line -> assertThat(line).containsPattern("stale\\s+blocked_freshness_stale\\s+fresh\\s"));
        assertThat(indexer(mine, "status", "--all").output()).contains("sn://acme-mine", "sn://acme-theirs");
        Map<String, String> badService = new HashMap<>(mine);
        badService.put("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "soon");
        ConformanceCommandTest.Run refused = indexer(badService, "status");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).contains("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS");
    }

    @Test
    void aHoleThatNeverFillsIsShownListedAndCanBeSkippedWithAReason(@TempDir Path root) throws Exception {
        String source = "sn://acme-hole";
        Instant time = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        try (ObjectStore store = new FileSystemObjectStore(root)) {
            for (int offset : new int[] {0, 1, 4, 5}) { // 2 and 3 were never written
                putV1(store, source, "incident", "h" + offset, 0, offset, time.plusSeconds(offset));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = env(root, "scope-hole");

        assertThat(indexer(env, "once").output()).contains("4 inserted", "0 quarantined",
                "1 partition(s) have an open hole");
        assertThat(indexer(env, "status").lines()).filteredOn(line -> line.contains(source)).singleElement()
                .satisfies(line -> assertThat(line).containsPattern("\\s1\\s.*at 2 \\(\\+4\\)"));
        ConformanceCommandTest.Run list = indexer(env, "gaps", "list");
        assertThat(list.output()).contains("rez.cdc/0 generation gen-01: indexed 0–1, highest indexed 5",
                "missing offsets 2–3 (2)", "1 partition(s) with an open hole");

        ConformanceCommandTest.Run wrong = indexer(env, "gaps", "skip", "--topic", "rez.cdc", "--partition", "0",
                "--offset", "3", "--reason", "lost", "--by", "test");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.output()).contains("waits at offset 2, not 3");
        ConformanceCommandTest.Run skip = indexer(env, "gaps", "skip", "--topic", "rez.cdc", "--partition", "0",
                "--offset", "2", "--reason", "artifacts lost in a bucket migration", "--by", "alice");
        assertThat(skip.exitCode()).as(skip.output()).isZero();
        assertThat(skip.output()).contains("skipped offsets 2–3", "indexed through 5 now; no hole left");
        assertThat(indexer(env, "gaps", "list").output()).contains("0 partition(s) with an open hole");
        try (var connection = db.dataSource().getConnection();
             var statement = connection.prepareStatement("SELECT first_offset::text || '-' || last_offset::text"
                     + " || ' ' || reason || ' ' || skipped_by FROM rez_restore_index.skipped_offsets"
                     + " WHERE source = ?")) {
            statement.setString(1, source);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("2-3 artifacts lost in a bucket migration alice");
            }
        }
        assertThat(indexer(env, "gaps", "skip", "--topic", "rez.cdc", "--partition", "0", "--offset", "6",
                "--reason", "x").output()).contains("has no open hole");
    }

    @Test
    void envPrintsTheVariableTable() {
        assertThat(indexer(Map.of(), "env").output()).contains("| `REZ_RESTORE_PG_URL` |",
                "| `REZ_RESTORE_INDEXER_METRICS_PORT` | — |", "| `REZ_RESTORE_INDEXER_METRICS_BIND` | `127.0.0.1` |");
    }

    // Manifest and artifact shapes of the indexer's SourceFixture (indexer-spec §2.4); the cli cannot see its tests.

    private static String putV1(ObjectStore store, String source, String table, String event, int partition,
                                long offset, Instant time) {
        return put(store, source, table, event, partition, offset, time, """
                {"__event_id":"%s","__type":"cdc.write","__time":"%s","__source":"%s","__table":"%s",
                 "__record_sys_id":"9d3e7a1b","__op":"U","__schema_version":7,"__sys_mod_count":12,
                 "__sys_updated_on":"2026-03-04 17:22:04","tenant_id":"tenant-a","instance_id":"inst-1",
                 "row_enc":{"alg":"aes-256-gcm","kid":"k-2026-01","ciphertext":"..."},"changed_fields":["state"]}
                """.formatted(event, time, source, table));
    }

    private static String put(ObjectStore store, String source, String table, String event, int partition,
                              long offset, Instant time, String artifact) {
        String stem = PREFIX + "/rec.object-key-layout.v1/instance=inst-1/app=x_acme/table=" + table
                + "/kind=cdc/day=2026-03-04/event=" + event;
        store.put(stem + ".artifact.json", artifact.getBytes(StandardCharsets.UTF_8));
        String manifest = """
                {"contract_version":"restore.contracts.v1","manifest_version":"rec.artifact-manifest.v1",
                 "metadata_allowlist_version":"rrs.metadata.allowlist.v1",
                 "object_key_layout_version":"rec.object-key-layout.v1",
                 "artifact_key":"%s","artifact_kind":"cdc","artifact_size_bytes":100,
                 "app":"x_acme","table":"%s","event_id":"%s","event_type":"cdc.write",
                 "event_time":"%s","tenant_id":"tenant-a","instance_id":"inst-1",
                 "source":"%s","topic":"rez.cdc","partition":%d,"offset":"%d"}
                """.formatted(stem + ".artifact.json", table, event, time, source, partition, offset);
        store.put(stem + ".manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        return stem + ".manifest.json";
    }
}
