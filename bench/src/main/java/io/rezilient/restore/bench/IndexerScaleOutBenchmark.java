package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.local.LocalPostgres;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.groups.GroupedIndexer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How indexing throughput grows with indexer members on one ingest scope split into partition groups
 * (docs/indexer-scale-out.md): one layout-v2 workload on s3proxy behind the 25 ms latency proxy (both in a child
 * JVM), indexed from scratch by 1, 2 and 4 members at a time, each member an {@link IndexerRuntime} with its own
 * pool, reads in flight and group leases, as a process would have. Members run in this JVM, so they share its CPU
 * and the machine's cores with PostgreSQL and the S3 server: the figures show the mechanism (reads in flight and
 * pipelines add up) and where a 2-core machine stops it, not what separate machines would give. Writes
 * {@code bench/results/indexer-scale-out.json}.
 *
 * <p>Usage: {@code scripts/bench indexer-scale-out [EVENTS] [READS_PER_MEMBER]} (defaults 8,000 and 16).
 */
public final class IndexerScaleOutBenchmark {
    private static final int GROUPS = 8;
    private static final List<Integer> MEMBERS = List.of(1, 2, 4);

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 8_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = BenchReports.inProcessHeader("restore indexer scale-out: members of one ingest scope");
        report.put("method", "A layout-v2 workload of " + events + " events over 8 partitions (WorkloadSimulator, seed "
                + "42) is written to s3proxy, which runs with the 25 ms-per-request latency proxy in a child JVM. For "
                + "each member count a fresh migrated database is indexed from scratch with "
                + "REZ_RESTORE_INDEXER_PARTITION_GROUPS=" + GROUPS + ", cursor mode v2_primary, "
                + "REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY=" + reads + " per member and a 3 s lease: each member "
                + "is an IndexerRuntime from those settings (own pool, reads in flight, group leases) running its "
                + "GroupedIndexer loop on its own thread in this JVM. The members tick once each, in turn, until every "
                + "one holds its fair share (ms); the clock runs from before the first tick until the index holds "
                + "every event. events/s = events / that time; CPU per event from /proc for this JVM (all members), "
                + "PostgreSQL and the S3 server's JVM.");
        ArrayNode runs = report.putArray("runs");

        LocalPostgres postgres = LocalPostgres.throwaway();
        PgUrl server = PgUrl.parse(postgres.start());
        long postmaster = CpuMeter.postmasterPid(postgres.status().dataDir().orElseThrow());
        Path work = Files.createTempDirectory("rez-indexer-scale-out-");
        try (S3ServerJvm s3 = S3ServerJvm.start(IndexerBenchmark.LATENCY, work.resolve("s3-server.log"))) {
            long written = IndexerBenchmark.createAndFill(work, s3.direct(), "scale-out", events, "v2");
            // a warm-up run (not reported) so JIT compilation does not count against the first member count
            run(server, postmaster, s3, "scale_out_warm", 2, reads, written);
            for (int members : MEMBERS) {
                ObjectNode run = run(server, postmaster, s3, "scale_out_" + members, members, reads, written);
                runs.add(run);
                System.out.printf("%d member(s): %s events/s, indexer %s ms CPU/event, idle cores %s%n", members,
                        run.get("events_per_second"), run.get("indexer_cpu_ms_per_event"),
                        run.get("machine_idle_cores"));
                BenchReports.write(results, "indexer-scale-out.json", report);
            }
        } finally {
            BenchReports.deleteRecursively(work);
            postgres.destroy();
        }
        System.out.println("wrote " + results.resolve("indexer-scale-out.json"));
        System.exit(0); // SDK threads may linger
    }

    private static ObjectNode run(PgUrl server, long postmaster, S3ServerJvm s3, String name, int members, int reads,
                                  long expected) throws Exception {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        PgUrl database = server.withDatabase(name);
        Migrations.migrate(database.dataSource());
        List<IndexerRuntime> runtimes = new ArrayList<>();
        List<Thread> loops = new ArrayList<>();
        try {
            for (int member = 1; member <= members; member++) {
                Map<String, String> env = IndexerRun.env(database, name,
                        IndexerBenchmark.s3Env("scale-out", s3.delayed(), reads), "v2", null);
                env.put("REZ_RESTORE_INDEXER_PARTITION_GROUPS", Integer.toString(GROUPS));
                env.put("REZ_RESTORE_INDEXER_LEADER_ID", "member-" + member);
                env.put("REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "3");
                env.put("REZ_RESTORE_INDEXER_POLL_INTERVAL_MS", "100");
                runtimes.add(IndexerRuntime.open(IndexerSettings.fromEnv(env)));
            }
            CpuMeter.Sample before = CpuMeter.sample(s3.handle(), postmaster);
            balance(runtimes, members);
            for (IndexerRuntime runtime : runtimes) {
                GroupedIndexer groups = runtime.groups().orElseThrow();
                loops.add(Thread.ofPlatform().name("bench-member").start(groups::runUntilStopped));
            }
            long rows;
            while ((rows = count(database)) < expected) {
                Thread.sleep(20);
            }
            CpuMeter.Sample after = CpuMeter.sample(s3.handle(), postmaster);
            double seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
            ObjectNode run = Json.mapper().createObjectNode();
            run.put("members", members);
            run.put("partition_groups", GROUPS);
            run.put("reads_in_flight_per_member", reads);
            run.put("latency_ms_per_request", IndexerBenchmark.LATENCY.toMillis());
            run.put("events_indexed", rows);
            run.put("seconds", BenchReports.round(seconds));
            run.put("events_per_second", Math.round(rows / seconds));
            run.setAll(CpuMeter.perEvent(before, after, rows, 0));
            return run;
        } finally {
            runtimes.forEach(runtime -> runtime.groups().ifPresent(GroupedIndexer::requestStop));
            for (Thread loop : loops) {
                loop.join();
            }
            runtimes.forEach(IndexerRuntime::close);
        }
    }

    /** Ticks the members in turn until each holds its fair share of the groups. */
    private static void balance(List<IndexerRuntime> runtimes, int members) {
        int share = Math.ceilDiv(GROUPS, members);
        for (int round = 0; round < 10; round++) {
            boolean balanced = true;
            for (IndexerRuntime runtime : runtimes) {
                balanced &= runtime.groups().orElseThrow().tick().size() == share;
            }
            if (balanced) {
                return;
            }
        }
        throw new IllegalStateException("members did not settle on " + share + " groups each");
    }

    private static long count(PgUrl database) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA + ".index_events")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
