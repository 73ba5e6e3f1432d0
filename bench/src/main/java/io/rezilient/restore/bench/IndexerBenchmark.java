package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.simulate.ProgressListener;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.capture.simulate.SimulationSummary;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.capture.truth.GroundTruthFile;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.local.LocalPostgres;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.s3.S3ClientFactory;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3Credentials;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * End-to-end throughput of the restore indexer ({@code rez indexer once}'s loop: {@code runOnce()} until a cycle is
 * empty) from captured workloads of layout v2 and v1 (the latter under cursor mode mixed, out of offset order) into
 * a throwaway local PostgreSQL, from the filesystem object store
 * (target: at least 20,000 events/s) and from an in-process S3-compatible server, s3proxy (target: at least 3,000
 * events/s). For each run it also measures the raw bulk-insert ceiling of {@code index_events} on the same database
 * — the same rows COPYed into an identical fresh table — and reports the indexer's rate as a fraction of it. A
 * thread-dump sampler attributes the worker's wall time to listing/reading, JSON, indexer code and database calls.
 * Writes {@code bench/results/indexer.json}.
 *
 * <p>Usage: {@code scripts/bench indexer [FS_EVENTS] [S3_EVENTS] [BATCH_SIZE]} (defaults 100,000, 20,000 and the
 * indexer's default batch size).
 */
public final class IndexerBenchmark {
    private static final String PREFIX = SimulationOptions.DEFAULT_PREFIX;
    private static final String ACCESS_KEY = "access";
    private static final String SECRET_KEY = "secret";
    private static final String EVENTS = RestoreSchemas.INDEX_SCHEMA + ".index_events";
    private static final String CEILING = RestoreSchemas.INDEX_SCHEMA + ".index_events_ceiling";
    /** The columns an indexer writes (everything but the identity). */
    private static String eventColumns;

    public static void main(String[] args) throws Exception {
        long fsEvents = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long s3Events = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        String batchSize = args.length > 2 ? args[2] : null;
        long latencyEvents = args.length > 3 ? Long.parseLong(args[3]) : 5_000;
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = Json.mapper().createObjectNode();
        report.put("benchmark", "restore indexer end to end: object store → PostgreSQL index");
        report.put("measured_at", IsoUtc.format(Instant.now()));
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores (shared with PostgreSQL and, for "
                + "S3, s3proxy), java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        report.put("method", "WorkloadSimulator (layout v2 and v1, 8 partitions, seed 42) writes each workload; a throwaway "
                + "local PostgreSQL (LocalPostgres.throwaway) gets a fresh migrated database per run; "
                + "IndexerRuntime.open(IndexerSettings.fromEnv(...)) with cursor mode v2_primary (layout v2) or mixed (layout v1, the "
                + "production default; its keys list out of offset order), then "
                + "worker.runOnce() until a cycle is empty (what `rez indexer once` does), in the same JVM; "
                + "events/s = indexed rows / wall time of that loop (runtime open and migration excluded). "
                + "Each run is judged against the workload: every event indexed once, none quarantined, no partition "
                + "left with a hole. 1 warm-up run (20% of the events, at most 5,000, filesystem) first. Ceiling: the indexed rows are exported with "
                + "COPY TO and COPYed (FROM STDIN, one statement) into a fresh table created LIKE index_events "
                + "INCLUDING ALL plus the same generation foreign key, in the same database; ceiling events/s = "
                + "rows / wall time of that COPY. Profile: every 20 ms, the stacks of threads running indexer code "
                + "are classified by their innermost recognised frame.");
        ObjectNode targets = report.putObject("targets_events_per_second");
        targets.put("filesystem", 20_000);
        targets.put("s3", 3_000);
        ArrayNode runs = report.putArray("runs");

        LocalPostgres postgres = LocalPostgres.throwaway();
        PgUrl server = PgUrl.parse(postgres.start());
        Path work = Files.createTempDirectory("rez-indexer-bench-");
        try {
            // warm-up on a small workload so JIT and connection set-up do not count against the timed runs
            Path warmObjects = work.resolve("warm-objects");
            try (ObjectStore store = new FileSystemObjectStore(warmObjects, false)) {
                simulate(work, store, Math.max(1_000, Math.min(5_000, fsEvents / 5)), "v2");
            }
            runIndexer(server, "bench_warm", fsEnv(warmObjects), "v2", batchSize, false);

            // layout v2 lists in offset order (v2_primary); layout v1 lists by table/day/event id, so every
            // partition's events arrive out of offset order under the production default cursor mode, mixed
            for (String layout : List.of("v2", "v1")) {
                Path fsObjects = work.resolve("objects-" + layout);
                SimulationSummary simulated;
                try (ObjectStore store = new FileSystemObjectStore(fsObjects, false)) {
                    simulated = simulate(work, store, fsEvents, layout);
                }
                ObjectNode fs = runIndexer(server, "bench_fs_" + layout, fsEnv(fsObjects), layout, batchSize, true);
                fs.put("source", "filesystem object store (" + Files.getFileStore(work).type() + ", " + work + ")");
                judge(fs, simulated);
                fs.put("target_events_per_second", 20_000);
                fs.put("meets_target", fs.get("events_per_second").asDouble() >= 20_000);
                runs.add(fs);
                print(fs);
                write(results, report);
            }

            S3Proxy proxy = startS3Proxy();
            try {
                URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
                for (String layout : List.of("v2", "v1")) {
                    String bucket = "bench-" + layout;
                    S3Config config = S3Config.builder(bucket).endpoint(endpoint).pathStyle(true)
                            .credentials(new S3Credentials(ACCESS_KEY, SECRET_KEY, null)).build();
                    try (var admin = S3ClientFactory.create(config)) {
                        admin.createBucket(b -> b.bucket(bucket));
                    }
                    SimulationSummary simulated;
                    try (ObjectStore store = S3ObjectStore.open(config)) {
                        simulated = simulate(work, store, s3Events, layout);
                    }
                    Map<String, String> env = new HashMap<>(Map.of(
                            "REZ_RESTORE_INDEXER_SOURCE_BUCKET", bucket,
                            "REZ_RESTORE_INDEXER_SOURCE_REGION", S3Config.DEFAULT_REGION,
                            "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", endpoint.toString(),
                            "REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "true",
                            "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", ACCESS_KEY,
                            "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", SECRET_KEY));
                    ObjectNode s3 = runIndexer(server, "bench_s3_" + layout, env, layout, batchSize, true);
                    s3.put("source", "s3proxy 4.1.0 in process (TransientNio2BlobStore, in memory), path style, "
                            + "loopback HTTP");
                    judge(s3, simulated);
                    s3.put("target_events_per_second", 3_000);
                    s3.put("meets_target", s3.get("events_per_second").asDouble() >= 3_000);
                    runs.add(s3);
                    print(s3);
                    write(results, report);
                }
                latencyRuns(report, server, endpoint, latencyEvents, batchSize, results, work);
            } finally {
                proxy.stop();
            }
        } finally {
            deleteRecursively(work);
            postgres.destroy();
        }
        write(results, report);
        System.out.println("wrote " + results.resolve("indexer.json"));
        System.exit(0); // s3proxy/Jetty and SDK threads may linger
    }

    /**
     * The same S3 server behind a proxy that delays every request by 25 ms, as a remote store answers: events/s over
     * the reads kept in flight (REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY), for both layouts at the default.
     */
    private static void latencyRuns(ObjectNode report, PgUrl server, URI endpoint, long events, String batchSize,
                                    Path results, Path work) throws Exception {
        Duration latency = Duration.ofMillis(25);
        ArrayNode curve = report.putArray("s3_with_latency");
        report.put("s3_with_latency_method", "s3proxy in process behind LatencyProxy (bench module): every request "
                + "waits " + latency.toMillis() + " ms before it reaches the server; " + events + " events per run, "
                + "written straight to s3proxy, indexed through the proxy; fresh database per run; the target at the "
                + "default concurrency is 3,000 events/s");
        try (LatencyProxy delayed = LatencyProxy.start(endpoint.getPort(), latency)) {
            URI slow = URI.create("http://127.0.0.1:" + delayed.port());
            for (String layout : List.of("v2", "v1")) {
                String bucket = "latency-" + layout;
                S3Config direct = S3Config.builder(bucket).endpoint(endpoint).pathStyle(true)
                        .credentials(new S3Credentials(ACCESS_KEY, SECRET_KEY, null)).build();
                try (var admin = S3ClientFactory.create(direct)) {
                    admin.createBucket(b -> b.bucket(bucket));
                }
                SimulationSummary simulated;
                try (ObjectStore store = S3ObjectStore.open(direct)) {
                    simulated = simulate(work, store, events, layout);
                }
                List<Integer> concurrencies = layout.equals("v2") ? List.of(16, 64, 128, 256) : List.of(16, 128);
                for (int concurrency : concurrencies) {
                    Map<String, String> env = new HashMap<>(Map.of(
                            "REZ_RESTORE_INDEXER_SOURCE_BUCKET", bucket,
                            "REZ_RESTORE_INDEXER_SOURCE_REGION", S3Config.DEFAULT_REGION,
                            "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", slow.toString(),
                            "REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "true",
                            "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", ACCESS_KEY,
                            "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", SECRET_KEY,
                            "REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY", Integer.toString(concurrency)));
                    ObjectNode run = runIndexer(server, "bench_lat_" + layout + "_" + concurrency, env, layout,
                            batchSize, false);
                    run.put("read_concurrency", concurrency);
                    run.put("latency_ms", latency.toMillis());
                    judge(run, simulated);
                    if (concurrency == io.rezilient.restore.indexer.source.SourceSettings.DEFAULT_READ_CONCURRENCY) {
                        run.put("meets_target", run.get("events_per_second").asDouble() >= 3_000);
                    }
                    curve.add(run);
                    System.out.printf("latency %d ms, %s, %d reads in flight: %s events/s%n", latency.toMillis(),
                            layout, concurrency, run.get("events_per_second"));
                    write(results, report);
                }
            }
        }
    }

    /** Written after each run, so a later failure keeps the figures already measured. */
    private static void write(Path results, ObjectNode report) throws java.io.IOException {
        Files.createDirectories(results);
        Files.writeString(results.resolve("indexer.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }

    private static Map<String, String> fsEnv(Path objects) {
        return new HashMap<>(Map.of("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString()));
    }

    private static void print(ObjectNode run) {
        System.out.printf("%s: %,d events in %.2f s = %,.0f events/s; COPY ceiling %,.0f events/s; fraction %.4f%n"
                        + "  profile: %s%n",
                run.get("source").asText(), run.get("events_indexed").asLong(), run.get("seconds").asDouble(),
                run.get("events_per_second").asDouble(), run.get("ceiling_events_per_second").asDouble(),
                run.get("fraction_of_ceiling").asDouble(), run.get("profile_share_of_samples"));
    }

    /**
     * Judges a run against the workload it indexed: every event indexed once, nothing quarantined, and every
     * partition complete (no hole left above its frontier). A run that fails is not a figure worth reporting.
     */
    private static void judge(ObjectNode run, SimulationSummary simulated) {
        long expected = simulated.events();
        if (run.get("events_indexed").asLong() != expected || run.get("quarantined").asLong() != 0
                || run.get("partitions_with_hole").asLong() != 0) {
            throw new IllegalStateException("the run did not index the workload exactly: " + run + ", expected "
                    + expected + " events");
        }
        run.put("ground_truth", "all " + expected + " events indexed once, 0 quarantined, every partition complete");
    }

    private static SimulationSummary simulate(Path work, ObjectStore store, long events, String layout)
            throws Exception {
        KeyringFile keyringFile = new KeyringFile(work.resolve("keyring.json"));
        keyringFile.activeKeyCreatingIfMissing("tenant-bench", new SecureRandom(), Instant.now());
        Keyring keyring = keyringFile.load();
        SimulationOptions options = SimulationOptions.builder()
                .tenant("tenant-bench").instance("bench-01").source("sn://bench.service-now.com")
                .tables(List.of("incident", "problem", "cmdb_ci", "sys_attachment"))
                .records((int) Math.max(100, events / 20)).events(events)
                .start(Instant.parse("2026-01-01T00:00:00Z")).days(30).seed(42)
                .layout(LayoutVersion.parse(layout)).partitions(8).build();
        try (GroundTruthFile truth = new GroundTruthFile(work.resolve("truth-" + System.nanoTime() + ".jsonl"))) {
            return WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        }
    }

    /** Indexes the workload into a fresh database {@code name}; returns the figures of the run. */
    private static ObjectNode runIndexer(PgUrl server, String name, Map<String, String> sourceEnv, String layout,
                                         String batchSize, boolean measureCeiling) throws Exception {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        PgUrl database = server.withDatabase(name);
        Migrations.migrate(database.dataSource());
        Map<String, String> env = new HashMap<>(sourceEnv);
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-bench-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", name);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "sn://bench.service-now.com");
        String cursorMode = layout.equals("v2") ? "v2_primary" : "mixed";
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", cursorMode);
        if (batchSize != null) {
            env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", batchSize);
        }
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("layout", layout);
        run.put("cursor_mode", cursorMode);
        long cycles = 0;
        long inserted = 0;
        long quarantined = 0;
        Sampler sampler = new Sampler();
        double seconds;
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            IndexerWorker worker = runtime.worker().orElseThrow();
            run.put("batch_size", runtime.settings().batchSize());
            Thread samplerThread = Thread.ofPlatform().daemon().name("rez-bench-sampler").start(sampler);
            long started = System.nanoTime();
            while (true) {
                BatchSummary batch = worker.runOnce();
                if (!batch.leader()) {
                    throw new IllegalStateException("the benchmark worker is not the leader of " + name);
                }
                cycles++;
                inserted += batch.inserted();
                quarantined += batch.quarantined();
                if (batch.empty()) {
                    break;
                }
            }
            seconds = (System.nanoTime() - started) / 1e9;
            sampler.stop();
            samplerThread.join();
            worker.close();
        }
        long rows;
        long holed;
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + EVENTS)) {
                rs.next();
                rows = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA
                    + ".partition_watermarks WHERE frontier_stalled_since IS NOT NULL")) {
                rs.next();
                holed = rs.getLong(1);
            }
        }
        run.put("events_indexed", rows);
        run.put("partitions_with_hole", holed);
        run.put("inserted_reported", inserted);
        run.put("quarantined", quarantined);
        run.put("cycles", cycles);
        run.put("seconds", Math.round(seconds * 1000) / 1000.0);
        double rate = rows / seconds;
        run.put("events_per_second", Math.round(rate));
        if (measureCeiling) {
            double ceiling = copyCeiling(database, rows);
            run.put("ceiling_method", "COPY FROM STDIN of the same " + rows + " rows into a fresh table LIKE "
                    + "index_events INCLUDING ALL + generation FK, same database");
            run.put("ceiling_events_per_second", Math.round(ceiling));
            run.put("fraction_of_ceiling", Math.round(rate / ceiling * 10000) / 10000.0);
        }
        ObjectNode profile = run.putObject("profile_share_of_samples");
        sampler.shares().forEach((k, v) -> profile.put(k, Math.round(v * 1000) / 1000.0));
        run.put("profile_samples", sampler.total);
        return run;
    }

    /** Rows/s of one COPY of the indexed rows into an identical fresh table in the same database. */
    private static double copyCeiling(PgUrl database, long rows) throws SQLException, java.io.IOException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (eventColumns == null) {
                try (ResultSet rs = s.executeQuery("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) "
                        + "FROM pg_attribute WHERE attrelid = '" + EVENTS + "'::regclass AND attnum > 0 "
                        + "AND NOT attisdropped AND attname <> 'id'")) {
                    rs.next();
                    eventColumns = rs.getString(1);
                }
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            copy.copyOut("COPY (SELECT " + eventColumns + " FROM " + EVENTS + " ORDER BY id) TO STDOUT", exported);
            s.execute("DROP TABLE IF EXISTS " + CEILING);
            s.execute("CREATE TABLE " + CEILING + " (LIKE " + EVENTS + " INCLUDING ALL)");
            s.execute("ALTER TABLE " + CEILING + " ADD CONSTRAINT index_events_ceiling_generation_fk "
                    + "FOREIGN KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id) "
                    + "REFERENCES " + RestoreSchemas.INDEX_SCHEMA + ".partition_generations (tenant_id, instance_id, source, topic, kafka_partition, "
                    + "generation_id)");
            byte[] bytes = exported.toByteArray();
            long started = System.nanoTime();
            long copied = copy.copyIn("COPY " + CEILING + " (" + eventColumns + ") FROM STDIN",
                    new ByteArrayInputStream(bytes));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (copied != rows) {
                throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + rows);
            }
            s.execute("DROP TABLE " + CEILING);
            return rows / seconds;
        }
    }

    private static S3Proxy startS3Proxy() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return proxy;
    }

    /** Classifies the stacks of threads running indexer code by their innermost recognised frame. */
    private static final class Sampler implements Runnable {
        private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

        static {
            CATEGORIES.put("org.postgresql.", "db (pgjdbc: write/round trip)");
            CATEGORIES.put("com.zaxxer.hikari.", "db (pool)");
            CATEGORIES.put("com.fasterxml.jackson.", "json parse/serialise");
            CATEGORIES.put("software.amazon.", "object store (S3 SDK)");
            CATEGORIES.put("org.apache.http.", "object store (S3 SDK)");
            CATEGORIES.put("io.rezilient.restore.objectstore.", "object store (list/read)");
            CATEGORIES.put("sun.nio.fs.", "object store (list/read)");
            CATEGORIES.put("java.nio.file.", "object store (list/read)");
            CATEGORIES.put("java.util.concurrent.", "waiting on readers / executor");
            CATEGORIES.put("io.rezilient.restore.indexer.source.", "indexer: source (listing, cursor)");
            CATEGORIES.put("io.rezilient.restore.indexer.manifest.", "indexer: manifest parse/extract");
            CATEGORIES.put("io.rezilient.restore.indexer.normalize.", "indexer: normalise");
            CATEGORIES.put("io.rezilient.restore.indexer.store.", "indexer: store (build SQL/bind)");
            CATEGORIES.put("io.rezilient.restore.indexer.", "indexer: other");
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Long> counts = new TreeMap<>();
        private long total;

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().threadId();
            while (running.get()) {
                for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    if (info.getThreadId() == self) {
                        continue;
                    }
                    StackTraceElement[] stack = info.getStackTrace();
                    boolean indexer = false;
                    for (StackTraceElement f : stack) {
                        if (f.getClassName().startsWith("io.rezilient.restore.indexer.")) {
                            indexer = true;
                            break;
                        }
                    }
                    if (!indexer) {
                        continue;
                    }
                    String category = "other";
                    outer:
                    for (StackTraceElement f : stack) {
                        for (Map.Entry<String, String> c : CATEGORIES.entrySet()) {
                            if (f.getClassName().startsWith(c.getKey())) {
                                category = c.getValue();
                                break outer;
                            }
                        }
                    }
                    if (category.startsWith("object store")) {
                        category = category + ": " + objectStoreCall(stack);
                    }
                    counts.merge(info.getThreadName().startsWith("main") ? "worker: " + category
                            : "helpers: " + category, 1L, Long::sum);
                    total++;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The ObjectStore method the stack is in (list, get, open, ...), outermost store frame. */
        private static String objectStoreCall(StackTraceElement[] stack) {
            String call = "?";
            for (StackTraceElement f : stack) {
                if (f.getClassName().startsWith("io.rezilient.restore.objectstore.")
                        && (f.getClassName().endsWith("ObjectStore"))) {
                    call = f.getMethodName();
                }
            }
            return call;
        }

        void stop() {
            running.set(false);
        }

        Map<String, Double> shares() {
            Map<String, Double> shares = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> shares.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total));
            return shares;
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
