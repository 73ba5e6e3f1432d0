package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rez demo}, the README's "run the main job" command, works on embedded defaults and can be re-run. */
class DemoCommandTest {
    @Test
    void capturesIndexesAndPlansARestoreEvenWhenRunTwice(@TempDir Path dir) throws Exception {
        String server = io.rezilient.restore.db.TestDatabases.server().jdbcUrl();
        var first = rez("demo", "--events", "300", "--dir", dir.toString(), "--pg-url", server);
        var second = rez("demo", "--events", "300", "--dir", dir.toString(), "--pg-url", server);

        for (var run : java.util.List.of(first, second)) {
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("wrote 300 events").contains("300 manifests")
                    .contains("\"manifest_version\":\"rec.artifact-manifest.v1\"")
                    .contains("300 inserted")
                    .containsPattern("tenant-demo .*rez\\.cdc .*gen-demo-1")
                    .containsPattern("dry-run +gate (executable|preview_only|blocked) ")
                    .containsPattern("finalised gate executable \\(none\\), update \\d+, insert \\d+")
                    .containsPattern("plan_hash [0-9a-f]{64} ");
        }
        assertThat(dir.resolve("keyring.json")).exists();
        assertThat(dir.resolve("ground-truth.jsonl")).exists();
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".manifest.json")).count()).isEqualTo(300);
        }
    }

    @Test
    void keysAndCaptureCommandsAreRegistered() {
        assertThat(rez("keys", "--help").exitCode()).isZero();
        assertThat(rez("capture", "simulate", "--help").output()).contains("--records", "--layout", "--out");
        assertThat(rez("capture", "ingest", "--help").exitCode()).isZero();
    }
}
