package io.rezilient.restore.capture.testing;

import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.simulate.ProgressListener;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.capture.simulate.SimulationSummary;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.GroundTruthFile;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import java.nio.file.Path;

/** A small synthetic workload written to a real filesystem store, with its ground truth loaded. */
public record SimulatedRun(ObjectStore store, SimulationOptions options, SimulationSummary summary, Path truthFile,
                           GroundTruth truth, Keyring keyring) {

    /** Options small enough for unit tests but exercising every event kind, several chunks and partitions. */
    public static SimulationOptions.Builder smallOptions(LayoutVersion layout, long seed) {
        return SimulationOptions.builder().records(150).events(700).days(3).seed(seed).layout(layout).partitions(3)
                .writerThreads(3).blobChunkSize(2048);
    }

    public static SimulatedRun into(Path dir, SimulationOptions options) {
        return into(new FileSystemObjectStore(dir.resolve("store"), false), dir.resolve("truth.jsonl"), options,
                TestKeys.keyring());
    }

    public static SimulatedRun into(ObjectStore store, Path truthFile, SimulationOptions options, Keyring keyring) {
        SimulationSummary summary;
        try (GroundTruthFile truth = new GroundTruthFile(truthFile)) {
            summary = WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        }
        return new SimulatedRun(store, options, summary, truthFile, GroundTruth.load(truthFile), keyring);
    }
}
