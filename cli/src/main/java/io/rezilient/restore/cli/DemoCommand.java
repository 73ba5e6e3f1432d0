package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.json.Json;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rez demo}: the platform's main job on embedded defaults. Today it captures a small synthetic ServiceNow
 * workload into a filesystem object store under {@code .rez/demo} and shows what was written; each later stage of
 * the platform (indexing, planning, restoring) extends it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the platform end to end on embedded defaults (today: capture a synthetic workload).")
final class DemoCommand implements Callable<Integer> {
    static final String TENANT = "tenant-demo";
    static final String INSTANCE = "demo-instance";
    static final String SOURCE = "sn://demo.service-now.com";

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", description = "Events to capture (default: ${DEFAULT-VALUE}).")
    private long events = 2_000;

    @Option(names = "--seed", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    private long seed = 7;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the demo keeps its objects, keyring and ground truth (default: <project>/.rez/demo).")
    private Path dir;

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
                "--days", "3", "--seed", Long.toString(seed), "--layout", "v2", "--partitions", "4",
                "--keyring", demo.resolve("keyring.json").toString(),
                "--truth", demo.resolve("ground-truth.jsonl").toString(),
                "--out", objects.toString(), "--no-progress");
        if (exit != 0) {
            return exit;
        }
        showSample(out, objects);
        out.println("The indexer, restore service and agent stages are added to this demo as they are built.");
        out.flush();
        return 0;
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
