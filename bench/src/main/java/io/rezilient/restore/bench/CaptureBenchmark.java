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
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of {@code capture simulate} into the filesystem object store (target: at least 20,000 events/s on a
 * 2-core machine). Runs a warm-up, then timed runs on each requested directory, and writes the figures to
 * {@code bench/results/capture.json}.
 *
 * <p>Usage: {@code scripts/bench capture [EVENTS] [DIR ...]} (default 200,000 events on /dev/shm and on the
 * system temp directory). Each directory is measured separately because the disk, not the code, often decides.
 */
public final class CaptureBenchmark {
    private static final int TIMED_RUNS = 3;
    private static final int CEILING_FILES = 200_000;
    private static final int CEILING_THREADS = 8;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        List<Path> dirs = args.length > 1 ? Stream.of(args).skip(1).map(Path::of).toList()
                : Stream.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))
                .filter(Files::isDirectory).toList();
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = Json.mapper().createObjectNode();
        report.put("benchmark", "capture simulate → filesystem object store");
        report.put("target_events_per_second", 20_000);
        report.put("measured_at", IsoUtc.format(Instant.now()));
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, java " + Runtime.version());
        report.put("method", "WorkloadSimulator.run, layout v2, 8 partitions, default writer threads, no fsync, "
                + "ground truth written; 1 warm-up run of 20% then " + TIMED_RUNS + " timed runs per directory; "
                + "events/s = events / wall time of the run");
        report.put("events_per_run", events);
        ArrayNode measurements = report.putArray("measurements");
        for (Path dir : dirs) {
            Path work = Files.createTempDirectory(dir, "rez-capture-bench-");
            try {
                run(work, events / 5, 0);
                ObjectNode entry = measurements.addObject();
                entry.put("directory", dir.toString());
                entry.put("filesystem", Files.getFileStore(dir).type());
                ArrayNode rates = entry.putArray("events_per_second");
                double best = 0;
                double objectsPerEvent = 0;
                for (int i = 1; i <= TIMED_RUNS; i++) {
                    SimulationSummary summary = run(work, events, i);
                    rates.add(Math.round(summary.eventsPerSecond()));
                    best = Math.max(best, summary.eventsPerSecond());
                    objectsPerEvent = (double) summary.objects() / summary.events();
                }
                entry.put("best_events_per_second", Math.round(best));
                entry.put("meets_target", best >= 20_000);
                entry.put("objects_per_event", Math.round(objectsPerEvent * 1000) / 1000.0);
                FileCreationCeiling.Result ceiling = FileCreationCeiling.measure(work, CEILING_FILES, CEILING_THREADS);
                ObjectNode bound = entry.putObject("filesystem_ceiling");
                bound.put("method", CEILING_FILES + " files of 700 bytes by " + CEILING_THREADS + " threads with plain "
                        + "java.nio calls (no capture code): temp file + atomic rename (how the store publishes) and "
                        + "plain create+write, measured after the timed runs in that order; events/s bound = atomic files/s / "
                        + "objects per event. On a disk-backed filesystem the kernel's writeback throttles writers once "
                        + "enough dirty data piles up, so later runs (and the plain pass) measure lower");
                bound.put("atomic_files_per_second", Math.round(ceiling.atomicFilesPerSecond()));
                bound.put("plain_files_per_second", Math.round(ceiling.plainFilesPerSecond()));
                double eventBound = ceiling.atomicFilesPerSecond() / objectsPerEvent;
                bound.put("events_per_second_bound_atomic", Math.round(eventBound));
                bound.put("best_as_fraction_of_bound", Math.round(best / eventBound * 1000) / 1000.0);
                bound.put("target_reachable_with_atomic_publication", eventBound >= 20_000);
                System.out.printf("%s (%s): %s events/s; filesystem alone: %,.0f atomic files/s = at most %,.0f"
                                + " events/s%n", dir, entry.get("filesystem").asText(), rates,
                        ceiling.atomicFilesPerSecond(), ceiling.atomicFilesPerSecond() / objectsPerEvent);
            } finally {
                deleteRecursively(work);
            }
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("capture.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        System.out.println("wrote " + results.resolve("capture.json"));
    }

    private static SimulationSummary run(Path work, long events, int runNumber) throws IOException {
        Path objects = work.resolve("objects-" + runNumber);
        KeyringFile keyringFile = new KeyringFile(work.resolve("keyring.json"));
        keyringFile.activeKeyCreatingIfMissing("tenant-bench", new SecureRandom(), Instant.now());
        Keyring keyring = keyringFile.load();
        SimulationOptions options = SimulationOptions.builder()
                .tenant("tenant-bench").instance("bench-01").source("sn://bench.service-now.com")
                .tables(List.of("incident", "problem", "cmdb_ci", "sys_attachment"))
                .records((int) Math.max(100, events / 20)).events(events)
                .start(Instant.parse("2026-01-01T00:00:00Z")).days(30).seed(42)
                .layout(LayoutVersion.parse("v2")).partitions(8).build();
        try (ObjectStore store = new FileSystemObjectStore(objects, false);
             GroundTruthFile truth = new GroundTruthFile(work.resolve("truth-" + runNumber + ".jsonl"))) {
            return WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        } finally {
            deleteRecursively(objects);
        }
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
