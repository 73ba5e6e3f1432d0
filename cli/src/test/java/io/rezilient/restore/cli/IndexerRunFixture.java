package io.rezilient.restore.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the process-level indexer tests share: a small captured layout-v2 workload, and {@code rez indexer run} as
 * a child JVM (the tests' classpath) configured by environment variables, as an operator starts it, its output
 * going to a log file.
 */
final class IndexerRunFixture {
    private IndexerRunFixture() {
    }

    /** Captures {@code events} events of {@code records} records over 2 partitions into {@code dir/objects}. */
    static Path captureWorkload(Path dir, int records, int events, int seed) {
        return captureWorkload(dir, records, events, seed, 2);
    }

    /** As {@link #captureWorkload(Path, int, int, int)} over {@code partitions} partitions. */
    static Path captureWorkload(Path dir, int records, int events, int seed, int partitions) {
        Path objects = dir.resolve("objects");
        var capture = rez("capture", "simulate", "--records", Integer.toString(records), "--events",
                Integer.toString(events), "--layout", "v2", "--partitions", Integer.toString(partitions),
                "--seed", Integer.toString(seed),
                "--no-progress", "--keyring", dir.resolve("keyring.json").toString(),
                "--truth", dir.resolve("truth.jsonl").toString(), "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        return objects;
    }

    /** Starts {@code rez indexer run} over {@code objects} for ingest scope {@code scope}, plus {@code extraEnv}. */
    static Process startRun(String pgUrl, Path objects, String scope, Map<String, String> extraEnv, Path log)
            throws IOException {
        return startRun(pgUrl, objects, scope, extraEnv, log, false);
    }

    /**
     * As {@link #startRun(String, Path, String, Map, Path)}; with {@code productionLogs} the child logs as the
     * {@code rez} jar does (the indexer's JSON lines at INFO) instead of by the tests' WARN-only configuration.
     */
    static Process startRun(String pgUrl, Path objects, String scope, Map<String, String> extraEnv, Path log,
                            boolean productionLogs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (productionLogs) {
            command.add("-Dlogback.configurationFile=logback.xml"); // the main resource, not logback-test.xml
        }
        command.addAll(List.of(Rez.class.getName(), "indexer", "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "REZ_RESTORE_PG_URL", pgUrl,
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString(),
                "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1",
                "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", scope,
                "REZ_RESTORE_INDEXER_SOURCE_URI", "file://" + objects,
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary",
                "REZ_RESTORE_INDEXER_POLL_INTERVAL_MS", "200"));
        env.putAll(extraEnv);
        builder.environment().putAll(env);
        return builder.start();
    }
}
