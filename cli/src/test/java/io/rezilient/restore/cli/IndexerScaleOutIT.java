package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out (issue 15 item 5): two {@code rez indexer run} processes on one ingest scope split into partition groups
 * share the groups; one is killed mid-ingest and the other takes its groups over once their leases expire. The index
 * they build together equals the index one undivided worker builds from the same capture, row for row.
 */
class IndexerScaleOutIT {
    private static final int EVENTS = 12_000;
    private static final int PARTITIONS = 8;
    private static final String SCOPE = "scale-out";
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @TempDir
    Path dir;
    private TestDatabase split;
    private TestDatabase single;
    private Process a;
    private Process b;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : new Process[] {a, b}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (split != null) {
            split.close();
        }
        if (single != null) {
            single.close();
        }
    }

    @Test
    void twoProcessesShareTheScopeSurviveAKillAndBuildTheIndexOneWorkerBuilds() throws Exception {
        Path objects = IndexerRunFixture.captureWorkload(dir, EVENTS / 6, EVENTS, 29, PARTITIONS);
        split = TestDatabases.createMigrated("IndexerScaleOutIT");
        single = TestDatabases.createMigrated("IndexerScaleOutRef");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, String> grouped = Map.of("REZ_RESTORE_INDEXER_PARTITION_GROUPS", "4",
                "REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "3", "REZ_RESTORE_INDEXER_BATCH_SIZE", "50");

        // no LEADER_ID: each process is <hostname>:<pid>, as two machines would be
        a = IndexerRunFixture.startRun(split.jdbcUrl(), objects, SCOPE, grouped, dir.resolve("a.log"));
        b = IndexerRunFixture.startRun(split.jdbcUrl(), objects, SCOPE, grouped, dir.resolve("b.log"));

        // both processes index side by side, two groups each
        await(deadline, List.of(a, b), () -> holdersOfLiveGroupLeases().size() == 2 && count("SELECT count(*)"
                + " FROM rez_restore_index.index_events") >= EVENTS / 4, "both processes holding groups");
        assertThat(holdersOfLiveGroupLeases()).allSatisfy(holder -> assertThat(holder)
                .matches(".*:(" + a.pid() + "|" + b.pid() + ")"));
        assertThat(count("SELECT count(*) FROM rez_restore_index.source_leases WHERE starts_with(ingest_scope_id,"
                + " '" + SCOPE + "#group-') AND lease_expires_at > clock_timestamp() AND holder_id LIKE '%:"
                + a.pid() + "'")).as("a's fair share of 4 groups between 2 processes").isEqualTo(2);

        a.destroyForcibly(); // SIGKILL: no release, no leaving; b waits for a's membership and leases to expire
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long atKill = count("SELECT count(*) FROM rez_restore_index.index_events");
        assertThat(atKill).as("killed mid-ingest").isLessThan(EVENTS);

        await(deadline, List.of(b), () -> count("SELECT count(*) FROM rez_restore_index.index_events") == EVENTS
                && count("SELECT count(*) FROM rez_restore_index.source_leases WHERE starts_with(ingest_scope_id,"
                + " '" + SCOPE + "#group-') AND lease_expires_at > clock_timestamp() AND holder_id LIKE '%:"
                + b.pid() + "'") == 4, "b indexing every group");

        b.destroy(); // SIGTERM: b finishes its cycles, releases its leases and leaves
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).as("b stops on SIGTERM").isTrue();
        assertThat(b.exitValue()).as(tail(dir.resolve("b.log"))).isZero();
        assertThat(count("SELECT count(*) FROM rez_restore_index.source_leases WHERE lease_expires_at >"
                + " clock_timestamp()")).as("every lease released").isZero();
        assertThat(count("SELECT count(*) FROM rez_restore_index.indexer_members WHERE holder_id LIKE '%:"
                + b.pid() + "'")).as("b left the scope").isZero();

        indexWithOneWorker(objects);
        String identity = "tenant_id, instance_id, source, topic, kafka_partition, generation_id, event_id";
        assertThat(count("SELECT count(DISTINCT (" + identity + ")) FROM rez_restore_index.index_events"))
                .isEqualTo(EVENTS);
        assertSameRows("index_events", "SELECT " + identity + ", kafka_offset, artifact_key, manifest_key,"
                + " event_type, event_time, operation, table_name, record_sys_id, artifact_kind FROM index_events");
        assertSameRows("partition_generations", "SELECT tenant_id, instance_id, source, topic, kafka_partition,"
                + " generation_id, generation_epoch, generation_ended_at, max_indexed_offset, max_indexed_time"
                + " FROM partition_generations");
        assertSameRows("partition_watermarks", "SELECT tenant_id, instance_id, source, topic, kafka_partition,"
                + " generation_id, generation_epoch, indexed_from_offset, indexed_through_offset,"
                + " indexed_through_time, coverage_start, coverage_end, highest_indexed_offset, highest_indexed_time,"
                + " frontier_stalled_since IS NULL FROM partition_watermarks");
        assertSameRows("source_coverage", "SELECT tenant_id, instance_id, source, earliest_indexed_time,"
                + " latest_indexed_time, generation_span FROM source_coverage");
    }

    /** The reference: one undivided worker, in this JVM, catching up on the same capture. */
    private void indexWithOneWorker(Path objects) {
        Map<String, String> env = Map.of("REZ_RESTORE_PG_URL", single.jdbcUrl(),
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString(),
                "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1",
                "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", SCOPE,
                "REZ_RESTORE_INDEXER_SOURCE_URI", "file://" + objects,
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary",
                "REZ_RESTORE_INDEXER_LEADER_ID", "reference");
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            IndexerWorker worker = runtime.worker().orElseThrow();
            assertThat(IndexerCatchUp.run(worker, 0, progress -> { }).caughtUp()).isTrue();
            worker.close();
        }
    }

    private TreeSet<String> holdersOfLiveGroupLeases() throws SQLException {
        return rows(split, "SELECT holder_id FROM source_leases WHERE starts_with(ingest_scope_id, '" + SCOPE
                + "#group-') AND lease_expires_at > clock_timestamp()");
    }

    private long count(String sql) throws SQLException {
        return IndexRows.single(split, sql);
    }

    private static TreeSet<String> rows(TestDatabase db, String sql) throws SQLException {
        return IndexRows.rows(db, sql);
    }

    private void assertSameRows(String table, String sql) throws SQLException {
        IndexRows.assertSameRows(table, sql, single, "one undivided worker", split, "in the partition groups' index");
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition}; fails at the deadline or as soon as one of {@code running} exits. */
    private void await(long deadline, List<Process> running, Condition condition, String what) throws Exception {
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; leases "
                        + rows(split, "SELECT ingest_scope_id, holder_id, lease_expires_at > clock_timestamp()"
                        + " FROM source_leases") + "\na:\n" + tail(dir.resolve("a.log")) + "\nb:\n"
                        + tail(dir.resolve("b.log")));
            }
            for (Process process : running) {
                if (!process.isAlive()) {
                    throw new AssertionError("indexer " + process.pid() + " exited with " + process.exitValue()
                            + ":\n" + tail(dir.resolve(process == a ? "a.log" : "b.log")));
                }
            }
            Thread.sleep(25);
        }
    }

    private static String tail(Path log) {
        return IndexRows.tail(log);
    }
}
