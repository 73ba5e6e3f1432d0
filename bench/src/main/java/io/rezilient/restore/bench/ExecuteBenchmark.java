package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.crypto.RowValueOpener;
import io.rezilient.restore.agent.reconcile.PlanReconciler;
import io.rezilient.restore.agent.run.AgentListener;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.Pauser;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.simulate.SimulationSummary;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/**
 * Restore execution by one agent: rows per second applied to a PostgreSQL target by one {@link RestoreAgent} — claim,
 * decrypt, apply with before-images and the target ledger, commit with the rollback journal — for a 100,000-row table
 * restore, beside the raw batched-upsert ceiling of the same target measured in the same run ({@link UpsertCeiling});
 * goals: at least half of that ceiling and at least 5,000 rows/s. Writes {@code bench/results/execute.json}.
 *
 * <p>The workload is captured by the simulator (one event per record: the simulator deletes about 15% of the records
 * whenever it mutates them, and a deleted record's plan row is a delete, not the update this measures), indexed by the
 * real indexer, planned and finalised by the service running as a child JVM ({@link ServiceJvm}); the target is a
 * second database of the same PostgreSQL server, seeded from the workload's ground truth at its end, so every plan row
 * updates an existing record, except a few percent of records deleted from the target first, which the plan inserts.
 * The agent runs in this JVM, exactly as {@code rez agent run} builds it.
 *
 * <p>Usage: {@code scripts/bench execute [RECORDS] [MISSING_PERCENT] [SERVICE_XMX]} (defaults {@code 100000},
 * {@code 2}, {@code 512m}). {@code -Drez.bench.jfr=DIR} records a JFR profile of the service JVM into {@code DIR}.
 */
public final class ExecuteBenchmark {
    private static final String TENANT = "tenant-bench";
    private static final String SOURCE = "sn://bench.service-now.com";
    private static final String TABLE = "incident";
    private static final String OPERATOR = "bench-operator";
    private static final Instant WORKLOAD_START = Instant.parse("2026-11-01T00:00:00Z");
    /** Every partition has events within the service's 120 s freshness window of the end, even for the warm-up. */
    private static final Duration WORKLOAD_SPAN = Duration.ofHours(1);
    private static final String SECRET = "execute-benchmark-hs256-signing-secret-0123456789";
    private static final int WARM_UP_RECORDS = 2_000;
    private static final int ROWS_PER_CLAIM = 1_000;
    private static final int STATEMENTS_REPORTED = 20;
    private static final String WARM_UP_SCHEMA = "warmup";
    private static final String CEILING_SCHEMA = "bench_ceiling";
    private static final double GOAL_FRACTION = 0.5;
    private static final double GOAL_ROWS_PER_SECOND = 5_000;

    private ExecuteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int missingPercent = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String xmx = args.length > 2 ? args[2] : "512m";
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));
        String loadBefore = loadAverage();

        ObjectNode report = BenchReports.header("restore execution: one RestoreAgent (claim → decrypt → apply to a "
                + "PostgreSQL target with before-images → commit with the rollback journal) working a table restore "
                + "of " + records + " rows, beside the batched-upsert ceiling of the same target", xmx);
        report.put("agent_heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        report.put("method", method(records, missingPercent, xmx));
        ObjectNode goals = report.putObject("goals");
        goals.put("min_fraction_of_ceiling", GOAL_FRACTION);
        goals.put("min_rows_per_second", GOAL_ROWS_PER_SECOND);
        ArrayNode observations = report.putArray("observations");

        BenchEnvironment environment = BenchEnvironment.start("rez-execute-bench-", true);
        PgUrl server = environment.server();
        Path work = environment.work();
        ServiceJvm service = null;
        HikariDataSource targetPool = null;
        try {
            report.put("postgresql", BenchReports.postgresVersion(server) + "; " + serverSettings(server));
            Path objects = work.resolve("objects");
            ObjectNode preparation = Json.mapper().createObjectNode();
            try (ObjectStore store = new FileSystemObjectStore(objects, false)) {
                for (int size : List.of(WARM_UP_RECORDS, records)) {
                    long started = System.nanoTime();
                    SimulationSummary summary = BenchWorkloads.simulate(work, store, workload(size));
                    System.out.printf("captured %,d records (%,d events) in %.1f s%n", size, summary.events(),
                            BenchReports.seconds(started));
                    if (size == records) {
                        preparation.put("capture_seconds", BenchReports.seconds(started));
                        preparation.put("events_captured", summary.events());
                    }
                }
            }
            PgUrl database = BenchWorkloads.createDatabase(server, "bench_execute");
            long indexStarted = System.nanoTime();
            long indexed = BenchWorkloads.index(database, objects, "bench_execute", SOURCE);
            preparation.put("index_seconds", BenchReports.seconds(indexStarted));
            preparation.put("events_indexed_all_workloads", indexed);
            System.out.printf("indexed %,d events in %.1f s%n", indexed, BenchReports.seconds(indexStarted));
            PostgresSourceRegistry registry = new PostgresSourceRegistry(database.dataSource());
            for (int size : List.of(WARM_UP_RECORDS, records)) {
                registry.add(scope(size), List.of("rrs"), LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                        LifecycleState.ACTIVE, "execute-benchmark");
            }

            PgUrl target = createPlainDatabase(server, "bench_target");
            KeyringFile keyringFile = new KeyringFile(work.resolve("keyring.json"));
            Keyring keyring = keyringFile.load();
            long seedStarted = System.nanoTime();
            int missing = seedAndDamage(target, work, keyringFile, records, PostgresTargetWriter.DEFAULT_SCHEMA,
                    missingPercent);
            preparation.put("seed_seconds", BenchReports.seconds(seedStarted));
            preparation.put("target_records_deleted_before_restore", missing);
            seedAndDamage(target, work, keyringFile, WARM_UP_RECORDS, WARM_UP_SCHEMA, missingPercent);
            targetPool = pool(target);

            Instant end = WORKLOAD_START.plus(WORKLOAD_SPAN);
            Instant now = end.plusSeconds(5);
            service = ServiceJvm.start(database, objects, new ServiceJvm.Options(xmx, now, SECRET,
                    Map.of("RRS_MAX_JSON_BODY_BYTES", Integer.toString(64 << 20)), true,
                    work.resolve("service.log")));
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            Instant pit = end.plusSeconds(1);
            URI base = URI.create("http://127.0.0.1:" + service.port());

            // warm-up: the same path end to end on a small workload, into its own schema
            Restore warmUp = prepare(service, base, clock, WARM_UP_RECORDS, pit, "warm-up", targetPool,
                    WARM_UP_SCHEMA, keyring);
            Measured warm = work(server, service, base, warmUp, targetPool, WARM_UP_SCHEMA, keyring);
            System.out.printf("warm-up: %,d rows applied in %.2f s%n", warm.run.applied(), warm.seconds);
            ObjectNode warmJson = Json.mapper().createObjectNode();
            warmJson.put("records", WARM_UP_RECORDS);
            warmJson.put("rows_applied", warm.run.applied());
            warmJson.put("seconds", BenchReports.round(warm.seconds));
            warmJson.put("rows_per_second", Math.round(warm.run.applied() / warm.seconds));

            Restore restore = prepare(service, base, clock, records, pit, "execute-" + records, targetPool,
                    PostgresTargetWriter.DEFAULT_SCHEMA, keyring);
            preparation.put("plan_rows", restore.planRows);
            preparation.set("plan_action_counts", restore.actionCounts);
            preparation.put("dry_run_seconds", BenchReports.round(restore.dryRunSeconds));
            preparation.put("reconcile_and_finalize_seconds", BenchReports.round(restore.reconcileSeconds));
            preparation.put("job_and_arm_seconds", BenchReports.round(restore.armSeconds));
            keepPristineCopy(target);

            Measured measured = work(server, service, base, restore, targetPool, PostgresTargetWriter.DEFAULT_SCHEMA,
                    keyring);
            String loadAfterRun = loadAverage();
            JobRun run = measured.run;
            ObjectNode evidence = evidenceAfterRun(base, restore);
            System.out.println("run: " + run);
            double rowsPerSecond = run.applied() / measured.seconds;
            long journal = journalEntries(database, restore.jobId);

            long ceilingStarted = System.nanoTime();
            List<String> columns = targetColumns(target);
            List<String[]> rows = ceilingRows(work, records, database, restore.jobId, pit, columns);
            UpsertCeiling ceiling = new UpsertCeiling(target, "public." + TABLE, CEILING_SCHEMA + ".before_restore",
                    CEILING_SCHEMA + "." + TABLE, columns);
            ObjectNode ceilingJson = ceiling.measure(rows);
            double ceilingRate = ceilingJson.path("rows_per_second").asDouble();
            long differences = differences(target, ceiling.copyTable());
            System.out.printf("ceiling measured in %.1f s: %s%n", BenchReports.seconds(ceilingStarted), ceilingJson);

            report.put("records", records);
            report.put("rows_planned", run.planned());
            report.put("rows_applied", run.applied());
            report.put("rows_skipped", run.skipped());
            report.put("rows_failed", run.failed());
            report.put("claims", run.claims());
            report.put("row_fallbacks", run.rowFallbacks());
            report.put("journal_entries", journal);
            report.put("seconds", BenchReports.round(measured.seconds));
            report.put("rows_per_second", Math.round(rowsPerSecond));
            report.put("ceiling_rows_per_second", Math.round(ceilingRate));
            report.put("ceiling_way", ceilingJson.path("fastest_way").asText());
            double fraction = rowsPerSecond / ceilingRate;
            report.put("fraction_of_ceiling", BenchReports.round(fraction));
            report.put("meets_goal_fraction_of_ceiling", fraction >= GOAL_FRACTION);
            report.put("meets_goal_rows_per_second", rowsPerSecond >= GOAL_ROWS_PER_SECOND);
            report.put("meets_goal", fraction >= GOAL_FRACTION && rowsPerSecond >= GOAL_ROWS_PER_SECOND);
            report.put("agent_peak_heap_used_mb", BenchReports.mb(measured.agentPeak));
            report.put("agent_peak_heap_live_after_gc_mb", BenchReports.mb(measured.agentPeakAfterGc));
            report.put("agent_heap_before_run_mb", BenchReports.mb(measured.agentBaseline));
            report.put("service_peak_heap_used_mb", BenchReports.mb(measured.servicePeak[0]));
            report.put("service_peak_heap_live_after_gc_mb", BenchReports.mb(measured.servicePeak[1]));
            report.put("service_heap_committed_mb", BenchReports.mb(measured.servicePeak[2]));
            report.set("evidence", evidence);
            report.set("breakdown", measured.breakdown);
            report.set("cpu", measured.cpu);
            report.set("postgres_statements", measured.statements);
            // after the run (and the ceiling, which writes only the target database)
            report.set("postgres_table_activity", StatementStatistics.tableActivity(database, "rez_restore",
                    List.of("execution_rows", "execution_chunks", "row_outcomes", "rollback_journal",
                            "execution_claims")));
            report.set("ceiling", ceilingJson);
            report.put("target_rows_differing_from_ceiling_copy", differences);
            report.set("warm_up", warmJson);
            report.set("preparation", preparation);

            observations.add("load average (1, 5, 15 min) before the benchmark: " + loadBefore
                    + "; right after the measured run: " + loadAfterRun + "; after the ceiling: " + loadAverage()
                    + " (2 cores; anything above the benchmark's own ~2 busy processes means other work on the "
                    + "machine)");
            observations.add(contention(loadBefore, measured.cpu.path("cores")));
            observations.add(largestSteps(measured.breakdown));
            List<String> failures = new ArrayList<>();
            if (!run.completed()) {
                failures.add("the execution ended " + run.status());
            }
            if (run.applied() != restore.planRows || run.failed() != 0 || run.skipped() != 0) {
                failures.add(run.applied() + " rows applied, " + run.skipped() + " skipped, " + run.failed()
                        + " failed of " + restore.planRows + " planned");
            }
            if (journal != run.applied()) {
                failures.add(journal + " journal entries for " + run.applied() + " applied rows");
            }
            if (differences != 0) {
                failures.add(differences + " target rows differ from the ceiling's copy (the ground truth at the PIT)");
            }
            report.put("verified", failures.isEmpty());
            BenchReports.write(results, "execute.json", report);
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the restore was not complete and correct: " + failures);
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (targetPool != null) {
                targetPool.close();
            }
            environment.close();
        }
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("wrote " + results.resolve("execute.json"));
        System.exit(0);
    }

    /** Whether other work shared the machine during the run, from the cores nothing of the benchmark used. */
    private static String contention(String loadBefore, JsonNode cores) {
        double others = cores.path("other_cores").asDouble();
        String verdict = others > 0.25 ? "contended: other processes used " + others + " of the 2 cores during the run"
                : "not contended: other processes used " + others + " of the 2 cores during the run";
        return verdict + " (load average before the benchmark " + loadBefore + "); cores busy during the run "
                + "(CpuMeter, /proc; load_generator = this JVM, i.e. the agent): " + cores;
    }

    /** The steps of the agent's loop that took most of its wall time. */
    private static String largestSteps(ObjectNode breakdown) {
        List<String> steps = new ArrayList<>();
        breakdown.path("steps").properties().stream()
                .sorted((a, b) -> Double.compare(b.getValue().path("share").asDouble(),
                        a.getValue().path("share").asDouble()))
                .limit(3)
                .forEach(step -> steps.add(step.getKey() + " " + Math.round(step.getValue().path("share").asDouble()
                        * 100) + "% (" + step.getValue().path("ms_per_call").asDouble() + " ms per call)"));
        return "where the run's wall time went (shares of the wall time; pipelined claims, S71: commits run on the "
                + "agent's commit thread and the next claim's revalidation reads on its reader thread, overlapping the "
                + "loop's claim, decrypt and apply, so the shares add up to more than 1): " + String.join(", ", steps);
    }

    private static String method(int records, int missingPercent, String xmx) {
        return "Workload: WorkloadSimulator (layout v2, 8 partitions, table incident only, 1 hour) captures " + records
                + " incident records with one event each (their insert; real encrypted artifact bodies with an "
                + "AES-GCM row_enc) into a filesystem object store; the real indexer (IndexerRuntime, v2_primary) "
                + "indexes it into a migrated database of a throwaway local PostgreSQL, the source is registered. "
                + "Target: a second, plain database of the same server; TargetSeeder loads the ground truth's latest "
                + "state (table public.incident, sys_id TEXT PRIMARY KEY + one TEXT column per field), then "
                + missingPercent + "% of the records (abs(hashtext(sys_id)) % 100 < " + missingPercent + ") are "
                + "deleted from it, and it is VACUUM ANALYZEd. Plan: POST /v1/plans/dry-run (table scope, PIT 1 s "
                + "after the workload's end, missing_row_mode explicit_insert), then PlanReconciler (what 'rez agent "
                + "reconcile' runs: reads which records the target has, finalises) — so the plan is an update of "
                + "every record on the target and an insert of each deleted one. Job: POST /v1/jobs "
                + "(required_capabilities [restore_execute]), POST …/execution with chunk_size " + ROWS_PER_CLAIM
                + " and elevated_confirmation (more rows than RRS_EXECUTE_MAX_ROWS), HS256 dev token holding "
                + "restore_execute and restore_override_caps. Service: child JVM (-Xmx" + xmx + ", G1), "
                + "RRS_MAX_JSON_BODY_BYTES 64 MiB, fixed clock; its used heap is sampled every 2 ms after a "
                + "System.gc() before the run. Measured: one RestoreAgent in the benchmark JVM built as 'rez agent "
                + "run' builds it (RestoreServiceClient over loopback HTTP — its commits ask for the compact answer, "
                + "?row_attempts=claimed —, PostgresTargetWriter on a HikariCP pool "
                + "of 4 with reWriteBatchedInserts, BeforeImageSealer and RowValueOpener on the tenant keyring, "
                + "AgentOptions max rows per claim " + ROWS_PER_CLAIM + ", revalidation on, pipelined claims "
                + "(S71: batch N+1 is claimed and applied while batch N's commit is in flight), Pauser sleeping for "
                + "real), from agent.run(job) — its first request — to its return after the terminal commit; "
                + "rows_per_second = rows applied / that wall time. A warm-up restore of " + WARM_UP_RECORDS
                + " records (its own schema) runs first through the same JVMs. The breakdown times the agent's "
                + "HTTP exchanges (a wrapper around the client's java.net.http.HttpClient) and its TargetWriter "
                + "calls (a wrapper), and names the time between them by the steps around it; the loop's steps "
                + "and gaps add up to the run's wall time; what runs on the agent's other threads (commits, the "
                + "revalidation reads after the first claim) is timed too (off_loop_seconds) and overlaps them. "
                + "Agent heap: this JVM's used heap sampled every 2 ms after a System.gc() before "
                + "the run (this JVM holds nothing else of size during the run). CPU: /proc counters of this JVM, "
                + "the service JVM and every postgres process (the service's database and the target share the "
                + "server) over the run. Statements: pg_stat_statements (preloaded into the throwaway server, reset "
                + "right before the run) — the " + STATEMENTS_REPORTED + " statements of both databases that took "
                + "most execution time during the run, with microseconds per applied row; and "
                + "pg_stat_user_tables of the execution tables after the run (updates, heap-only updates, dead "
                + "rows, autovacuum/analyze runs), which explains a statement that costs more in one run than in "
                + "another. Ceiling: " + UpsertCeiling.class.getSimpleName() + " — after the run, the "
                + "same rows in the same order (the execution's row order), with the same columns and text values "
                + "(the ground truth at the PIT, which the agent decrypted), are upserted with INSERT … ON CONFLICT "
                + "(sys_id) DO UPDATE SET every column, " + UpsertCeiling.ROWS_PER_STATEMENT + " rows per statement "
                + "and per transaction, over one connection, into a fresh copy (CREATE TABLE … (LIKE public.incident "
                + "INCLUDING ALL), filled with the target's rows as they were before the restore, VACUUM ANALYZE) "
                + "on the same server; three ways of sending the rows (multi_row_values: one 1,000-tuple VALUES "
                + "statement with a bind parameter per value; jdbc_batch_rewritten: a one-row statement batched 1,000 "
                + "times with reWriteBatchedInserts=true; unnest_arrays: INSERT … SELECT * FROM unnest(one text[] "
                + "per column)), each twice from a fresh copy; ceiling = the fastest attempt. Checks (the run fails "
                + "otherwise): execution completed, every planned row applied, none skipped or failed, one rollback "
                + "journal entry (rez_restore.rollback_journal) per applied row, and the target table equal, row "
                + "for row, to the ceiling's copy after its last attempt (i.e. to the ground truth at the PIT).";
    }

    /** A plan finalised against the target and its armed job. */
    private record Restore(String token, String planId, String jobId, long planRows, JsonNode actionCounts,
                           double dryRunSeconds, double reconcileSeconds, double armSeconds) {
    }

    /** One agent run and what it cost. */
    private record Measured(JobRun run, double seconds, long agentBaseline, long agentPeak, long agentPeakAfterGc,
                            long[] servicePeak, ObjectNode breakdown, ObjectNode cpu, ObjectNode statements) {
    }

    /** Dry-run, reconcile against the target, job, armed execution. */
    private static Restore prepare(ServiceJvm service, URI base, Clock clock, int records, Instant pit, String planId,
                                   HikariDataSource targetPool, String schema, Keyring keyring) throws Exception {
        ResourceScope scope = scope(records);
        String token = token(clock, scope);
        RestoreServiceClient client = new RestoreServiceClient(base, () -> token);
        long started = System.nanoTime();
        byte[] dryRunBody = Json.write(PlanRequests.dryRunBody(scope, planId, pit, List.of(TABLE)))
                .getBytes(StandardCharsets.UTF_8);
        PlanRequests.Answer dryRun = PlanRequests.exchange(PlanRequests.post(service.port(), token,
                "/v1/plans/dry-run", dryRunBody), 202, "dry-run");
        double dryRunSeconds = BenchReports.seconds(started);

        started = System.nanoTime();
        PlanReconciler.Reconciled reconciled;
        try (PostgresTargetWriter writer = new PostgresTargetWriter(targetPool, schema,
                new BeforeImageSealer(keyring))) {
            reconciled = new PlanReconciler(client, writer).reconcile(planId, OPERATOR);
        }
        double reconcileSeconds = BenchReports.seconds(started);
        JsonNode finalized = reconciled.answer().body();
        String executability = finalized.path("gate").path("executability").asText();
        if (!"executable".equals(executability)) {
            throw new IllegalStateException("plan " + planId + " is " + executability + ": " + finalized.path("gate"));
        }
        String planHash = finalized.path("plan").path("plan_hash").asText();
        JsonNode counts = finalized.path("plan").path("action_counts");
        long planRows = dryRun.body().pitResolutions;

        started = System.nanoTime();
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("tenant_id", scope.tenantId()).put("instance_id", scope.instanceId()).put("source", scope.source())
                .put("plan_id", planId).put("plan_hash", planHash).put("requested_by", OPERATOR);
        job.putArray("lock_scope_tables").add(TABLE);
        job.putArray("required_capabilities").add(Capability.RESTORE_EXECUTE.wire());
        ServiceAnswer created = client.post("/v1/jobs", job);
        if (created.status() != 201) {
            throw new IllegalStateException("job of plan " + planId + ": " + created.describe());
        }
        String jobId = created.body().path("job").path("job_id").asText();
        ObjectNode execute = Json.mapper().createObjectNode().put("chunk_size", ROWS_PER_CLAIM);
        if (planRows > 10_000) {
            execute.putObject("elevated_confirmation").put("confirmed", true).put("confirmation", "RESTORE")
                    .put("reason", "execute benchmark: a whole-table restore of " + planRows + " rows");
        }
        ServiceAnswer armed = client.post("/v1/jobs/" + jobId + "/execution", execute);
        if (armed.status() != 202) {
            throw new IllegalStateException("execution of job " + jobId + ": " + armed.describe());
        }
        double armSeconds = BenchReports.seconds(started);
        System.out.printf("plan %s: %,d rows %s, dry-run %.1f s, reconcile+finalize %.1f s, job+arm %.1f s%n",
                planId, planRows, counts, dryRunSeconds, reconcileSeconds, armSeconds);
        return new Restore(token, planId, jobId, planRows, counts, dryRunSeconds, reconcileSeconds, armSeconds);
    }

    /** One agent works the job to its end, timed, with both heaps and the CPU sampled. */
    private static Measured work(PgUrl server, ServiceJvm service, URI base, Restore restore, HikariDataSource targetPool,
                                 String schema, Keyring keyring) throws Exception {
        String token = restore.token;
        AgentTimeline timeline = new AgentTimeline();
        RestoreServiceClient client = new RestoreServiceClient(base, () -> token,
                timeline.http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()));
        TargetWriter writer = timeline.target(new PostgresTargetWriter(targetPool, schema,
                new BeforeImageSealer(keyring)));
        RestoreAgent agent = new RestoreAgent(client, writer, keyring,
                new AgentOptions(ROWS_PER_CLAIM, Duration.ofSeconds(1), Duration.ofSeconds(30), true),
                new Progress(), Pauser.SLEEP);
        service.send("reset");
        service.await("reset");
        StatementStatistics.reset(server);
        CpuMeter.Sample cpuBefore = CpuMeter.sample(service.handle());
        JobRun run;
        long started;
        long ended;
        HeapSampler heap = HeapSampler.start();
        try {
            timeline.start();
            started = System.nanoTime();
            run = agent.run(restore.jobId);
            ended = System.nanoTime();
        } finally {
            heap.close();
            writer.close();
        }
        CpuMeter.Sample cpuAfter = CpuMeter.sample(service.handle());
        ObjectNode statements = StatementStatistics.top(server, STATEMENTS_REPORTED, Math.max(1, run.applied()),
                "row");
        service.send("peak");
        long[] servicePeak = java.util.stream.Stream.of(service.await("peak").split(" "))
                .mapToLong(Long::parseLong).toArray();
        double seconds = (ended - started) / 1e9;
        ObjectNode cpu = Json.mapper().createObjectNode();
        cpu.set("cores", CpuMeter.between(cpuBefore, cpuAfter));
        long rows = Math.max(1, run.applied());
        cpu.put("agent_jvm_cpu_ms_per_row",
                BenchReports.round((cpuAfter.benchNanos() - cpuBefore.benchNanos()) / 1e6 / rows));
        cpu.put("service_jvm_cpu_ms_per_row",
                BenchReports.round((cpuAfter.serviceNanos() - cpuBefore.serviceNanos()) / 1e6 / rows));
        cpu.put("postgres_cpu_ms_per_row",
                BenchReports.round((cpuAfter.postgresTicks() - cpuBefore.postgresTicks()) * 10.0 / rows));
        return new Measured(run, seconds, heap.baseline(), heap.peak(), heap.peakAfterGc(), servicePeak,
                timeline.toJson(ended), cpu, statements);
    }

    /** Prints progress every tenth of the rows. */
    private static final class Progress implements AgentListener {
        private long lastTenth = -1;

        @Override
        public void progress(String jobId, long processed, long planned) {
            long tenth = planned == 0 ? 10 : processed * 10 / planned;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                System.out.printf("  %s: %,d of %,d rows%n", jobId, processed, planned);
            }
        }

        @Override
        public void waiting(String jobId, String why) {
            System.out.println("  " + jobId + " waiting: " + why);
        }
    }

    /** Seeds {@code schema} of the target with the workload's latest state, then deletes a share of its records. */
    private static int seedAndDamage(PgUrl target, Path work, KeyringFile keyring, int records, String schema,
                                     int missingPercent) throws SQLException {
        HikariDataSource pool = pool(target);
        try (pool) {
            new TargetSeeder(pool, schema).seed(new SeedRequest(truthFile(work, records), keyring, Optional.empty(),
                    true));
            try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement()) {
                int deleted = sql.executeUpdate("DELETE FROM " + schema + "." + TABLE
                        + " WHERE abs(hashtext(sys_id)) % 100 < " + missingPercent);
                sql.execute("VACUUM ANALYZE " + schema + "." + TABLE);
                return deleted;
            }
        }
    }

    /** The target's rows as they are before the restore, for the ceiling's copies. */
    private static void keepPristineCopy(PgUrl target) throws SQLException {
        try (Connection connection = target.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA IF NOT EXISTS " + CEILING_SCHEMA);
            sql.execute("DROP TABLE IF EXISTS " + CEILING_SCHEMA + ".before_restore");
            sql.execute("CREATE TABLE " + CEILING_SCHEMA + ".before_restore AS SELECT * FROM public." + TABLE);
            sql.execute("VACUUM ANALYZE public." + TABLE);
        }
    }

    /** The target table's columns in table order, sys_id first. */
    private static List<String> targetColumns(PgUrl target) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = target.dataSource().getConnection();
             PreparedStatement sql = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
            sql.setString(1, TABLE);
            try (ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        if (!columns.remove("sys_id")) {
            throw new IllegalStateException("target table public." + TABLE + " has no sys_id");
        }
        columns.addFirst("sys_id");
        return columns;
    }

    /**
     * The rows the agent wrote, as the ceiling writes them: each record's state at the PIT from the ground truth (the
     * values the agent decrypted), in the execution's row order, one text value per column (null when absent).
     */
    private static List<String[]> ceilingRows(Path work, int records, PgUrl database, String jobId, Instant pit,
                                              List<String> columns) throws SQLException {
        Map<String, ObjectNode> atPit = GroundTruth.load(truthFile(work, records)).tableAt(TABLE, pit);
        List<String[]> rows = new ArrayList<>(atPit.size());
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement sql = connection.prepareStatement("SELECT record_sys_id FROM "
                     + RestoreSchemas.SERVICE_SCHEMA + ".execution_rows WHERE job_id = ? ORDER BY position")) {
            sql.setString(1, jobId);
            try (ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    ObjectNode record = atPit.get(rs.getString(1));
                    if (record == null) {
                        throw new IllegalStateException("record " + rs.getString(1) + " has no state at the PIT");
                    }
                    String[] row = new String[columns.size()];
                    row[0] = rs.getString(1);
                    for (int c = 1; c < columns.size(); c++) {
                        JsonNode value = record.get(columns.get(c));
                        row[c] = value == null || value.isNull() ? null : value.asText();
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Rows of the restored target table that differ from (or are missing in) the ceiling's copy, and vice versa. */
    private static long differences(PgUrl target, String copy) throws SQLException {
        try (Connection connection = target.dataSource().getConnection(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM public." + TABLE + " t FULL JOIN " + copy
                     + " c ON c.sys_id = t.sys_id WHERE ROW(t.*) IS DISTINCT FROM ROW(c.*)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long journalEntries(PgUrl database, String jobId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement sql = connection.prepareStatement("SELECT count(*) FROM "
                     + RestoreSchemas.SERVICE_SCHEMA + ".rollback_journal WHERE job_id = ?")) {
            sql.setString(1, jobId);
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static PgUrl createPlainDatabase(PgUrl server, String name) throws SQLException {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        return server.withDatabase(name);
    }

    /** A pool like the one 'rez agent run' opens on its target. */
    private static HikariDataSource pool(PgUrl target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setPoolName("rez-bench-target");
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    private static String serverSettings(PgUrl server) throws SQLException {
        List<String> settings = new ArrayList<>();
        try (Connection connection = server.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "shared_buffers", "max_wal_size")) {
                try (ResultSet rs = sql.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.add(name + "=" + rs.getString(1));
                }
            }
        }
        return String.join(", ", settings);
    }

    /**
     * The job's evidence package, which a restore this large gets right after its last commit, in the background
     * (RRS_EVIDENCE_INLINE_MAX_ROWS): {@code POST …/evidence/export} waits for it. Measured here, after the run and
     * before the ceiling, so it competes with neither.
     */
    private static ObjectNode evidenceAfterRun(URI base, Restore restore) {
        long started = System.nanoTime();
        RestoreServiceClient client = new RestoreServiceClient(base, () -> restore.token);
        io.rezilient.restore.agent.client.ServiceAnswer exported = client.post("/v1/jobs/" + restore.jobId
                + "/evidence/export", Json.mapper().createObjectNode());
        double seconds = BenchReports.seconds(started);
        ObjectNode evidence = Json.mapper().createObjectNode();
        evidence.put("what", "seconds from the end of the run until the signed package existed (POST …/evidence/export"
                + " waiting for the background generation: artifacts streamed, hashed, stored in parts, signed,"
                + " verified, then copied to the object store)");
        evidence.put("status", exported.status());
        evidence.put("seconds_after_run", BenchReports.round(seconds));
        long bytes = 0;
        for (JsonNode hash : exported.body().path("evidence").path("artifact_hashes")) {
            bytes += hash.path("bytes").asLong();
        }
        evidence.put("artifact_bytes", bytes);
        evidence.put("signature_verification", exported.body().path("verification").path("signature_verification")
                .asText());
        evidence.put("stored_at", exported.body().path("storage").path("stored_at").asText(null));
        System.out.printf("evidence: %s in %.1f s after the run, %,d artifact bytes%n",
                evidence.path("signature_verification").asText(), seconds, bytes);
        return evidence;
    }

    private static String token(Clock clock, ResourceScope scope) {
        return DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(scope, OPERATOR,
                Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_OVERRIDE_CAPS)),
                Duration.ofHours(2)));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }

    private static Path truthFile(Path work, int records) {
        return work.resolve("truth-" + scope(records).instanceId() + ".jsonl");
    }

    private static ResourceScope scope(int records) {
        return new ResourceScope(TENANT, "bench-" + records, SOURCE);
    }

    /** One event per record: its insert (tables + records events leave no room for updates or deletes). */
    private static BenchWorkloads.Workload workload(int records) {
        return new BenchWorkloads.Workload(TENANT, scope(records).instanceId(), SOURCE, List.of(TABLE), records,
                records + 1L, WORKLOAD_START, WORKLOAD_SPAN, 4242 + records);
    }
}
