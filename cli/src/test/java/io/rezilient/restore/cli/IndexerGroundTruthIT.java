package io.rezilient.restore.cli;

import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest judged against the capture's ground truth: a realistic workload written by {@code rez capture simulate} in
 * layout v1 (keys listed by table, day and event id, so every partition's events arrive out of offset order) and in
 * layout v2, indexed by {@code rez indexer once} with the production default cursor mode {@code mixed} (and {@code v2_primary} for v2). Every event of the
 * ground truth is indexed exactly once, nothing is quarantined, and every partition ends complete: indexed from its
 * first offset through its last, no hole. The same judgement over S3 (layout v1, {@code mixed}) is the third case
 * of {@link IndexerCrashSafetyIT}, whose uninterrupted reference run reads the workload from an S3-compatible server.
 */
class IndexerGroundTruthIT {
    private static final int EVENTS = 2_000;
    private static final String PREFIX = "rec";
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.createMigrated("IndexerGroundTruthIT");
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @ParameterizedTest(name = "layout {0}, cursor mode {1}")
    @CsvSource({"v1, mixed", "v2, mixed", "v2, v2_primary"})
    void everyCapturedEventIsIndexedOnceAndEveryPartitionEndsComplete(String layout, String cursorMode,
                                                                       @TempDir Path dir) {
        String tenant = "tenant-" + layout + "-" + cursorMode.replace('_', '-');
        Path objects = dir.resolve("objects");
        var capture = rez("capture", "simulate", "--tenant", tenant, "--instance", "acme-prod", "--source",
                "sn://acme.service-now.com", "--records", "250", "--events", Integer.toString(EVENTS), "--layout",
                layout, "--partitions", "4", "--seed", "29", "--no-progress", "--prefix", PREFIX,
                "--keyring", dir.resolve("keyring.json").toString(), "--truth", dir.resolve("truth.jsonl").toString(),
                "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        Map<String, String> env = env(tenant, cursorMode);
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());

        ConformanceCommandTest.Run first = IndexerCommandTest.indexer(env, "once", "--max-cycles", "1");
        assertThat(first.exitCode()).as(first.output()).isZero();
        if (layout.equals("v1")) {
            assertThat(holes(tenant)).as("v1 lists out of offset order: the first batch leaves holes").isPositive();
        }
        ConformanceCommandTest.Run rest = IndexerCommandTest.indexer(env, "once");
        assertThat(rest.exitCode()).as(rest.output()).isZero();
        assertThat(rest.output()).contains("caught up", "0 quarantined").doesNotContain("open hole");

        Map<String, String> truth = CaptureTruth.events(dir.resolve("truth.jsonl"));
        assertThat(truth).hasSize(EVENTS);
        List<Map<String, String>> indexed = rows("SELECT event_id, artifact_key FROM index_events"
                + " WHERE tenant_id = ?", tenant);
        assertThat(indexed).as("each event indexed once").hasSize(EVENTS);
        Map<String, String> indexedEvents = new HashMap<>();
        indexed.forEach(row -> indexedEvents.put(row.get("event_id"), row.get("artifact_key")));
        assertThat(indexedEvents).isEqualTo(truth);

        List<Map<String, String>> partitions = rows("""
                SELECT w.topic, w.kafka_partition::text AS p, w.indexed_from_offset::text AS from_offset,
                       w.indexed_through_offset::text AS through, w.highest_indexed_offset::text AS highest,
                       (w.frontier_stalled_since IS NULL)::text AS no_hole,
                       (w.indexed_through_time = (SELECT max(event_time) FROM index_events e
                          WHERE e.tenant_id = w.tenant_id AND e.topic = w.topic
                            AND e.kafka_partition = w.kafka_partition))::text AS time_is_latest,
                       (SELECT count(*) - 1 FROM index_events e WHERE e.tenant_id = w.tenant_id
                          AND e.topic = w.topic AND e.kafka_partition = w.kafka_partition)::text AS last_offset
                  FROM partition_watermarks w WHERE w.tenant_id = ?""", tenant);
        assertThat(partitions).as("partitions of the workload").hasSizeGreaterThanOrEqualTo(4);
        assertThat(partitions).allSatisfy(partition -> {
            assertThat(partition.get("from_offset")).as("%s", partition).isEqualTo("0");
            assertThat(partition.get("through")).as("%s", partition).isEqualTo(partition.get("last_offset"))
                    .isEqualTo(partition.get("highest"));
            assertThat(partition.get("no_hole")).as("%s", partition).isEqualTo("true");
            assertThat(partition.get("time_is_latest")).as("%s", partition).isEqualTo("true");
        });

        ConformanceCommandTest.Run status = IndexerCommandTest.indexer(env, "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.lines()).filteredOn(line -> line.startsWith(tenant)).hasSize(partitions.size())
                .allSatisfy(line -> assertThat(line).doesNotContainPattern("at \\d+ \\(\\+\\d+\\)"));
    }

    private static Map<String, String> env(String tenant, String cursorMode) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-" + tenant);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "rec://" + tenant);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", cursorMode);
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", "250");
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", "ground-truth-test");
        return env;
    }

    private static long holes(String tenant) {
        return Long.parseLong(rows("SELECT count(*)::text AS n FROM partition_watermarks WHERE tenant_id = ?"
                + " AND frontier_stalled_since IS NOT NULL", tenant).getFirst().get("n"));
    }

    private static List<Map<String, String>> rows(String sql, String tenant) {
        try (Connection connection = db.dataSource().getConnection()) {
            try (var search = connection.createStatement()) {
                search.execute("SET search_path TO " + RestoreSchemas.INDEX_SCHEMA);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, tenant);
                List<Map<String, String>> result = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        Map<String, String> row = new HashMap<>();
                        for (int c = 1; c <= columns; c++) {
                            row.put(rows.getMetaData().getColumnLabel(c), rows.getString(c));
                        }
                        result.add(row);
                    }
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
