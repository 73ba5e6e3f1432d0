package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.simulate.SimulationSummary;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final String SECRET = "plans-benchmark-hs256-signing-secret-0123456789";
    private static final int WARM_UP_RECORDS = 2_000;

    private PlansBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length > 0
                ? Stream.of(args[0].split(",")).map(String::trim).map(Integer::parseInt).toList()
                : List.of(10_000, 100_000);
        String xmx = args.length > 1 ? args[1] : "512m";
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = BenchReports.header("restore service plans: POST /v1/plans/dry-run + POST "
                + "…/target-reconciliation/finalize over HTTP, table scope", xmx);
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

        BenchEnvironment environment = BenchEnvironment.start("rez-plans-bench-");
        PgUrl server = environment.server();
        Path work = environment.work();
        ServiceJvm service = null;
        try {
            report.put("postgresql", BenchReports.postgresVersion(server));
            Path objects = work.resolve("objects");
            List<Integer> all = new ArrayList<>();
            all.add(WARM_UP_RECORDS);
            all.addAll(sizes);
            Map<Integer, ObjectNode> preparation = new HashMap<>();
            Instant end = null;
            try (ObjectStore store = new FileSystemObjectStore(objects, false)) {
                for (int records : all) {
                    long started = System.nanoTime();
                    SimulationSummary summary = BenchWorkloads.simulate(work, store, workload(records));
                    ObjectNode prep = Json.mapper().createObjectNode();
                    prep.put("capture_seconds", BenchReports.seconds(started));
                    prep.put("events_captured", summary.events());
                    preparation.put(records, prep);
                    end = WORKLOAD_START.plus(WORKLOAD_SPAN);
                    System.out.printf("captured %,d records (%,d events) in %.1f s%n", records, summary.events(),
                            prep.get("capture_seconds").asDouble());
                }
            }
            PgUrl database = BenchWorkloads.createDatabase(server, "bench_plans");
            long indexStarted = System.nanoTime();
            long indexed = BenchWorkloads.index(database, objects, "bench_plans", SOURCE);
            double indexSeconds = BenchReports.seconds(indexStarted);
            System.out.printf("indexed %,d events in %.1f s%n", indexed, indexSeconds);
            PostgresSourceRegistry registry = new PostgresSourceRegistry(database.dataSource());
            for (int records : all) {
                registry.add(scope(records), List.of("rrs"), LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                        LifecycleState.ACTIVE, "plans-benchmark");
            }

            Instant now = end.plusSeconds(5);
            Path serviceLog = work.resolve("service.log");
            service = ServiceJvm.start(database, objects, new ServiceJvm.Options(xmx, now, SECRET,
                    Map.of("RRS_MAX_JSON_BODY_BYTES", Integer.toString(64 << 20)), true, serviceLog));
            int port = service.port();
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            Instant pit = end.plusSeconds(1);

            ObjectNode warm = plan(service, port, clock, WARM_UP_RECORDS, pit, "warm-up");
            System.out.println("warm-up: " + warm);
            for (int records : sizes) {
                ObjectNode run = plan(service, port, clock, records, pit, "plan-" + records);
                run.put("events_indexed_for_scope", BenchWorkloads.countEvents(database, scope(records).instanceId()));
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
                BenchReports.write(results, "plans.json", report);
            }
            ObjectNode index = report.putObject("preparation_index");
            index.put("events_indexed_all_workloads", indexed);
            index.put("seconds", indexSeconds);
        } finally {
            if (service != null) {
                service.close();
            }
            environment.close();
        }
        BenchReports.write(results, "plans.json", report);
        System.out.println("wrote " + results.resolve("plans.json"));
        System.exit(0);
    }

    /** One dry-run + finalize of the whole table of workload {@code records}; its figures. */
    private static ObjectNode plan(ServiceJvm channel, int port, Clock clock, int records, Instant pit,
                                   String planId) throws Exception {
        ResourceScope scope = scope(records);
        String token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(scope, "bench-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofHours(2)));
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("records", records);

        channel.send("reset");
        channel.await("reset");
        byte[] dryRunBody = Json.write(PlanRequests.dryRunBody(scope, planId, pit, List.of(TABLE)))
                .getBytes(StandardCharsets.UTF_8);
        PlanRequests.Answer dryRunAnswer =
                PlanRequests.exchange(PlanRequests.post(port, token, "/v1/plans/dry-run", dryRunBody), 202, "dry-run");
        PlanRequests.Consumed dryRun = dryRunAnswer.body();
        double toHeaders = dryRunAnswer.secondsToHeaders();
        double dryRunSeconds = dryRunAnswer.seconds();
        channel.send("peak");
        long[] dryRunPeak = longs(channel.await("peak"));

        channel.send("reset");
        channel.await("reset");
        byte[] finalizeBody = PlanRequests.finalizeBody(dryRun.reconcile);
        PlanRequests.Answer finalizeAnswer = PlanRequests.exchange(PlanRequests.post(port, token, "/v1/plans/"
                + planId + "/target-reconciliation/finalize", finalizeBody), 201, "finalize");
        PlanRequests.Consumed finalize = finalizeAnswer.body();
        double finalizeToHeaders = finalizeAnswer.secondsToHeaders();
        double finalizeSeconds = finalizeAnswer.seconds();
        channel.send("peak");
        long[] finalizePeak = longs(channel.await("peak"));

        JsonNode counts = dryRun.fields.path("plan").path("action_counts");
        run.put("plan_rows", dryRun.pitResolutions);
        run.put("target_reconciliation_records", dryRun.reconcile.size());
        run.set("action_counts", counts);
        run.put("gate_reason_code", dryRun.fields.path("gate").path("reason_code").asText());
        run.put("dry_run_seconds", BenchReports.round(dryRunSeconds));
        run.put("dry_run_seconds_to_headers", BenchReports.round(toHeaders));
        run.put("dry_run_response_bytes", dryRun.bytes);
        run.put("finalize_request_bytes", finalizeBody.length);
        run.put("finalize_seconds", BenchReports.round(finalizeSeconds));
        run.put("finalize_seconds_to_headers", BenchReports.round(finalizeToHeaders));
        run.put("finalize_response_bytes", finalize.bytes);
        run.put("finalized_record_count", finalize.fields.path("finalized_record_count").asLong());
        run.put("plan_hash", finalize.fields.path("plan").path("plan_hash").asText());
        run.put("total_seconds", BenchReports.round(dryRunSeconds + finalizeSeconds));
        run.put("service_peak_heap_used_mb", BenchReports.mb(Math.max(dryRunPeak[0], finalizePeak[0])));
        run.put("service_peak_heap_used_mb_dry_run", BenchReports.mb(dryRunPeak[0]));
        run.put("service_peak_heap_used_mb_finalize", BenchReports.mb(finalizePeak[0]));
        run.put("service_peak_heap_live_after_gc_mb_dry_run", BenchReports.mb(dryRunPeak[1]));
        run.put("service_peak_heap_live_after_gc_mb_finalize", BenchReports.mb(finalizePeak[1]));
        run.put("service_heap_committed_mb", BenchReports.mb(Math.max(dryRunPeak[2], finalizePeak[2])));
        return run;
    }

    private static ResourceScope scope(int records) {
        return new ResourceScope(TENANT, "bench-" + records, SOURCE);
    }

    private static BenchWorkloads.Workload workload(int records) {
        return new BenchWorkloads.Workload(TENANT, scope(records).instanceId(), SOURCE, List.of(TABLE), records,
                (long) records * EVENTS_PER_RECORD, WORKLOAD_START, WORKLOAD_SPAN, 42 + records);
    }

    private static long[] longs(String text) {
        return Stream.of(text.split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
