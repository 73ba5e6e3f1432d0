package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One measured indexing run: a fresh migrated database, {@code IndexerRuntime.open} on the given source
 * environment, then {@code worker.runOnce()} until a cycle is empty (what {@code rez indexer once} does), timed from
 * the first cycle to the last; the CPU of this JVM (the indexer), of PostgreSQL and of the S3 server's JVM is sampled
 * around the same loop.
 */
final class IndexerRun {
    static final String TENANT = "tenant-bench";
    static final String SOURCE_URI = "sn://bench.service-now.com";
    private static final String EVENTS = RestoreSchemas.INDEX_SCHEMA + ".index_events";

    /**
     * What to run.
     *
     * @param name      the database and ingest scope
     * @param sourceEnv the source's {@code REZ_RESTORE_INDEXER_SOURCE_*} settings
     * @param batchSize the batch size, or null for the indexer's default
     * @param s3Server  the S3 server's process, whose CPU is reported; null for a filesystem store
     * @param opener    opens the configured object-store location (the production {@code open()} or another HTTP
     *                  client)
     * @param profile   profile the run: wall time by thread ({@link ThreadDumpProfiler}) and CPU by code
     *                  ({@link JfrCpuProfile})
     * @param ceiling   also measure the COPY ceiling of the indexed rows
     */
    record Spec(String name, Map<String, String> sourceEnv, String layout, String batchSize, ProcessHandle s3Server,
                Function<ObjectStoreLocation, ObjectStore> opener, boolean profile, boolean ceiling) {
    }

    private final PgUrl server;
    private final long postmasterPid;

    /** Runs on databases of {@code server}, whose postmaster is {@code postmasterPid}. */
    IndexerRun(PgUrl server, long postmasterPid) {
        this.server = server;
        this.postmasterPid = postmasterPid;
    }

    PgUrl server() {
        return server;
    }

    long postmasterPid() {
        return postmasterPid;
    }

    /** The settings a run indexes with: the source's plus the database, scope, generation and cursor mode. */
    static Map<String, String> env(PgUrl database, String name, Map<String, String> sourceEnv, String layout,
                                   String batchSize) {
        Map<String, String> env = new HashMap<>(sourceEnv);
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", SimulationOptions.DEFAULT_PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-bench-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", name);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", SOURCE_URI);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", cursorMode(layout));
        if (batchSize != null) {
            env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", batchSize);
        }
        return env;
    }

    /**
     * Layout v2 lists in offset order (v2_primary); layout v1 lists by table/day/event id, so every partition's
     * events arrive out of offset order under the production default cursor mode, mixed.
     */
    static String cursorMode(String layout) {
        return layout.equals("v2") ? "v2_primary" : "mixed";
    }

    ObjectNode run(Spec spec) throws Exception {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + spec.name() + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + spec.name());
        }
        PgUrl database = server.withDatabase(spec.name());
        Migrations.migrate(database.dataSource());
        IndexerSettings settings = IndexerSettings.fromEnv(env(database, spec.name(), spec.sourceEnv(),
                spec.layout(), spec.batchSize()));
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("layout", spec.layout());
        run.put("cursor_mode", cursorMode(spec.layout()));
        long cycles = 0;
        long inserted = 0;
        long quarantined = 0;
        double seconds;
        ThreadDumpProfiler profiler = null;
        JfrCpuProfile cpuProfile = null;
        ObjectNode cpuShares = null;
        CpuMeter.Sample before;
        CpuMeter.Sample after;
        try (IndexerRuntime runtime = IndexerRuntime.open(settings, spec.opener())) {
            IndexerWorker worker = runtime.worker().orElseThrow();
            run.put("batch_size", runtime.settings().batchSize());
            run.put("read_concurrency", runtime.source().orElseThrow().source().readConcurrency());
            if (spec.profile()) {
                profiler = ThreadDumpProfiler.start();
                cpuProfile = JfrCpuProfile.start(spec.name());
            }
            before = CpuMeter.sample(spec.s3Server(), postmasterPid);
            while (true) {
                BatchSummary batch = worker.runOnce();
                if (!batch.leader()) {
                    throw new IllegalStateException("the benchmark worker is not the leader of " + spec.name());
                }
                cycles++;
                inserted += batch.inserted();
                quarantined += batch.quarantined();
                if (batch.empty()) {
                    break;
                }
            }
            after = CpuMeter.sample(spec.s3Server(), postmasterPid);
            seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
            if (profiler != null) {
                profiler.stop();
                cpuShares = cpuProfile.stop();
                cpuProfile.close();
            }
            worker.close();
        }
        long rows;
        long holed;
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            rows = count(s, "SELECT count(*) FROM " + EVENTS);
            holed = count(s, "SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA
                    + ".partition_watermarks WHERE frontier_stalled_since IS NOT NULL");
        }
        run.put("events_indexed", rows);
        run.put("partitions_with_hole", holed);
        run.put("inserted_reported", inserted);
        run.put("quarantined", quarantined);
        run.put("cycles", cycles);
        run.put("seconds", BenchReports.round(seconds));
        double rate = rows / seconds;
        run.put("events_per_second", Math.round(rate));
        run.setAll(CpuMeter.perEvent(before, after, Math.max(1, rows), profiler == null ? 0 : profiler.cpuNanos()));
        if (spec.ceiling()) {
            double ceiling = IndexCopyCeiling.eventsPerSecond(database, TENANT, rows);
            run.put("ceiling_events_per_second", Math.round(ceiling));
            run.put("fraction_of_ceiling", Math.round(rate / ceiling * 10000) / 10000.0);
        }
        if (profiler != null) {
            ObjectNode shares = run.putObject("profile_share_of_samples");
            profiler.shares().forEach((k, v) -> shares.put(k, Math.round(v * 1000) / 1000.0));
            run.put("profile_samples", profiler.samples());
            if (cpuShares.has("sampled_cpu_ms")) {
                // how much of the process's CPU the samples account for; GC, JIT and lost samples are the rest
                cpuShares.put("sampled_fraction_of_indexer_cpu", Math.round(cpuShares.get("sampled_cpu_ms").asDouble()
                        / (run.get("indexer_cpu_ms_per_event").asDouble() * rows) * 1000) / 1000.0);
            }
            run.set("cpu_profile", cpuShares);
        }
        return run;
    }

    private static long count(Statement s, String query) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
