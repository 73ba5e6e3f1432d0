package io.rezilient.restore.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.Capability;
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
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Dry-run planning and target-reconciliation finalize of the restore service over real HTTP, for a table scope of
 * 10,000 and of 100,000 records (targets: dry-run + finalize under 5 s and under 60 s). The workloads are captured by
 * {@link WorkloadSimulator} (one table, three events per record, layout v2) into a filesystem object store and
 * indexed by the real indexer into a throwaway local PostgreSQL; the service runs as a child JVM with a fixed
 * {@code -Xmx} whose used heap is sampled every 2 ms. Writes {@code bench/results/plans.json}.
 *
 * <p>Usage: {@code scripts/bench plans [RECORDS,RECORDS…] [SERVICE_XMX]} (defaults {@code 10000,100000} and
 * {@code 1g}). {@code -Drez.bench.jfr=DIR} records a JFR profile of the service JVM into {@code DIR}.
 */
public final class PlansBenchmark {
    private static final String TENANT = "tenant-bench";
    private static final String SOURCE = "sn://bench.service-now.com";
    private static final String TABLE = "incident";
    private static final int EVENTS_PER_RECORD = 3;
    private static final Instant WORKLOAD_START = Instant.parse("2026-11-01T00:00:00Z");
    /** Short enough that every partition has an event within the service's 120 s freshness window of the end. */
    private static final Duration WORKLOAD_SPAN = Duration.ofHours(6);
    private static final String SECRET = "plans-benchmark-signing-secret";
    private static final String PROTOCOL = "REZBENCH ";
    private static final int WARM_UP_RECORDS = 2_000;
    /** A plain mapper: the project's {@link Json#mapper()} refuses trailing tokens, which a streamed read has. */
    private static final ObjectMapper STREAMING = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private PlansBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length > 0
                ? Stream.of(args[0].split(",")).map(String::trim).map(Integer::parseInt).toList()
                : List.of(10_000, 100_000);
        String xmx = args.length > 1 ? args[1] : "512m";
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = Json.mapper().createObjectNode();
        report.put("benchmark", "restore service plans: POST /v1/plans/dry-run + POST "
                + "…/target-reconciliation/finalize over HTTP, table scope");
        report.put("measured_at", IsoUtc.format(Instant.now()));
        report.put("machine", machine());
        report.put("service_heap_max", xmx);
        report.put("method", "WorkloadSimulator (layout v2, 8 partitions, table incident only, 6 hours, "
                + EVENTS_PER_RECORD + " events per record: every record created, then updates and some deletes; "
                + "real encrypted artifact bodies, ~600-700 bytes with an AES-GCM row_enc) writes each workload — "
                + "one instance id per size — "
                + "into one filesystem object store (ext4); the real indexer (IndexerRuntime, v2_primary, runOnce "
                + "until empty) indexes them into one migrated database of a throwaway local PostgreSQL "
                + "(LocalPostgres.throwaway); the sources are registered in rez_restore.source_registry. The "
                + "service runs as a child JVM (-Xmx" + xmx + ", no -Xms, default GC: G1) on that database and "
                + "object store, "
                + "ServiceRuntime.open(ServiceSettings.fromEnv(env), fixed clock 5 s after the workload's end) with "
                + "RRS_MAX_JSON_BODY_BYTES raised to 64 MiB (the finalize body of 100,000 records is ~9 MB; the "
                + "default cap is 1 MiB); a used-heap sampler thread in the service JVM "
                + "(MemoryMXBean.getHeapMemoryUsage().getUsed() every 2 ms, after a System.gc() before each phase) "
                + "gives the peak used heap per phase (garbage included: what the heap had to hold); a GC "
                + "notification listener gives the peak heap after a collection in the phase "
                + "(service_peak_heap_live_after_gc_mb_*; 0 when none ran). Client: java.net.http over loopback "
                + "HTTP/1.1 with an HS256 "
                + "dev token; dry-run: PIT 1 s after the workload's end, scope {mode: table, tables: [incident]}, "
                + "missing_row_mode explicit_insert; the response is consumed as a stream (Jackson streaming "
                + "parser, keeping only target_reconciliation_records). Finalize: every target_reconciliation_record, "
                + "target_state missing for records whose winner is a delete, else exists. seconds = wall time from "
                + "sending the request to the last response byte; seconds_to_headers = until the status line (the "
                + "service sends it once the draft is stored / the plan finalised, then streams the rows). A warm-up "
                + "plan of " + WARM_UP_RECORDS + " records runs first in the same service JVM.");
        ObjectNode targets = report.putObject("targets_total_seconds");
        targets.put("10000", 5);
        targets.put("100000", 60);
        ArrayNode runs = report.putArray("runs");

        LocalPostgres postgres = LocalPostgres.throwaway();
        PgUrl server = PgUrl.parse(postgres.start());
        Path work = Files.createTempDirectory("rez-plans-bench-");
        Process service = null;
        try {
            report.put("postgresql", postgresVersion(server));
            Path objects = work.resolve("objects");
            List<Integer> all = new ArrayList<>();
            all.add(WARM_UP_RECORDS);
            all.addAll(sizes);
            Map<Integer, ObjectNode> preparation = new HashMap<>();
            Instant end = null;
            try (ObjectStore store = new FileSystemObjectStore(objects, false)) {
                for (int records : all) {
                    long started = System.nanoTime();
                    SimulationSummary summary = simulate(work, store, records);
                    ObjectNode prep = Json.mapper().createObjectNode();
                    prep.put("capture_seconds", seconds(started));
                    prep.put("events_captured", summary.events());
                    preparation.put(records, prep);
                    end = WORKLOAD_START.plus(WORKLOAD_SPAN);
                    System.out.printf("captured %,d records (%,d events) in %.1f s%n", records, summary.events(),
                            prep.get("capture_seconds").asDouble());
                }
            }
            PgUrl database = createDatabase(server, "bench_plans");
            long indexStarted = System.nanoTime();
            long indexed = index(database, objects);
            double indexSeconds = seconds(indexStarted);
            System.out.printf("indexed %,d events in %.1f s%n", indexed, indexSeconds);
            PostgresSourceRegistry registry = new PostgresSourceRegistry(database.dataSource());
            for (int records : all) {
                registry.add(scope(records), List.of("rrs"), LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                        LifecycleState.ACTIVE, "plans-benchmark");
            }

            Instant now = end.plusSeconds(5);
            Path serviceLog = work.resolve("service.log");
            service = startService(database, objects, now, xmx, serviceLog);
            ServiceChannel channel = new ServiceChannel(service);
            int port = Integer.parseInt(channel.await("listening"));
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            Instant pit = end.plusSeconds(1);

            ObjectNode warm = plan(channel, port, clock, WARM_UP_RECORDS, pit, "warm-up");
            System.out.println("warm-up: " + warm);
            for (int records : sizes) {
                ObjectNode run = plan(channel, port, clock, records, pit, "plan-" + records);
                run.put("events_indexed_for_scope", countEvents(database, records));
                run.set("preparation", preparation.get(records));
                Integer target = switch (records) {
                    case 10_000 -> 5;
                    case 100_000 -> 60;
                    default -> null;
                };
                if (target != null) {
                    run.put("target_total_seconds", target);
                    run.put("meets_target", run.get("total_seconds").asDouble() < target);
                }
                runs.add(run);
                System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(run));
                write(results, report);
            }
            ObjectNode index = report.putObject("preparation_index");
            index.put("events_indexed_all_workloads", indexed);
            index.put("seconds", indexSeconds);
            channel.send("exit");
            service.waitFor(30, TimeUnit.SECONDS);
        } finally {
            if (service != null && service.isAlive()) {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
            deleteRecursively(work);
            postgres.destroy();
        }
        write(results, report);
        System.out.println("wrote " + results.resolve("plans.json"));
        System.exit(0);
    }

    /** One dry-run + finalize of the whole table of workload {@code records}; its figures. */
    private static ObjectNode plan(ServiceChannel channel, int port, Clock clock, int records, Instant pit,
                                   String planId) throws Exception {
        ResourceScope scope = scope(records);
        String token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(scope, "bench-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofHours(2)));
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("records", records);

        channel.send("reset");
        channel.await("reset");
        byte[] dryRunBody = Json.write(dryRun(scope, planId, pit)).getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(post(port, token, "/v1/plans/dry-run", dryRunBody),
                HttpResponse.BodyHandlers.ofInputStream());
        double toHeaders = seconds(started);
        Consumed dryRun = consume(response.body());
        double dryRunSeconds = seconds(started);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("dry-run answered " + response.statusCode() + ": " + dryRun.fields);
        }
        channel.send("peak");
        long[] dryRunPeak = longs(channel.await("peak"));

        channel.send("reset");
        channel.await("reset");
        byte[] finalizeBody = finalizeBody(dryRun.reconcile);
        started = System.nanoTime();
        HttpResponse<InputStream> finalized = HTTP.send(post(port, token, "/v1/plans/" + planId
                + "/target-reconciliation/finalize", finalizeBody), HttpResponse.BodyHandlers.ofInputStream());
        double finalizeToHeaders = seconds(started);
        Consumed finalize = consume(finalized.body());
        double finalizeSeconds = seconds(started);
        if (finalized.statusCode() != 201) {
            throw new IllegalStateException("finalize answered " + finalized.statusCode() + ": " + finalize.fields);
        }
        channel.send("peak");
        long[] finalizePeak = longs(channel.await("peak"));

        JsonNode counts = dryRun.fields.path("plan").path("action_counts");
        run.put("plan_rows", dryRun.pitResolutions);
        run.put("target_reconciliation_records", dryRun.reconcile.size());
        run.set("action_counts", counts);
        run.put("gate_reason_code", dryRun.fields.path("gate").path("reason_code").asText());
        run.put("dry_run_seconds", round(dryRunSeconds));
        run.put("dry_run_seconds_to_headers", round(toHeaders));
        run.put("dry_run_response_bytes", dryRun.bytes);
        run.put("finalize_request_bytes", finalizeBody.length);
        run.put("finalize_seconds", round(finalizeSeconds));
        run.put("finalize_seconds_to_headers", round(finalizeToHeaders));
        run.put("finalize_response_bytes", finalize.bytes);
        run.put("finalized_record_count", finalize.fields.path("finalized_record_count").asLong());
        run.put("plan_hash", finalize.fields.path("plan").path("plan_hash").asText());
        run.put("total_seconds", round(dryRunSeconds + finalizeSeconds));
        run.put("service_peak_heap_used_mb", mb(Math.max(dryRunPeak[0], finalizePeak[0])));
        run.put("service_peak_heap_used_mb_dry_run", mb(dryRunPeak[0]));
        run.put("service_peak_heap_used_mb_finalize", mb(finalizePeak[0]));
        run.put("service_peak_heap_live_after_gc_mb_dry_run", mb(dryRunPeak[1]));
        run.put("service_peak_heap_live_after_gc_mb_finalize", mb(finalizePeak[1]));
        run.put("service_heap_committed_mb", mb(Math.max(dryRunPeak[2], finalizePeak[2])));
        return run;
    }

    private static ObjectNode dryRun(ResourceScope scope, String planId, Instant pit) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope.tenantId()).put("instance_id", scope.instanceId()).put("source", scope.source())
                .put("plan_id", planId).put("requested_by", "bench-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        body.putObject("scope").put("mode", "table").putArray("tables").add(TABLE);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    /** Target state: a record whose PIT winner is a delete is missing (the PIT is after the last event). */
    private static byte[] finalizeBody(List<String[]> reconcile) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(reconcile.size() * 100 + 100);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("finalized_by", "bench-operator");
            json.writeArrayFieldStart("reconciled_records");
            for (String[] record : reconcile) {
                json.writeStartObject();
                json.writeStringField("table", record[0]);
                json.writeStringField("record_sys_id", record[1]);
                json.writeStringField("target_state", "D".equals(record[2]) ? "missing" : "exists");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static HttpRequest post(int port, String token, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** What the client keeps of a plan response: small top-level fields, the records to reconcile, counts. */
    private static final class Consumed {
        final ObjectNode fields = Json.mapper().createObjectNode();
        final List<String[]> reconcile = new ArrayList<>();
        long pitResolutions;
        long bytes;
    }

    /** Reads a plan response as a stream, never as one tree. */
    private static Consumed consume(InputStream body) throws IOException {
        Consumed consumed = new Consumed();
        AtomicLong count = new AtomicLong();
        try (InputStream in = new CountingStream(body, count);
             JsonParser json = STREAMING.getFactory().createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the plan response is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "pit_resolutions" -> {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            json.skipChildren();
                            consumed.pitResolutions++;
                        }
                    }
                    case "target_reconciliation_records" -> {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode record = json.readValueAsTree();
                            consumed.reconcile.add(new String[] {record.path("table").asText(),
                                    record.path("record_sys_id").asText(), record.path("source_operation").asText()});
                        }
                    }
                    case "plan_hash_input", "delete_candidates", "media_candidates" -> json.skipChildren();
                    default -> consumed.fields.set(name, json.readValueAsTree());
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
        }
        consumed.bytes = count.get();
        return consumed;
    }

    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }

    private static ResourceScope scope(int records) {
        return new ResourceScope(TENANT, "bench-" + records, SOURCE);
    }

    private static SimulationSummary simulate(Path work, ObjectStore store, int records) throws Exception {
        KeyringFile keyringFile = new KeyringFile(work.resolve("keyring.json"));
        keyringFile.activeKeyCreatingIfMissing(TENANT, new SecureRandom(), Instant.now());
        Keyring keyring = keyringFile.load();
        SimulationOptions options = SimulationOptions.builder()
                .tenant(TENANT).instance(scope(records).instanceId()).source(SOURCE)
                .tables(List.of(TABLE)).records(records).events((long) records * EVENTS_PER_RECORD)
                .start(WORKLOAD_START).span(WORKLOAD_SPAN).seed(42 + records)
                .layout(LayoutVersion.parse("v2")).partitions(8).requireEmptyDestination(false).build();
        try (GroundTruthFile truth = new GroundTruthFile(work.resolve("truth-" + records + ".jsonl"))) {
            return WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        }
    }

    private static PgUrl createDatabase(PgUrl server, String name) throws Exception {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        PgUrl database = server.withDatabase(name);
        Migrations.migrate(database.dataSource());
        return database;
    }

    /** {@code rez indexer once}'s loop over the whole object store; the rows indexed. */
    private static long index(PgUrl database, Path objects) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", SimulationOptions.DEFAULT_PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-bench-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "bench_plans");
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", SOURCE);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            IndexerWorker worker = runtime.worker().orElseThrow();
            while (true) {
                BatchSummary batch = worker.runOnce();
                if (!batch.leader()) {
                    throw new IllegalStateException("the benchmark indexer is not the leader");
                }
                if (batch.empty()) {
                    break;
                }
            }
            worker.close();
        }
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA + ".index_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countEvents(PgUrl database, int records) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA
                     + ".index_events WHERE instance_id = '" + scope(records).instanceId() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String postgresVersion(PgUrl server) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (LocalPostgres.throwaway, same machine)";
        }
    }

    private static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String cpu = "unknown cpu";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave it unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "; shared by the service JVM, the "
                + "benchmark client and PostgreSQL), " + (memory >> 30) + " GiB RAM, java " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static Process startService(PgUrl database, Path objects, Instant now, String xmx, Path log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
        String jfr = System.getProperty("rez.bench.jfr");
        if (jfr != null) {
            Files.createDirectories(Path.of(jfr));
            command.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).resolve("service.jfr")
                    + ",settings=profile");
        }
        command.addAll(List.of("-Drez.bench.clock=" + IsoUtc.format(now), "-cp", System.getProperty("java.class.path"),
                ServiceProcess.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        KeyPair evidence = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> env = builder.environment();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_OBJECT_STORE_ROOT", objects.toString());
        env.put("RRS_AUTH_SIGNING_KEY", SECRET);
        env.put("RRS_ADMIN_TOKEN", "plans-benchmark-admin-token");
        env.put("RRS_MAX_JSON_BODY_BYTES", Integer.toString(64 << 20));
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", evidence.getPrivate().getEncoded()));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", evidence.getPublic().getEncoded()));
        return builder.start();
    }

    /** Line protocol with the service JVM: commands on its stdin, {@code REZBENCH <name> <value>} on its stdout. */
    private static final class ServiceChannel {
        private final Process process;
        private final BufferedReader out;

        ServiceChannel(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String command) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String await(String name) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(PROTOCOL + name + " ")) {
                    return line.substring((PROTOCOL + name + " ").length()).trim();
                }
            }
            throw new IOException("the service JVM ended before answering " + name);
        }
    }

    /**
     * The service JVM: the restore service on the environment's settings and a fixed clock, plus a used-heap
     * sampler; answers {@code reset} (GC, forget the peak), {@code peak} and {@code exit} on stdin.
     */
    public static final class ServiceProcess {
        private ServiceProcess() {
        }

        public static void main(String[] args) throws Exception {
            PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            // the service's logs go to stderr (the log file), stdout carries the protocol only
            System.setOut(System.err);
            Clock clock = Clock.fixed(Instant.parse(System.getProperty("rez.bench.clock")), ZoneOffset.UTC);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong();
            AtomicLong peakAfterGc = new AtomicLong();
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) notification.getUserData());
                    long after = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        var usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        if (pool.getType() == MemoryType.HEAP && usage != null) {
                            after += usage.getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(after, Math::max);
                }, null, null);
            }
            Thread sampler = Thread.ofPlatform().daemon().name("rez-bench-heap-sampler").start(() -> {
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(System.getenv()), clock)) {
                int port = runtime.start("127.0.0.1", 0);
                protocol.println(PROTOCOL + "listening " + port);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String command;
                while ((command = in.readLine()) != null) {
                    switch (command.trim()) {
                        case "reset" -> {
                            System.gc();
                            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                                if (pool.getType() == MemoryType.HEAP) {
                                    pool.resetPeakUsage();
                                }
                            }
                            peak.set(memory.getHeapMemoryUsage().getUsed());
                            peakAfterGc.set(0);
                            protocol.println(PROTOCOL + "reset " + peak.get());
                        }
                        case "peak" -> protocol.println(PROTOCOL + "peak " + peak.get() + " " + peakAfterGc.get()
                                + " " + memory.getHeapMemoryUsage().getCommitted());
                        case "exit" -> {
                            sampler.interrupt();
                            return;
                        }
                        default -> protocol.println(PROTOCOL + "error unknown command " + command);
                    }
                }
            }
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static double seconds(long startedNanos) {
        return round((System.nanoTime() - startedNanos) / 1e9);
    }

    private static long[] longs(String text) {
        return Stream.of(text.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }

    private static void write(Path results, ObjectNode report) throws IOException {
        Files.createDirectories(results);
        Files.writeString(results.resolve("plans.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }

    private static void deleteRecursively(Path dir) throws IOException {
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
