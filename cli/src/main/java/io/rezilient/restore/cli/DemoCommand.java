package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import picocli.CommandLine;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code rez demo}: the platform's main job on embedded defaults. It captures a small synthetic ServiceNow workload
 * into a filesystem object store under {@code $REZ_HOME/demo}, shows what was written, indexes it into the local
 * PostgreSQL, stands up a PostgreSQL target holding the source's current state and damages it (records deleted and
 * overwritten by "accident"), plans the restore of the damaged records to the moment before the accident through the
 * restore service's API, has the restore agent reconcile and apply it, and checks the target against the ground
 * truth: the exit code is 0 only when every restored record equals it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the platform end to end on embedded defaults: capture a synthetic workload, index it, damage"
                + " a target, plan the point-in-time restore, apply it through the agent and verify it.")
final class DemoCommand implements Callable<Integer> {
    static final String TENANT = "tenant-demo";
    static final String INSTANCE = "demo-instance";
    static final String SOURCE = "sn://demo.service-now.com";
    static final String DEMO_DATABASE = "rez_demo";
    /** The restore target of the demo: a second database of the same server. */
    static final String DEMO_TARGET_DATABASE = "rez_demo_target";
    static final String INGEST_SCOPE = "demo";
    /** The indexer's and the restore service's JSON log lines of the last run, in the demo directory. */
    static final String LOG_FILE = "demo.log";
    private static final int LIST_PAGE = 10_000;

    /** Makes the bar drawn while indexing, counting manifests (a test hands in one that draws into a buffer). */
    private final Function<String, TerminalProgressBar> progressBars;

    @Spec
    private CommandSpec spec;

    DemoCommand() {
        this(unit -> TerminalProgressBar.forConsole(true, unit));
    }

    DemoCommand(Function<String, TerminalProgressBar> progressBars) {
        this.progressBars = progressBars;
    }

    @Option(names = "--events", description = "Events to capture (default: ${DEFAULT-VALUE}).")
    private long events = 2_000;

    @Option(names = "--seed", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    private long seed = 7;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the demo keeps its objects, keyring, ground truth and log (default: $REZ_HOME/demo).")
    private Path dir;

    @Option(names = "--pg-url", paramLabel = "JDBC-URL", description = {
            "PostgreSQL server to use (a user that may create databases); default: the project's local cluster,",
            "$REZ_HOME/pg, started when needed (`rez pg start`)."})
    private String pgUrl;

    /** When this run started: the final report says how long the whole story took. */
    private Instant started;

    @Override
    public Integer call() {
        started = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        Path demo = dir != null ? dir : ProjectHome.state("demo");
        Path objects = demo.resolve("objects");
        // The workload is regenerated from its seed on every run, so the previous one is simply replaced.
        deleteRecursively(objects);
        createDirectories(demo);
        try (DemoLogFile log = DemoLogFile.open(demo.resolve(LOG_FILE))) {
            out.println("The indexer's and the restore service's JSON log lines go to " + log.path());
            int exit = stages(out, demo, objects);
            out.println("Their full JSON logs: " + log.path());
            out.flush();
            return exit;
        }
    }

    private int stages(PrintWriter out, Path demo, Path objects) {
        out.println("== 1. capture: a synthetic ServiceNow workload, encrypted, into " + objects);
        out.flush();
        int exit = spec.root().commandLine().execute("capture", "simulate",
                "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", "incident,problem,cmdb_ci,sys_attachment",
                "--records", Long.toString(Math.max(10, events / 10)), "--events", Long.toString(events),
                // no --start: the workload ends now, so the newest indexed events are minutes old
                "--days", "3", "--seed", Long.toString(seed), "--layout", "v2", "--partitions", "4",
                "--keyring", demo.resolve("keyring.json").toString(),
                "--truth", demo.resolve("ground-truth.jsonl").toString(),
                "--out", objects.toString(), "--no-progress");
        if (exit != 0) {
            return exit;
        }
        showSample(out, objects);
        PgUrl database = demoDatabase();
        exit = index(out, objects, database);
        if (exit != 0) {
            return exit;
        }
        return restore(out, database, objects, demo);
    }

    /**
     * Stands up the target (the source's current state, then an accident), starts the restore service, plans the
     * restore of the damaged records, runs it through the agent and checks the target against the ground truth.
     */
    private int restore(PrintWriter out, PgUrl database, Path objects, Path demo) {
        GroundTruth truth = GroundTruth.load(demo.resolve("ground-truth.jsonl"));
        KeyringFile keyring = new KeyringFile(demo.resolve("keyring.json"));
        out.println("== 4. target: a PostgreSQL database with the source's current state, then an accident");
        try (HikariDataSource pool = targetPool(freshDatabase(server(), DEMO_TARGET_DATABASE))) {
            DemoTarget target = new DemoTarget(pool);
            target.seed(out, demo.resolve("ground-truth.jsonl"), keyring);
            DemoTarget.Damage damage = target.damage(out, truth);
            out.println("== 5. plan: start the restore service, dry-run the restore, reconcile it against the target");
            out.flush();
            Keyring keys = keyring.load();
            try (DemoService service = DemoService.start(out, database, objects, demo);
                 PostgresTargetWriter writer = new PostgresTargetWriter(pool, new BeforeImageSealer(keys))) {
                DemoPlanStage.Outcome planned = new DemoPlanStage(out, service, truth, writer, damage.all()).run();
                if (planned.plan().isEmpty()) {
                    return planned.exitCode();
                }
                out.println("== 6. restore: a job, its execution, and the agent applying it to the target");
                out.flush();
                DemoPlanStage.FinalPlan plan = planned.plan().get();
                DemoRestoreStage restore = new DemoRestoreStage(out, service, plan, writer, keys, progressBars);
                String jobId = restore.run();
                if (jobId == null || !DemoRestoreStage.verify(out, target, truth, plan, damage.all())) {
                    return 1;
                }
                out.println("== 7. evidence: the signed package, downloaded and verified offline as an auditor would");
                out.flush();
                DemoEvidenceStage.Outcome evidence = new DemoEvidenceStage(out, spec.root().commandLine(), service)
                        .run(jobId, demo);
                JsonNode execution = service.get("/v1/jobs/" + jobId + "/execution").path("execution");
                out.println("== 8. undo: restore the journal's before-images, back to the damaged state");
                out.flush();
                boolean undone = restore.undo(jobId, target, damage);
                new DemoReport(out).print(plan, execution, damage.all().size(), evidence, undone,
                        Duration.between(started, Instant.now()));
                return evidence.verified() && undone ? 0 : 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the demo's target failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the demo's agent worked", e);
        }
    }

    private static HikariDataSource targetPool(PgUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setPoolName("rez-demo-target");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** The PostgreSQL server of the demo: {@code --pg-url}, else the project's local cluster (started if needed). */
    private PgUrl server() {
        return PgUrl.parse(pgUrl != null ? pgUrl : ProjectHome.cluster(null).start());
    }

    /** A new, empty database {@code name} on {@code server}, replacing one left by an earlier run. */
    private static PgUrl freshDatabase(PgUrl server, String name) {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database " + name + ": " + e.getMessage(), e);
        }
        return server.withDatabase(name);
    }

    /**
     * A fresh, migrated {@code rez_demo} database on the local PostgreSQL cluster (started if needed) or on
     * {@code --pg-url}.
     */
    private PgUrl demoDatabase() {
        PgUrl database = freshDatabase(server(), DEMO_DATABASE);
        Migrations.migrate(database.dataSource());
        return database;
    }

    /**
     * Indexes the captured workload into the demo database with the same indexer an operator runs, drawing a progress
     * bar on a terminal, then shows its per-partition status.
     */
    private int index(PrintWriter out, Path objects, PgUrl database) {
        out.println("== 3. index: start the local PostgreSQL, migrate a fresh database, index until caught up");
        out.flush();
        Map<String, String> env = Map.of(
                "REZ_RESTORE_PG_URL", database.jdbcUrl(),
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString(),
                "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-demo-1",
                "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", INGEST_SCOPE,
                "REZ_RESTORE_INDEXER_SOURCE_URI", SOURCE,
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        IndexerCatchUp indexed;
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            TerminalProgressBar bar = progressBars.apply("manifests");
            try {
                // every captured event has one manifest, so the workload's size is the indexer's goal
                indexed = IndexerCatchUp.run(runtime.worker().orElseThrow(), 0,
                        progress -> bar.progress(Math.min(progress.read(), events), events));
            } finally {
                bar.finish();
            }
        }
        if (!indexed.leader()) {
            out.println("the lease of ingest scope " + INGEST_SCOPE + " is held by another indexer; nothing indexed");
            return 1;
        }
        out.println(indexed.describe(INGEST_SCOPE));
        CommandLine indexer = new CommandLine(new IndexerCommand(() -> env));
        indexer.setOut(out);
        indexer.setErr(spec.commandLine().getErr());
        indexer.setExecutionExceptionHandler(spec.root().commandLine().getExecutionExceptionHandler());
        int exit = indexer.execute("status");
        out.println("A partition whose newest event is older than REZ_RESTORE_INDEXER_STALE_AFTER_SECONDS (120 s) is"
                + " stale: restores touching it stay preview-only until fresher events are indexed.");
        return exit;
    }

    /** A few keys and one manifest, so the operator sees the shape of what capture writes. */
    private static void showSample(PrintWriter out, Path objects) {
        try (ObjectStore store = new FileSystemObjectStore(objects)) {
            long keys = 0;
            long manifestCount = 0;
            List<String> manifests = new ArrayList<>();
            // page through all of it: a larger --events writes more keys than one listing returns
            ListPage page = store.list("", null, LIST_PAGE);
            while (true) {
                for (String key : page.keys()) {
                    keys++;
                    if (key.endsWith(".manifest.json")) {
                        manifestCount++;
                        if (manifests.size() < 3) {
                            manifests.add(key);
                        }
                    }
                }
                if (!page.hasMore()) {
                    break;
                }
                page = store.list("", page.keys().getLast(), LIST_PAGE);
            }
            out.println("== 2. what was written: " + keys + " objects, " + manifestCount + " manifests; e.g.");
            manifests.forEach(key -> out.println("  " + key));
            if (!manifests.isEmpty()) {
                String first = manifests.getFirst();
                out.println("manifest " + first + ":");
                out.println("  " + Json.write(Json.parse(new String(store.get(first).orElseThrow(),
                        java.nio.charset.StandardCharsets.UTF_8))));
            }
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo directory " + dir, e);
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the previous demo workload in " + dir, e);
        }
    }
}
