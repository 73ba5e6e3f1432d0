package io.rezilient.restore.cli;

import io.rezilient.restore.indexer.manifest.ArtifactMetadataExtractor;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestParser;
import io.rezilient.restore.indexer.normalize.NormalizedEvent;
import io.rezilient.restore.indexer.normalize.OperationalMetadataNormalizer;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two halves of the pipeline agree: every manifest and artifact the capture module writes passes the
 * indexer's real manifest validation and metadata normalisation (not a stand-in), in both layouts.
 */
class CaptureMeetsIndexerRulesTest {
    @ParameterizedTest(name = "layout {0}")
    @ValueSource(strings = {"v1", "v2"})
    void everyCapturedEventIsAcceptedByTheIndexer(String layout, @TempDir Path dir) {
        var run = rez("capture", "simulate", "--tenant", "tenant-acme", "--instance", "acme-dev",
                "--source", "sn://acme-dev.service-now.com", "--records", "60", "--events", "800",
                "--layout", layout, "--partitions", "3", "--seed", "11", "--no-progress",
                "--keyring", dir.resolve("keyring.json").toString(), "--truth", dir.resolve("truth.jsonl").toString(),
                "--out", dir.resolve("objects").toString());
        assertThat(run.exitCode()).as(run.output()).isZero();

        Set<String> eventIds = new HashSet<>();
        try (ObjectStore store = new FileSystemObjectStore(dir.resolve("objects"))) {
            List<String> manifests = store.listAll("", 10_000).stream()
                    .filter(key -> key.endsWith(".manifest.json")).toList();
            assertThat(manifests).hasSize(800);
            for (String key : manifests) {
                Manifest manifest = ManifestParser.parse(key, text(store, key));
                NormalizedEvent event = OperationalMetadataNormalizer.normalize(
                        ArtifactMetadataExtractor.extract(manifest, text(store, manifest.artifactKey())));
                assertThat(event.tenantId()).isEqualTo("tenant-acme");
                assertThat(event.source()).isEqualTo("sn://acme-dev.service-now.com");
                eventIds.add(event.eventId());
            }
        }
        assertThat(eventIds).hasSize(800);
    }

    private static String text(ObjectStore store, String key) {
        return new String(store.get(key).orElseThrow(() -> new AssertionError("missing object " + key)),
                StandardCharsets.UTF_8);
    }
}
