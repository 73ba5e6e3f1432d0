package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restore job routes under load, over real HTTP against the service as a child JVM (the load generator is this JVM):
 * <ol>
 *   <li>{@code POST /v1/jobs} at an offered 100 creations/s, open loop, latency from each request's due time
 *       (target: p99 under 50 ms, no error); every job is completed (or, if still queued, cancelled) a fixed hold
 *       time after it was created, so the queues stay bounded — their depth is sampled and reported;</li>
 *   <li>{@code GET /v1/jobs/{id}} at an offered 3,000 requests/s, open loop, half running and half queued job ids,
 *       after a JIT warm-up (target: at least 3,000/s with p99 under 20 ms, no error), then a closed-loop run for
 *       the most the service answers.</li>
 * </ol>
 * Data: six instances (scopes) of one tenant and source, each captured by {@link WorkloadSimulator} (tables
 * incident, problem, cmdb_ci) and indexed by the real indexer into a throwaway local PostgreSQL; one finalised,
 * executable plan per scope covers all three tables, so jobs lock one or two of 18 (scope, table) keys.
 * Writes {@code bench/results/jobs.json}.
 *
 * <p>Usage: {@code scripts/bench jobs [CREATE_RATE] [CREATE_SECONDS] [GET_RATE] [GET_SECONDS] [HOLD_MS]} (defaults
 * 100, 60, 3000, 30, 1000). {@code -Drez.bench.jfr=DIR} records a JFR profile of the service JVM.
 */
public final class JobsBenchmark {
    private static final String TENANT = "tenant-bench";
    private static final String SOURCE = "sn://bench.service-now.com";
    private static final int SCOPES = 6;
    private static final List<String> TABLES = List.of("cmdb_ci", "incident", "problem");
    private static final int RECORDS_PER_SCOPE = 300;
    private static final Instant WORKLOAD_START = Instant.parse("2026-11-01T00:00:00Z");
    /** Short, so that every partition's newest event is within the 120 s freshness window: plans are executable. */
    private static final Duration WORKLOAD_SPAN = Duration.ofMinutes(10);
    private static final String SECRET = "jobs-benchmark-hs256-signing-secret-0123456789";
    private static final String PLAN_ID = "plan-jobs-bench";
    private static final String SERVICE_XMX = "512m";
    private static final Duration CREATE_WARM_UP = Duration.ofSeconds(15);
    private static final Duration GET_WARM_UP = Duration.ofSeconds(20);
    private static final Duration SATURATION = Duration.ofSeconds(15);
    private static final int SATURATION_CONNECTIONS = 16;
    /** Per scope and table, the jobs of the read phase: the first runs, the others queue behind it. */
    private static final int READ_JOBS_PER_KEY = 4;
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private JobsBenchmark() {
    }

    /** One scope: its token, its finalised plan and the encoded request line parts. */
    private record Scope(ResourceScope scope, String token, String planHash) {
    }

    public static void main(String[] args) throws Exception {
        double createRate = args.length > 0 ? Double.parseDouble(args[0]) : 100;
        Duration createFor = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        double getRate = args.length > 2 ? Double.parseDouble(args[2]) : 3000;
        Duration getFor = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 30);
        Duration hold = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 1000);
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = BenchReports.header("restore service jobs: POST /v1/jobs (open loop, with "
                + "completions) and GET /v1/jobs/{id} (open loop, then closed loop) over HTTP", SERVICE_XMX);
        report.put("method", method(createRate, hold, getRate));
        ObjectNode parameters = report.putObject("parameters");
        parameters.put("scopes", SCOPES);
        parameters.put("tables_per_scope", TABLES.size());
        parameters.put("lock_keys", SCOPES * TABLES.size());
        parameters.put("create_offered_per_second", createRate);
        parameters.put("create_measured_seconds", createFor.toSeconds());
        parameters.put("create_warm_up_seconds", CREATE_WARM_UP.toSeconds());
        parameters.put("job_hold_ms", hold.toMillis());
        parameters.put("get_offered_per_second", getRate);
        parameters.put("get_measured_seconds", getFor.toSeconds());
        parameters.put("get_warm_up_seconds", GET_WARM_UP.toSeconds());
        parameters.put("get_saturation_connections", SATURATION_CONNECTIONS);
        parameters.put("get_saturation_seconds", SATURATION.toSeconds());
        ObjectNode targets = report.putObject("targets");
        targets.put("create_p99_ms_below", 50);
        targets.put("create_offered_per_second", 100);
        targets.put("get_throughput_per_second_at_least", 3000);
        targets.put("get_p99_ms_below", 20);

        try (BenchEnvironment environment = BenchEnvironment.start("rez-jobs-bench-")) {
            report.put("postgresql", BenchReports.postgresVersion(environment.server()));
            Path objects = environment.work().resolve("objects");
            PgUrl database = prepare(environment.server(), environment.work(), objects, report);

            Instant now = WORKLOAD_START.plus(WORKLOAD_SPAN).plusSeconds(5);
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            try (ServiceJvm service = ServiceJvm.start(database, objects, new ServiceJvm.Options(SERVICE_XMX, now,
                    SECRET, Map.of(), false, environment.work().resolve("service.log")));
                 RawHttp http = new RawHttp("127.0.0.1", service.port());
                 Connection db = database.dataSource().getConnection()) {
                List<Scope> scopes = new ArrayList<>();
                for (int s = 0; s < SCOPES; s++) {
                    scopes.add(finalisedPlan(service.port(), clock, scope(s), now.minusSeconds(4)));
                }
                System.out.println("plans finalised and executable in " + SCOPES + " scopes");
                CreatePhase warm = new CreatePhase(http, scopes, hold, 1);
                ObjectNode warmUp = warm.run(createRate, CREATE_WARM_UP, db, service.handle());
                report.putObject("create_warm_up").setAll(Map.of("latency", warmUp.get("latency"),
                        "error_samples", warmUp.get("error_samples")));
                System.out.println("create warm-up: " + warmUp);
                CreatePhase measured = new CreatePhase(http, scopes, hold, 2);
                ObjectNode create = measured.run(createRate, createFor, db, service.handle());
                create.put("target_p99_ms", 50);
                create.put("meets_target", create.path("latency").path("p99_ms").asDouble() < 50
                        && create.path("latency").path("errors").asInt() == 0);
                report.set("create", create);
                System.out.println("create: " + create.toPrettyString());
                BenchReports.write(results, "jobs.json", report);

                ObjectNode read = readPhase(http, scopes, getRate, getFor, service.handle());
                report.set("get", read);
                System.out.println("get: " + read.toPrettyString());
                report.put("jobs_table_rows_at_end", count(db, "SELECT count(*) FROM rez_restore.jobs"));
                report.put("job_events_rows_at_end", count(db, "SELECT count(*) FROM rez_restore.job_events"));
            }
            BenchReports.write(results, "jobs.json", report);
        }
        System.out.println("wrote " + results.resolve("jobs.json"));
        System.exit(0);
    }

    /** Captures and indexes one workload per scope into a fresh database and registers the sources. */
    private static PgUrl prepare(PgUrl server, Path work, Path objects, ObjectNode report) throws Exception {
        long started = System.nanoTime();
        long events = 0;
        try (ObjectStore store = new FileSystemObjectStore(objects, false)) {
            for (int s = 0; s < SCOPES; s++) {
                events += BenchWorkloads.simulate(work, store, new BenchWorkloads.Workload(TENANT,
                        scope(s).instanceId(), SOURCE, TABLES, RECORDS_PER_SCOPE, RECORDS_PER_SCOPE * 3L,
                        WORKLOAD_START, WORKLOAD_SPAN, 7 + s)).events();
            }
        }
        double captureSeconds = BenchReports.seconds(started);
        PgUrl database = BenchWorkloads.createDatabase(server, "bench_jobs");
        started = System.nanoTime();
        long indexed = BenchWorkloads.index(database, objects, "bench_jobs", SOURCE);
        PostgresSourceRegistry registry = new PostgresSourceRegistry(database.dataSource());
        for (int s = 0; s < SCOPES; s++) {
            registry.add(scope(s), List.of("rrs"), LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                    LifecycleState.ACTIVE, "jobs-benchmark");
        }
        ObjectNode preparation = report.putObject("preparation");
        preparation.put("events_captured", events);
        preparation.put("capture_seconds", captureSeconds);
        preparation.put("events_indexed", indexed);
        preparation.put("index_seconds", BenchReports.seconds(started));
        System.out.printf("captured %,d events, indexed %,d%n", events, indexed);
        return database;
    }

    private static ResourceScope scope(int s) {
        return new ResourceScope(TENANT, "jobs-" + (s + 1), SOURCE);
    }

    /** Dry-run and finalise the scope's plan over all tables; refuses to go on unless its gate is executable. */
    private static Scope finalisedPlan(int port, Clock clock, ResourceScope scope, Instant pit) throws Exception {
        String token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(scope, "bench-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofHours(4)));
        byte[] body = Json.write(PlanRequests.dryRunBody(scope, PLAN_ID, pit, TABLES)).getBytes(StandardCharsets.UTF_8);
        PlanRequests.Consumed dryRun = PlanRequests.exchange(PlanRequests.post(port, token, "/v1/plans/dry-run",
                body), 202, "dry-run").body();
        PlanRequests.Consumed finalized = PlanRequests.exchange(PlanRequests.post(port, token, "/v1/plans/"
                + PLAN_ID + "/target-reconciliation/finalize", PlanRequests.finalizeBody(dryRun.reconcile)), 201,
                "finalize").body();
        JsonNode gate = finalized.fields.path("gate").isMissingNode()
                ? dryRun.fields.path("gate") : finalized.fields.path("gate");
        if (!"executable".equals(gate.path("executability").asText())) {
            throw new IllegalStateException("the plan of " + scope + " is not executable: " + gate);
        }
        return new Scope(scope, token, finalized.fields.path("plan").path("plan_hash").asText());
    }

    /**
     * The creation load: request {@code i} creates a job in scope {@code i % SCOPES} on one table (80 %) or two
     * (20 %), chosen by a seeded random; {@code hold} after its due time the job is completed if it runs, cancelled
     * if it still waits. The queue depth is sampled every second from the database.
     */
    private static final class CreatePhase {
        private final RawHttp http;
        private final List<Scope> scopes;
        private final Duration hold;
        private final long seed;
        private final Map<String, String> lastKnownStatus = new ConcurrentHashMap<>();
        private final AtomicInteger completes = new AtomicInteger();
        private final AtomicInteger cancels = new AtomicInteger();
        private final AtomicInteger createdRunning = new AtomicInteger();
        private final AtomicInteger createdQueued = new AtomicInteger();
        private final List<Long> completionLatency = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger completionErrors = new AtomicInteger();
        private final List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        private LoadRunner.Run creates;

        CreatePhase(RawHttp http, List<Scope> scopes, Duration hold, long seed) {
            this.http = http;
            this.scopes = scopes;
            this.hold = hold;
            this.seed = seed;
        }

        ObjectNode run(double rate, Duration duration, Connection db, ProcessHandle service) throws Exception {
            int n = (int) Math.round(rate * duration.toSeconds());
            byte[][] requests = new byte[n][];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                Scope scope = scopes.get(i % scopes.size());
                List<String> tables = new ArrayList<>(TABLES);
                java.util.Collections.shuffle(tables, new java.util.Random(random.nextLong()));
                requests[i] = RawHttp.request("POST", "/v1/jobs", http.hostHeader(), scope.token(),
                        createBody(scope, tables.subList(0, random.nextInt(10) < 8 ? 1 : 2)));
            }
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            QueueSampler sampler = new QueueSampler(db);
            ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
            sampling.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
            sampling.scheduleAtFixedRate(sampler::sampleBackends, 100, 100, TimeUnit.MILLISECONDS);
            CpuMeter.Sample before = CpuMeter.sample(service);
            long phaseStart = System.nanoTime();
            creates = LoadRunner.openLoop(rate, duration, DRAIN, i -> {
                long due = System.nanoTime();
                RawHttp.Response response = http.exchange(requests[i]);
                if (response.status() != 201) {
                    sampleError("create " + response.status() + " " + response.text());
                    return false;
                }
                JsonNode job = Json.parse(response.text()).path("job");
                String id = job.path("job_id").asText();
                String status = job.path("status").asText();
                (("running".equals(status)) ? createdRunning : createdQueued).incrementAndGet();
                lastKnownStatus.putIfAbsent(id, status);
                long delay = Math.max(0, hold.toNanos() - (System.nanoTime() - due));
                timer.schedule(() -> Thread.ofVirtual().start(() -> complete(scopes.get(i % scopes.size()), id)),
                        delay, TimeUnit.NANOSECONDS);
                return true;
            });
            CpuMeter.Sample after = CpuMeter.sample(service);
            sampling.shutdown();
            sampling.awaitTermination(10, TimeUnit.SECONDS);
            // let the last completions fire and answer
            timer.shutdown();
            timer.awaitTermination(hold.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            long waitUntil = System.nanoTime() + DRAIN.toNanos();
            while (completes.get() + cancels.get() + completionErrors.get() < n - creates.errors()
                    && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            double phaseSeconds = BenchReports.seconds(phaseStart);

            ObjectNode json = Json.mapper().createObjectNode();
            json.set("latency", creates.summary(i -> true));
            json.put("latency_measured_from", "each request's scheduled send time (open loop)");
            json.put("max_dispatch_lag_ms", LoadRunner.ms(creates.maxDispatchLagNanos()));
            json.put("created_running", createdRunning.get());
            json.put("created_queued", createdQueued.get());
            ObjectNode completion = json.putObject("completion");
            completion.put("completed_running_jobs", completes.get());
            completion.put("cancelled_queued_jobs", cancels.get());
            completion.put("errors", completionErrors.get());
            long[] latencies = completionLatency.stream().mapToLong(Long::longValue).sorted().toArray();
            completion.put("p50_ms", LoadRunner.ms(latencies.length == 0 ? 0 : latencies[latencies.length / 2]));
            completion.put("p99_ms", LoadRunner.ms(latencies.length == 0 ? 0
                    : latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)]));
            completion.put("max_ms", LoadRunner.ms(latencies.length == 0 ? 0 : latencies[latencies.length - 1]));
            json.set("queue_depth", sampler.summary());
            json.set("cpu", CpuMeter.between(before, after));
            json.put("phase_seconds_including_drain", phaseSeconds);
            json.put("http_connections_opened_so_far", http.connectionsOpened());
            json.put("stale_idle_connections_dropped_so_far", http.staleConnectionsDropped());
            ArrayNode errors = json.putArray("error_samples");
            errorSamples.forEach(errors::add);
            return json;
        }

        private void complete(Scope scope, String jobId) {
            boolean running = "running".equals(lastKnownStatus.get(jobId));
            byte[] body = ("{\"status\":\"" + (running ? "completed" : "cancelled") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            try {
                RawHttp.Response response = http.exchange(RawHttp.request("POST", "/v1/jobs/" + jobId + "/complete",
                        http.hostHeader(), scope.token(), body));
                completionLatency.add(System.nanoTime() - started);
                if (response.status() != 200) {
                    completionErrors.incrementAndGet();
                    sampleError("complete " + response.status() + " " + response.text());
                    return;
                }
                (running ? completes : cancels).incrementAndGet();
                for (JsonNode promoted : Json.parse(response.text()).path("promoted_job_ids")) {
                    lastKnownStatus.put(promoted.asText(), "running");
                }
                lastKnownStatus.remove(jobId);
            } catch (Exception failure) {
                completionErrors.incrementAndGet();
                sampleError("complete " + failure);
            }
        }

        private void sampleError(String error) {
            if (errorSamples.size() < 5) {
                errorSamples.add(error.length() > 300 ? error.substring(0, 300) : error);
            }
        }
    }

    private static byte[] createBody(Scope scope, List<String> tables) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope.scope().tenantId()).put("instance_id", scope.scope().instanceId())
                .put("source", scope.scope().source()).put("plan_id", PLAN_ID).put("plan_hash", scope.planHash());
        tables.forEach(body.putArray("lock_scope_tables")::add);
        body.putArray("required_capabilities").add(Capability.RESTORE_EXECUTE.wire());
        body.put("requested_by", "bench-operator");
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    /** Non-terminal jobs by status and the longest per-key queue, once a second. */
    private static final class QueueSampler {
        private final Connection db;
        private final List<long[]> samples = new ArrayList<>();
        private final List<long[]> backends = new ArrayList<>();

        QueueSampler(Connection db) {
            this.db = db;
        }

        synchronized void sample() {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT (SELECT count(*) FROM rez_restore.jobs WHERE status = 'running'),
                           (SELECT count(*) FROM rez_restore.jobs WHERE status = 'queued'),
                           (SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM rez_restore.lock_queue
                            GROUP BY tenant_id, instance_id, source, table_name) q)""")) {
                rs.next();
                samples.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            } catch (Exception failure) {
                // a missed sample
            }
        }

        /** Service backends busy in a statement, and those of them waiting for an advisory (scope) lock. */
        synchronized void sampleBackends() {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT count(*) FILTER (WHERE state = 'active'),
                           count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'
                                            AND wait_event = 'advisory')
                    FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""")) {
                rs.next();
                backends.add(new long[] {rs.getLong(1), rs.getLong(2)});
            } catch (Exception failure) {
                // a missed sample
            }
        }

        synchronized ObjectNode summary() {
            ObjectNode json = Json.mapper().createObjectNode();
            json.put("samples", samples.size());
            json.put("mean_running_jobs", mean(0));
            json.put("mean_queued_jobs", mean(1));
            json.put("max_queued_jobs", samples.stream().mapToLong(s -> s[1]).max().orElse(0));
            json.put("max_queue_length_of_one_lock_key", samples.stream().mapToLong(s -> s[2]).max().orElse(0));
            ObjectNode pg = json.putObject("postgres_backends_every_100ms");
            pg.put("samples", backends.size());
            pg.put("mean_active", Math.round(backends.stream().mapToLong(b -> b[0]).average().orElse(0) * 100)
                    / 100.0);
            pg.put("mean_waiting_for_scope_advisory_lock", Math.round(backends.stream().mapToLong(b -> b[1])
                    .average().orElse(0) * 100) / 100.0);
            pg.put("share_of_samples_with_an_advisory_wait", Math.round(backends.stream()
                    .filter(b -> b[1] > 0).count() * 1000.0 / Math.max(1, backends.size())) / 1000.0);
            return json;
        }

        private double mean(int column) {
            return Math.round(samples.stream().mapToLong(s -> s[column]).average().orElse(0) * 10) / 10.0;
        }
    }

    /**
     * Creates the read phase's jobs ({@link #READ_JOBS_PER_KEY} per scope and table, so one running and the rest
     * queued behind it), then reads them: half the requests a running id, half a queued one.
     */
    private static ObjectNode readPhase(RawHttp http, List<Scope> scopes, double rate, Duration duration,
                                       ProcessHandle service) throws Exception {
        List<byte[]> running = new ArrayList<>();
        List<byte[]> queued = new ArrayList<>();
        for (Scope scope : scopes) {
            for (String table : TABLES) {
                for (int j = 0; j < READ_JOBS_PER_KEY; j++) {
                    RawHttp.Response response = http.exchange(RawHttp.request("POST", "/v1/jobs", http.hostHeader(),
                            scope.token(), createBody(scope, List.of(table))));
                    if (response.status() != 201) {
                        throw new IllegalStateException("create answered " + response.status() + ": "
                                + response.text());
                    }
                    JsonNode job = Json.parse(response.text()).path("job");
                    byte[] get = RawHttp.request("GET", "/v1/jobs/" + job.path("job_id").asText(), http.hostHeader(),
                            scope.token(), null);
                    ("running".equals(job.path("status").asText()) ? running : queued).add(get);
                }
            }
        }
        LoadRunner.Call read = i -> {
            List<byte[]> ids = i % 2 == 0 ? running : queued;
            return http.exchange(ids.get((i / 2) % ids.size())).status() == 200;
        };
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("running_job_ids", running.size());
        json.put("queued_job_ids", queued.size());
        json.put("mix", "alternating: even requests read a running job, odd ones a queued job (queue positions 1-"
                + (READ_JOBS_PER_KEY - 1) * TABLES.size() + " within a scope)");

        LoadRunner.Run warm = LoadRunner.openLoop(rate, GET_WARM_UP, DRAIN, read);
        json.set("warm_up", warm.summary(i -> true));
        System.out.println("get warm-up: " + json.get("warm_up"));

        CpuMeter.Sample before = CpuMeter.sample(service);
        LoadRunner.Run measured = LoadRunner.openLoop(rate, duration, DRAIN, read);
        CpuMeter.Sample after = CpuMeter.sample(service);
        ObjectNode open = json.putObject("open_loop");
        open.put("offered_per_second", rate);
        open.set("latency", measured.summary(i -> true));
        open.set("latency_running_ids", measured.summary(i -> i % 2 == 0));
        open.set("latency_queued_ids", measured.summary(i -> i % 2 == 1));
        open.put("latency_measured_from", "each request's scheduled send time (open loop)");
        open.put("max_dispatch_lag_ms", LoadRunner.ms(measured.maxDispatchLagNanos()));
        open.set("cpu", CpuMeter.between(before, after));
        open.put("http_connections_opened_so_far", http.connectionsOpened());
        open.put("stale_idle_connections_dropped_so_far", http.staleConnectionsDropped());
        JsonNode latency = open.get("latency");
        boolean meets = latency.get("throughput_per_second").asDouble() >= 3000 * 0.99
                && rate >= 3000 && latency.get("p99_ms").asDouble() < 20 && latency.get("errors").asInt() == 0;
        open.put("meets_target", meets);

        before = CpuMeter.sample(service);
        LoadRunner.Run closed = LoadRunner.closedLoop(SATURATION_CONNECTIONS, SATURATION, 2_000_000, read);
        after = CpuMeter.sample(service);
        ObjectNode saturation = json.putObject("closed_loop_saturation");
        saturation.put("connections", SATURATION_CONNECTIONS);
        saturation.set("latency", closed.summary(i -> true));
        saturation.set("latency_running_ids", closed.summary(i -> i % 2 == 0));
        saturation.set("latency_queued_ids", closed.summary(i -> i % 2 == 1));
        saturation.set("cpu", CpuMeter.between(before, after));
        return json;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String method(double createRate, Duration hold, double getRate) {
        return "Data: WorkloadSimulator (layout v2, 8 partitions, tables cmdb_ci, incident, problem; "
                + RECORDS_PER_SCOPE + " records and " + RECORDS_PER_SCOPE * 3 + " events per instance over 10 "
                + "minutes) captures " + SCOPES + " instances of one tenant and source into a filesystem object "
                + "store; the real indexer indexes them into a migrated database of a throwaway local PostgreSQL "
                + "(LocalPostgres.throwaway); the sources are registered. The service runs as a child JVM (-Xmx"
                + SERVICE_XMX + ", default GC, ServiceRuntime.open(ServiceSettings.fromEnv(env), fixed clock 5 s after "
                + "the workloads' end), connection pool of 8); one dry-run + finalize per scope over all three tables "
                + "gives " + SCOPES + " finalised, executable plans. Load generator: this JVM (a separate process), "
                + "a minimal HTTP/1.1 client over keep-alive loopback sockets (pooled; a request borrows an idle "
                + "connection or opens one, so the open loop never waits for a connection), an HS256 dev token per "
                + "scope (restore_execute). Open loop: request i is due at start + i/rate; a dispatcher thread "
                + "starts it on a virtual thread at that time regardless of earlier answers and its latency runs "
                + "from the due time to the last response byte (no coordinated omission); max_dispatch_lag_ms is "
                + "how late the dispatcher itself was. Create: " + createRate + "/s, request i in scope i mod "
                + SCOPES + ", lock_scope_tables one random table (80 %) or two (20 %) of the 3, "
                + "required_capabilities [restore_execute]; a " + CREATE_WARM_UP.toSeconds() + " s warm-up "
                + "at the same rate first (not measured); every created job is completed (if running, as far as "
                + "the creation answer and later promotions tell) or cancelled (if queued) " + hold.toMillis()
                + " ms after its due time, so about rate x hold jobs are non-terminal at any time; queue depth is "
                + "sampled from the database every second. Any answer but 201 is an error. GET: "
                + READ_JOBS_PER_KEY + " single-table jobs per (scope, table) are created (1 running + "
                + (READ_JOBS_PER_KEY - 1) + " queued per key); requests alternate running and queued ids; "
                + GET_WARM_UP.toSeconds() + " s warm-up at " + getRate + "/s, then the measured open loop, then a "
                + "closed loop of " + SATURATION_CONNECTIONS + " connections for " + SATURATION.toSeconds()
                + " s (the most it answers). Any answer but 200 is an error. CPU (cpu): cores used during the "
                + "measured phase by this JVM (OperatingSystemMXBean process CPU time), the service JVM "
                + "(ProcessHandle total CPU), all postgres processes (/proc/<pid>/stat) and the rest of the machine "
                + "(/proc/stat); the 2 cores are shared by the service, PostgreSQL and the load generator.";
    }
}
