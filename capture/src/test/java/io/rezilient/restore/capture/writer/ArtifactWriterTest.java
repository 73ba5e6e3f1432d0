package io.rezilient.restore.capture.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.capture.artifact.ArtifactKind;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.layout.ObjectKeyLayout;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.capture.testing.IndexerRules;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactWriterTest {
    private static final EventHeader HEADER = new EventHeader("4f1c2a9e", "media.manifest",
            Instant.parse("2026-03-04T17:22:05.412Z"), ArtifactKind.MEDIA, "tenant-acme", "acme-prod",
            "sn://acme.service-now.com", null, "incident");
    private static final StreamPosition POSITION = new StreamPosition(new TopicPartition("rez.media", 1), 42);
    @TempDir
    Path dir;

    /** A real filesystem store that remembers the order of puts, and can be told to fail one. */
    private static final class RecordingStore extends ForwardingObjectStore {
        final List<String> puts = new ArrayList<>();
        String failOn;

        RecordingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.equals(failOn)) {
                throw new IllegalStateException("disk full");
            }
            puts.add(key);
            super.put(key, bytes, contentType);
        }
    }

    @Test
    void blobAndArtifactAreStoredBeforeTheManifestThatNamesThem() {
        RecordingStore store = new RecordingStore(new FileSystemObjectStore(dir));
        ArtifactWriter writer = new ArtifactWriter(store, "/rez/restore-artifacts/", ObjectKeyLayout.of(LayoutVersion.V2));
        ArtifactKeys keys = writer.keysFor(HEADER, POSITION);

        WrittenEvent written = writer.write(HEADER, POSITION, keys, "{\"__event_id\":\"4f1c2a9e\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, 3});

        assertThat(store.puts).containsExactly(keys.blobKey(), keys.artifactKey(), keys.manifestKey());
        assertThat(keys.artifactKey()).startsWith("rez/restore-artifacts/rec.object-key-layout.v2/");
        var manifest = Json.parse(new String(store.get(keys.manifestKey()).orElseThrow(), StandardCharsets.UTF_8));
        assertThat(IndexerRules.manifestProblems(manifest)).isEmpty();
        assertThat(manifest.get("app").isNull()).isTrue();
        assertThat(manifest.get("offset").asText()).isEqualTo("42");
        assertThat(manifest.get("event_time").asText()).isEqualTo("2026-03-04T17:22:05.412Z");
        assertThat(written.bytesWritten()).isEqualTo(3 + 25 + store.get(keys.manifestKey()).orElseThrow().length);
        List<String> fields = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("contract_version", "manifest_version", "metadata_allowlist_version",
                "object_key_layout_version", "artifact_key", "artifact_kind", "app", "table", "event_id", "event_type",
                "event_time", "tenant_id", "instance_id", "source", "topic", "partition", "offset", "artifact_sha256",
                "artifact_size_bytes", "artifact_content_type");
    }

    @Test
    void aFailedArtifactWriteLeavesNoManifest() {
        RecordingStore store = new RecordingStore(new FileSystemObjectStore(dir));
        ArtifactWriter writer = new ArtifactWriter(store, "p", ObjectKeyLayout.of(LayoutVersion.V1));
        ArtifactKeys keys = writer.keysFor(HEADER, POSITION);
        store.failOn = keys.artifactKey();

        assertThatThrownBy(() -> writer.write(HEADER, POSITION, keys, new byte[] {'{', '}'}, null)).hasMessage("disk full");
        assertThat(store.get(keys.manifestKey())).isEmpty();
    }

    @Test
    void anEmptyPrefixIsRefused() {
        assertThatThrownBy(() -> new ArtifactWriter(new FileSystemObjectStore(dir), " / ", ObjectKeyLayout.of(LayoutVersion.V1)))
                .hasMessageContaining("prefix must be non-empty");
    }
}
