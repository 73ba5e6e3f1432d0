package io.rezilient.restore.service.plans;

import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.TransientObjectStoreException;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.index.RecordCandidates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.rezilient.restore.service.plans.PlanFixtures.ENVELOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreArtifactBodyReaderTest {
    private static final String KEY = "rez/restore/event=evt-1.artifact.json";
    private static final String MANIFEST = "rez/restore/event=evt-1.manifest.json";

    @TempDir
    Path root;
    private FileSystemObjectStore store;
    private ObjectStoreArtifactBodyReader reader;

    @BeforeEach
    void open() {
        store = new FileSystemObjectStore(root, false);
        reader = new ObjectStoreArtifactBodyReader(store);
    }

    private void put(String text) {
        store.put(KEY, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheArtifactKeyAsJson() {
        put("{\"__op\":\"U\",\"row_enc\":" + ENVELOPE + "}");

        assertThat(reader.read(KEY, "ignored/manifest.json")).hasValueSatisfying(
                body -> assertThat(body.get("__op").asText()).isEqualTo("U"));
    }

    @Test
    void aMissingOrEmptyObjectOrBlankKeyIsAbsent() {
        assertThat(reader.read(KEY, MANIFEST)).isEmpty();
        put("");
        assertThat(reader.read(KEY, MANIFEST)).isEmpty();
        assertThat(reader.read("  ", MANIFEST)).isEmpty();
        assertThat(reader.read(null, MANIFEST)).isEmpty();
    }

    @Test
    void aBlankKeyNeverReachesTheStore() {
        ObjectStore refusing = failingStore();

        assertThat(new ObjectStoreArtifactBodyReader(refusing).read("", MANIFEST)).isEmpty();
    }

    @Test
    void malformedOrDuplicatedJsonIsUnavailable() {
        put("{not json");
        assertThatThrownBy(() -> reader.read(KEY, MANIFEST)).isInstanceOf(ArtifactBodyUnavailableException.class)
                .hasMessageContaining("not valid JSON");
        put("{\"__op\":\"U\",\"__op\":\"D\"}");
        assertThatThrownBy(() -> reader.read(KEY, MANIFEST)).isInstanceOf(ArtifactBodyUnavailableException.class);
        put("{} {}");
        assertThatThrownBy(() -> reader.read(KEY, MANIFEST)).isInstanceOf(ArtifactBodyUnavailableException.class);
        put("   ");
        assertThatThrownBy(() -> reader.read(KEY, MANIFEST)).isInstanceOf(ArtifactBodyUnavailableException.class);
    }

    @Test
    void aStoreFailureIsUnavailable() {
        assertThatThrownBy(() -> new ObjectStoreArtifactBodyReader(failingStore()).read(KEY, MANIFEST))
                .isInstanceOf(ArtifactBodyUnavailableException.class)
                .hasCauseInstanceOf(TransientObjectStoreException.class);
    }

    @Test
    void anArrayBodyIsReadButCannotBeMaterialised() {
        put("[{\"__op\":\"U\",\"row_enc\":" + ENVELOPE + "}]");
        IndexedEvent winner = new IndexedEvent("evt-1", null, "x_app.ticket", "rec-1", null, "2026-02-21 10:00:00", 1,
                Instant.parse("2026-02-21T10:00:00Z"), "rez.cdc", 0, "100", KEY, MANIFEST, null, null);
        RecordCandidates record = new RecordCandidates("x_app.ticket", "rec-1", List.of(winner), Optional.empty());

        assertThat(reader.read(KEY, MANIFEST)).hasValueSatisfying(body -> assertThat(body.isArray()).isTrue());
        assertThatThrownBy(() -> new RecordMaterializer(SCOPE, reader).materializeRequested(record))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.code()).isEqualTo(MaterializationCode.INVALID_ARTIFACT_BODY);
                    assertThat(e.getMessage()).isEqualTo("artifact body root must be an object");
                    assertThat(e.details().get("artifactKey").asText()).isEqualTo(KEY);
                });
    }

    /** A store whose every read fails, and which fails the test if anything else is called. */
    private static ObjectStore failingStore() {
        return new ObjectStore() {
            @Override
            public ListPage list(String prefix, String startAfter, int limit) {
                throw new AssertionError("not used");
            }

            @Override
            public Optional<ObjectStream> open(String key) {
                throw new TransientObjectStoreException("connection reset reading " + key, null);
            }

            @Override
            public void put(String key, byte[] bytes, String contentType) {
                throw new AssertionError("not used");
            }

            @Override
            public void delete(String key) {
                throw new AssertionError("not used");
            }

            @Override
            public String describe() {
                return "failing://store";
            }
        };
    }
}
