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
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.local.LocalPostgres;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.s3.S3ClientFactory;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3Credentials;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end throughput and CPU per event of the restore indexer ({@code rez indexer once}'s loop: {@code runOnce()}
 * until a cycle is empty) from captured workloads of layout v2 and v1 (the latter under cursor mode mixed, out of
 * offset order) into a throwaway local PostgreSQL: from the filesystem object store (target: at least 20,000
 * events/s), beside the COPY ceiling of the same rows and the source side's read-only rate; from an S3-compatible
 * server (s3proxy) in a child JVM; from the same server behind a proxy adding 25 ms per request, over reads in flight
 * (target: 3,000 events/s at the default); and the S3 SDK's HTTP clients compared on that workload. The indexer runs
 * in this JVM and nothing else does while it is timed, so this JVM's CPU time is the indexer's. Writes
 * {@code bench/results/indexer.json}.
 *
 * <p>Usage: {@code scripts/bench indexer [FS_EVENTS] [S3_EVENTS] [BATCH_SIZE] [LATENCY_EVENTS] [HTTP_ROUNDS]}
 * (defaults 100,000, 20,000, the indexer's default batch size, 5,000 and 3; an empty BATCH_SIZE keeps the default;
 * LATENCY_EVENTS is also the HTTP client comparison's workload, and 0 skips both; HTTP_ROUNDS 0 skips the
 * comparison).
 */
public final class IndexerBenchmark {
    static final Duration LATENCY = Duration.ofMillis(25);
    /** The reads in flight of the latency curve (issue 15). */
    private static final List<Integer> CURVE = List.of(1, 16, 64, 128, 256);
    /** One read in flight at 25 ms is ~20 events/s: that point indexes this fraction of the curve's events. */
    private static final int SINGLE_READ_DIVISOR = 10;
    /** Unreported runs before the filesystem runs, and again before the S3 runs. */
    private static final int WARM_UP_RUNS = 3;

    public static void main(String[] args) throws Exception {
        long fsEvents = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long s3Events = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        String batchSize = args.length > 2 && !args[2].isBlank() ? args[2] : null;
        long latencyEvents = args.length > 3 ? Long.parseLong(args[3]) : 5_000;
        int httpRounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));
        // the URL-connection client's pool is the JDK's keep-alive cache (read once, at first use): let it keep as
        // many idle connections as the largest read concurrency, as the other clients' pools do
        System.setProperty("http.maxConnections", Integer.toString(SourceSettings.MAX_READ_CONCURRENCY + 64));

        ObjectNode report = Json.mapper().createObjectNode();
        report.put("benchmark", "restore indexer end to end: object store → PostgreSQL index");
        report.put("measured_at", IsoUtc.format(Instant.now()));
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores (shared with PostgreSQL and, for "
                + "S3, the S3 server's JVM), java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        report.put("method", "WorkloadSimulator (layout v2 and v1, 8 partitions, seed 42) writes each workload; a "
                + "throwaway local PostgreSQL (LocalPostgres.throwaway) gets a fresh migrated database per run; "
                + "IndexerRuntime.open(IndexerSettings.fromEnv(...)) with cursor mode v2_primary (layout v2) or mixed "
                + "(layout v1, the production default; its keys list out of offset order), then worker.runOnce() "
                + "until a cycle is empty (what `rez indexer once` does), in this JVM; events/s = indexed rows / "
                + "wall time of that loop (runtime open and migration excluded). Each run is judged against the "
                + "workload: every event indexed once, none quarantined, no partition left with a hole. " + WARM_UP_RUNS
                + " unreported warm-up runs (20% of the events, at most 20,000, filesystem) first, and as many on "
                + "S3 (10% of the S3 events, at least 2,000) before the S3 runs. The S3 server (s3proxy 4.1.0, in "
                + "memory) and the latency proxy run in a child JVM (S3ServerJvm), so nothing but the indexer runs "
                + "in this JVM while a run is timed. CPU per run, sampled right before the first cycle and right "
                + "after the last: indexer_cpu_ms_per_event = this JVM's process CPU time (every thread: workers, "
                + "virtual-thread carriers, GC, JIT; less the wall-time profiler thread's own CPU when it runs) / "
                + "events; postgres_cpu_ms_per_event = the benchmark's PostgreSQL server's CPU (/proc, 10 ms "
                + "ticks: utime+stime of its postmaster and the postmaster's children, plus the postmaster's "
                + "cutime+cstime for children that exited; other clusters on the machine do not count) / events; s3_server_cpu_ms_per_event = the S3 server JVM's CPU time / events; "
                + "machine_idle_cores = idle+iowait of /proc/stat over the run, in cores. Ceiling (filesystem "
                + "runs): " + IndexCopyCeiling.METHOD + ". Read-only rate (filesystem runs): " + ReadOnlyRate.METHOD
                + ". Wall-time profile (profile_share_of_samples): every 20 ms, the stacks of platform threads "
                + "running indexer code are classified by their innermost recognised frame; waiting counts, and "
                + "virtual threads, where object reads run, are not seen. CPU profile (cpu_profile): a JFR recording "
                + "of the timed loop, jdk.CPUTimeSample every " + JfrCpuProfile.CPU_TIME_PERIOD.toMillis() + " ms "
                + "of thread CPU (Java and native code of every application thread, virtual threads included), "
                + "each sample charged to its innermost non-JDK frame's owner (JDK-only stacks by what the JDK code "
                + "does); sampled_fraction_of_indexer_cpu says how much of the process CPU the samples cover (GC, "
                + "JIT and dropped samples are the rest). Profiled runs pay the profilers' cost in their CPU figure "
                + "(the wall-time sampler's own thread is subtracted; safepoints and JFR are not).");
        ObjectNode targets = report.putObject("targets_events_per_second");
        targets.put("filesystem", 20_000);
        targets.put("s3", 3_000);
        ArrayNode runs = report.putArray("runs");

        LocalPostgres postgres = LocalPostgres.throwaway();
        PgUrl server = PgUrl.parse(postgres.start());
        IndexerRun runner = new IndexerRun(server,
                CpuMeter.postmasterPid(postgres.status().dataDir().orElseThrow()));
        Path work = Files.createTempDirectory("rez-indexer-bench-");
        try (S3ServerJvm s3 = S3ServerJvm.start(LATENCY, work.resolve("s3-server.log"))) {
            // warm-up runs on a small workload, so JIT compilation and connection set-up do not count against the
            // timed runs (the JIT keeps compiling for several runs: one was not enough)
            Path warmObjects = work.resolve("warm-objects");
            long warmEvents;
            try (ObjectStore store = new FileSystemObjectStore(warmObjects, false)) {
                warmEvents = simulate(work, store, Math.max(1_000, Math.min(20_000, fsEvents / 5)), "v2").events();
            }
            for (int round = 0; round < WARM_UP_RUNS; round++) {
                judge(runner.run(new IndexerRun.Spec("bench_warm", fsEnv(warmObjects), "v2", batchSize,
                        null, ObjectStoreLocation::open, false, false)), warmEvents);
            }

            for (String layout : List.of("v2", "v1")) {
                Path fsObjects = work.resolve("objects-" + layout);
                SimulationSummary workload;
                try (ObjectStore store = new FileSystemObjectStore(fsObjects, false)) {
                    workload = simulate(work, store, fsEvents, layout);
                }
                String name = "bench_fs_" + layout;
                ObjectNode fs = runner.run(new IndexerRun.Spec(name, fsEnv(fsObjects), layout, batchSize,
                        null, ObjectStoreLocation::open, true, true));
                fs.put("source", "filesystem object store (" + Files.getFileStore(work).type() + ", " + work + ")");
                judge(fs, workload.events());
                ObjectNode readOnly = ReadOnlyRate.measure(IndexerRun.env(server.withDatabase(name), name,
                        fsEnv(fsObjects), layout, batchSize), workload.events(), runner.postmasterPid());
                fs.set("read_only", readOnly);
                fs.put("fraction_of_read_only", Math.round(fs.get("events_per_second").asDouble()
                        / readOnly.get("events_per_second").asDouble() * 10000) / 10000.0);
                fs.put("target_events_per_second", 20_000);
                fs.put("meets_target", fs.get("events_per_second").asDouble() >= 20_000);
                runs.add(fs);
                print(fs);
                write(results, report);
            }

            // the S3 SDK's code, and the S3 server's, are JIT-compiled on a small bucket first
            long s3WarmEvents = createAndFill(work, s3.direct(), "warm-s3", Math.max(2_000, s3Events / 10), "v2");
            for (int round = 0; round < WARM_UP_RUNS; round++) {
                judge(runner.run(new IndexerRun.Spec("bench_warm_s3", s3Env("warm-s3", s3.direct(), null), "v2",
                        batchSize, s3.handle(), ObjectStoreLocation::open, false, false)), s3WarmEvents);
            }
            for (String layout : List.of("v2", "v1")) {
                String bucket = "bench-" + layout;
                long events = createAndFill(work, s3.direct(), bucket, s3Events, layout);
                ObjectNode run = runner.run(new IndexerRun.Spec("bench_s3_" + layout,
                        s3Env(bucket, s3.direct(), null), layout, batchSize, s3.handle(), ObjectStoreLocation::open,
                        true, false));
                run.put("source", "s3proxy 4.1.0 in a child JVM (TransientNio2BlobStore, in memory), path style, "
                        + "loopback HTTP");
                judge(run, events);
                run.put("target_events_per_second", 3_000);
                run.put("meets_target", run.get("events_per_second").asDouble() >= 3_000);
                runs.add(run);
                print(run);
                write(results, report);
            }

            if (latencyEvents > 0) {
                latencyCurve(report, runner, s3, latencyEvents, batchSize, results, work);
            }
            if (httpRounds > 0 && latencyEvents > 0) {
                long events = createAndFill(work, s3.direct(), "http-clients", latencyEvents, "v2");
                HttpClientComparison comparison = new HttpClientComparison(runner, s3, "http-clients", events,
                        batchSize);
                long httpWarmEvents = createAndFill(work, s3.direct(), "http-warm",
                        Math.max(100, latencyEvents / SINGLE_READ_DIVISOR), "v2");
                comparison.warmUp("http-warm", httpWarmEvents);
                report.set("http_clients", comparison.compare(httpRounds));
                write(results, report);
            }
        } finally {
            BenchReports.deleteRecursively(work);
            postgres.destroy();
        }
        write(results, report);
        System.out.println("wrote " + results.resolve("indexer.json"));
        System.exit(0); // SDK threads may linger
    }

    /**
     * The S3 server behind the latency proxy, as a remote store answers: events/s and CPU per event over the reads
     * kept in flight (REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY), for both layouts.
     */
    private static void latencyCurve(ObjectNode report, IndexerRun runner, S3ServerJvm s3, long events, String batchSize,
                                     Path results, Path work) throws Exception {
        ArrayNode curve = report.putArray("s3_with_latency");
        long singleReadEvents = events / SINGLE_READ_DIVISOR;
        report.put("s3_with_latency_method", "s3proxy behind LatencyProxy, both in the S3 server JVM: every request "
                + "waits " + LATENCY.toMillis() + " ms before it reaches the server; " + events + " events per run ("
                + singleReadEvents + " at 1 read in flight, which reads ~20 events/s), written straight to s3proxy, "
                + "indexed through the proxy; fresh database per run; the point marked default is "
                + "SourceSettings.DEFAULT_READ_CONCURRENCY, where the target is 3,000 events/s. Ceiling "
                + "(raw_get_ceiling, measured in the same run through the same proxy, once per reads-in-flight "
                + "value): " + RawGetCeiling.METHOD.formatted(RawGetCeiling.MEASURED.toSeconds())
                + "; fraction_of_get_bound = events/s / events_per_second_bound");
        Map<Integer, ObjectNode> ceilings = new HashMap<>();
        for (String layout : List.of("v2", "v1")) {
            String bucket = "latency-" + layout;
            long written = createAndFill(work, s3.direct(), bucket, events, layout);
            String smallBucket = "latency-" + layout + "-c1";
            long smallWritten = createAndFill(work, s3.direct(), smallBucket, singleReadEvents, layout);
            for (int concurrency : CURVE) {
                if (!ceilings.containsKey(concurrency)) {
                    ceilings.put(concurrency, RawGetCeiling.measure(IndexerRun.env(runner.server().withDatabase(
                            "bench_ceiling"), "bench_ceiling", s3Env(bucket, s3.delayed(), concurrency), layout,
                            batchSize), concurrency));
                }
                boolean single = concurrency == 1;
                ObjectNode run = runner.run(new IndexerRun.Spec("bench_lat_" + layout + "_" + concurrency,
                        s3Env(single ? smallBucket : bucket, s3.delayed(), concurrency), layout, batchSize,
                        s3.handle(), ObjectStoreLocation::open, true, false));
                run.put("latency_ms", LATENCY.toMillis());
                judge(run, single ? smallWritten : written);
                ObjectNode ceiling = ceilings.get(concurrency);
                run.set("raw_get_ceiling", ceiling);
                run.put("fraction_of_get_bound", Math.round(run.get("events_per_second").asDouble()
                        / ceiling.get("events_per_second_bound").asDouble() * 1000) / 1000.0);
                boolean isDefault = concurrency == SourceSettings.DEFAULT_READ_CONCURRENCY;
                run.put("default", isDefault);
                if (single) {
                    run.put("note", "a smaller workload (" + smallWritten + " events): one read in flight at "
                            + LATENCY.toMillis() + " ms reads about 20 events/s");
                }
                if (isDefault) {
                    run.put("target_events_per_second", 3_000);
                    run.put("meets_target", run.get("events_per_second").asDouble() >= 3_000);
                }
                curve.add(run);
                System.out.printf("latency %d ms, %s, %d reads in flight: %s events/s (store's GET bound %s), %s ms "
                        + "CPU/event%n", LATENCY.toMillis(), layout, concurrency, run.get("events_per_second"),
                        ceiling.get("events_per_second_bound"), run.get("indexer_cpu_ms_per_event"));
                write(results, report);
            }
        }
    }

    /** Creates {@code bucket} on the S3 server and writes a workload into it; returns its event count. */
    static long createAndFill(Path work, URI endpoint, String bucket, long events, String layout)
            throws Exception {
        S3Config config = S3Config.builder(bucket).endpoint(endpoint).pathStyle(true)
                .credentials(new S3Credentials(S3ServerJvm.ACCESS_KEY, S3ServerJvm.SECRET_KEY, null)).build();
        try (var admin = S3ClientFactory.create(config)) {
            admin.createBucket(b -> b.bucket(bucket));
        }
        try (ObjectStore store = S3ObjectStore.open(config)) {
            return simulate(work, store, events, layout).events();
        }
    }

    /** The source settings of a bucket on the S3 server; {@code readConcurrency} null keeps the default. */
    static Map<String, String> s3Env(String bucket, URI endpoint, Integer readConcurrency) {
        Map<String, String> env = new HashMap<>(Map.of(
                "REZ_RESTORE_INDEXER_SOURCE_BUCKET", bucket,
                "REZ_RESTORE_INDEXER_SOURCE_REGION", S3Config.DEFAULT_REGION,
                "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", endpoint.toString(),
                "REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "true",
                "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", S3ServerJvm.ACCESS_KEY,
                "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", S3ServerJvm.SECRET_KEY));
        if (readConcurrency != null) {
            env.put("REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY", readConcurrency.toString());
        }
        return env;
    }

    private static Map<String, String> fsEnv(Path objects) {
        return new HashMap<>(Map.of("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString()));
    }

    /** Written after each run, so a later failure keeps the figures already measured. */
    private static void write(Path results, ObjectNode report) throws java.io.IOException {
        BenchReports.write(results, "indexer.json", report);
    }

    private static void print(ObjectNode run) {
        System.out.printf("%s: %,d events in %.2f s = %,.0f events/s; CPU/event: indexer %s ms, postgres %s ms, "
                        + "S3 server %s ms; idle cores %s%n  ceiling %s, read-only %s%n  profile: %s%n",
                run.get("source").asText(), run.get("events_indexed").asLong(), run.get("seconds").asDouble(),
                run.get("events_per_second").asDouble(), run.get("indexer_cpu_ms_per_event"),
                run.get("postgres_cpu_ms_per_event"), run.get("s3_server_cpu_ms_per_event"),
                run.get("machine_idle_cores"), run.get("ceiling_events_per_second"), run.get("read_only"),
                run.get("profile_share_of_samples"));
    }

    /**
     * Judges a run against the workload it indexed: every event indexed once, nothing quarantined, and every
     * partition complete (no hole left above its frontier). A run that fails is not a figure worth reporting.
     */
    static void judge(ObjectNode run, long expected) {
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
        keyringFile.activeKeyCreatingIfMissing(IndexerRun.TENANT, new SecureRandom(), Instant.now());
        Keyring keyring = keyringFile.load();
        SimulationOptions options = SimulationOptions.builder()
                .tenant(IndexerRun.TENANT).instance("bench-01").source(IndexerRun.SOURCE_URI)
                .tables(List.of("incident", "problem", "cmdb_ci", "sys_attachment"))
                .records((int) Math.max(100, events / 20)).events(events)
                .start(Instant.parse("2026-01-01T00:00:00Z")).days(30).seed(42)
                .layout(LayoutVersion.parse(layout)).partitions(8).build();
        try (GroundTruthFile truth = new GroundTruthFile(work.resolve("truth-" + System.nanoTime() + ".jsonl"))) {
            return WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        }
    }
}
