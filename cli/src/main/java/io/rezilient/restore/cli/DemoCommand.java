package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import picocli.CommandLine;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rez demo}: the platform's main job on embedded defaults. Today it captures a small synthetic ServiceNow
 * workload into a filesystem object store under {@code $REZ_HOME/demo}, shows what was written, indexes it into the
 * local PostgreSQL, plans a point-in-time restore through the restore service's API, and runs jobs for the plan
 * (one running, an overlapping one queued, then promoted); the agent stage (applying the plan) extends it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the platform end to end on embedded defaults (today: capture a synthetic workload, index it,"
                + " plan a point-in-time restore through the restore service and queue jobs for it).")
final class DemoCommand implements Callable<Integer> {
    static final String TENANT = "tenant-demo";
    static final String INSTANCE = "demo-instance";
    static final String SOURCE = "sn://demo.service-now.com";
    static final String DEMO_DATABASE = "rez_demo";

    @Spec
    private CommandSpec spec;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path demo = dir != null ? dir : ProjectHome.state("demo");
        Path objects = demo.resolve("objects");
        // The workload is regenerated from its seed on every run, so the previous one is simply replaced.
        deleteRecursively(objects);
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
        exit = planAndRun(out, database, objects, demo.resolve("ground-truth.jsonl"));
        out.println("The agent stage (applying the plan to a target) joins this demo as it is built.");
        out.flush();
        return exit;
    }

    /**
     * Starts the restore service on the demo database and object store, plans the restore, then queues jobs for the
     * plan; the service stops when both stages are done.
     */
    private static int planAndRun(PrintWriter out, PgUrl database, Path objects, Path groundTruth) {
        out.println("== 4. plan: start the restore service, dry-run a point-in-time restore, reconcile, finalise");
        out.flush();
        try (DemoService service = DemoService.start(out, database, objects)) {
            DemoPlanStage.Outcome planned = new DemoPlanStage(out, service, groundTruth).run();
            if (planned.plan().isEmpty()) {
                return planned.exitCode();
            }
            return new DemoJobStage(out, service, planned.plan().get()).run();
        }
    }

    /**
     * A fresh, migrated {@code rez_demo} database on the local PostgreSQL cluster (started if needed) or on
     * {@code --pg-url}.
     */
    private PgUrl demoDatabase() {
        PgUrl server = PgUrl.parse(pgUrl != null ? pgUrl : ProjectHome.cluster(null).start());
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DEMO_DATABASE + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + DEMO_DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database: " + e.getMessage(), e);
        }
        PgUrl database = server.withDatabase(DEMO_DATABASE);
        Migrations.migrate(database.dataSource());
        return database;
    }

    /**
     * Indexes the captured workload into the demo database with the same indexer an operator runs, then shows its
     * per-partition status.
     */
    private int index(PrintWriter out, Path objects, PgUrl database) {
        out.println("== 3. index: start the local PostgreSQL, migrate a fresh database, run the indexer once");
        out.flush();
        Map<String, String> env = Map.of(
                "REZ_RESTORE_PG_URL", database.jdbcUrl(),
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString(),
                "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-demo-1",
                "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "demo",
                "REZ_RESTORE_INDEXER_SOURCE_URI", SOURCE,
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        CommandLine indexer = new CommandLine(new IndexerCommand(() -> env));
        indexer.setOut(out);
        indexer.setErr(spec.commandLine().getErr());
        indexer.setExecutionExceptionHandler(spec.root().commandLine().getExecutionExceptionHandler());
        int exit = indexer.execute("once");
        if (exit != 0) {
            return exit;
        }
        exit = indexer.execute("status");
        out.println("A partition whose newest event is older than REZ_RESTORE_INDEXER_STALE_AFTER_SECONDS (120 s) is"
                + " stale: restores touching it stay preview-only until fresher events are indexed.");
        return exit;
    }

    /** A few keys and one manifest, so the operator sees the shape of what capture writes. */
    private static void showSample(PrintWriter out, Path objects) {
        try (ObjectStore store = new FileSystemObjectStore(objects)) {
            List<String> keys = store.list("", 20_000).keys();
            List<String> manifests = keys.stream().filter(k -> k.endsWith(".manifest.json")).toList();
            out.println("== 2. what was written: " + keys.size() + " objects, " + manifests.size() + " manifests; e.g.");
            manifests.stream().limit(3).forEach(key -> out.println("  " + key));
            if (!manifests.isEmpty()) {
                String first = manifests.getFirst();
                out.println("manifest " + first + ":");
                out.println("  " + Json.write(Json.parse(new String(store.get(first).orElseThrow(),
                        java.nio.charset.StandardCharsets.UTF_8))));
            }
        }
    }

    private static void deleteRecursively(Path dir) {
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
