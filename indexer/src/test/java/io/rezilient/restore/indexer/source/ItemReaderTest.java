package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a manifest and its artifact: together when the listing named the artifact (round trips halved on a remote
 * store), one after the other otherwise, and always the artifact the manifest names.
 */
class ItemReaderTest {
    private static final Instant TIME = Instant.parse("2026-03-04T17:22:04Z");

    /**
     * A store whose manifest reads wait until the artifact of the same item has been asked for (or a timeout):
     * reads one after the other would time out, reads together pass straight through.
     */
    private static final class ManifestWaitsForArtifact extends ForwardingObjectStore {
        private final CountDownLatch artifactAsked = new CountDownLatch(1);
        final List<String> reads = new CopyOnWriteArrayList<>();
        volatile boolean manifestWaitedInVain;

        ManifestWaitsForArtifact(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<ObjectStream> open(String key) {
            reads.add(key);
            if (key.endsWith(ManifestKeys.ARTIFACT_SUFFIX)) {
                artifactAsked.countDown();
            } else {
                try {
                    manifestWaitedInVain = !artifactAsked.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.open(key);
        }
    }

    private static SourceFixture fixture(ObjectStore store) {
        return new SourceFixture(store, "rec", "tenant-acme", "acme-prod", "sn://acme.service-now.com", "rez.cdc");
    }

    @Test
    void aListedArtifactIsRequestedTogetherWithItsManifest(@TempDir Path root) {
        ManifestWaitsForArtifact store = new ManifestWaitsForArtifact(new FileSystemObjectStore(root, false));
        String manifest = fixture(store).putV2("incident", "e1", 3, 7, TIME);

        List<SourceItem> items = new ItemReader(store, 4).readAll(List.of(manifest), List.of(ItemOrigin.FAST),
                Set.of(ManifestKeys.artifactKeyOf(manifest)));

        assertThat(store.manifestWaitedInVain).as("the artifact was asked for while the manifest was read").isFalse();
        assertThat(items).singleElement().isInstanceOf(SourceItem.Read.class);
        assertThat(store.reads).containsExactlyInAnyOrder(manifest, ManifestKeys.artifactKeyOf(manifest));
    }

    @Test
    void aSourceRequestsTheArtifactsItsListingNamedTogetherWithTheirManifestsInBothLayouts(@TempDir Path root) {
        for (CursorMode mode : List.of(CursorMode.V2_PRIMARY, CursorMode.MIXED)) {
            ManifestWaitsForArtifact store = new ManifestWaitsForArtifact(
                    new FileSystemObjectStore(root.resolve(mode.name()), false));
            SourceFixture fixture = fixture(store);
            String manifest = mode == CursorMode.V2_PRIMARY ? fixture.putV2("incident", "e1", 3, 7, TIME)
                    : fixture.putV1("incident", "e1", 3, 7, TIME);

            SourceBatch batch = new ManifestSource(store, SourceSettings.of("rec", mode))
                    .readBatch(SourceCursors.read(null, ReplaySettings.DEFAULT), 10, TIME);

            assertThat(batch.items()).as(mode.name()).singleElement().isInstanceOf(SourceItem.Read.class);
            assertThat(store.manifestWaitedInVain).as(mode.name()).isFalse();
            assertThat(store.reads).as(mode.name()).contains(manifest);
        }
    }

    @Test
    void anArtifactTheListingDidNotNameIsReadAfterItsManifest(@TempDir Path root) {
        CountingStore store = new CountingStore(new FileSystemObjectStore(root, false));
        String manifest = fixture(store).putV2("incident", "e1", 3, 7, TIME);

        List<SourceItem> items = new ItemReader(store, 4).readAll(List.of(manifest), List.of(ItemOrigin.FAST),
                Set.of());

        assertThat(items).singleElement().isInstanceOf(SourceItem.Read.class);
        assertThat(store.reads).containsExactly(manifest, ManifestKeys.artifactKeyOf(manifest));
    }

    @Test
    void theManifestDecidesWhichArtifactIsReadEvenWhenAnotherWasRequestedWithIt(@TempDir Path root) {
        CountingStore store = new CountingStore(new FileSystemObjectStore(root, false));
        SourceFixture fixture = fixture(store);
        String stem = fixture.v2Stem(3, 7, "e1");
        String elsewhere = "rec/elsewhere/e1.artifact.json";
        String manifest = fixture.put(stem, "rec.object-key-layout.v2", "incident", "e1", 3, 7, TIME, null);
        // the manifest names another artifact key than the conventional one, which holds a decoy
        store.put(manifest, new String(store.get(manifest).orElseThrow(), StandardCharsets.UTF_8)
                .replace(stem + ".artifact.json", elsewhere).getBytes(StandardCharsets.UTF_8));
        store.put(stem + ".artifact.json", fixture.artifact("incident", "decoy", TIME).getBytes(StandardCharsets.UTF_8));
        store.put(elsewhere, fixture.artifact("incident", "e1", TIME).getBytes(StandardCharsets.UTF_8));

        List<SourceItem> items = new ItemReader(store, 4).readAll(List.of(manifest), List.of(ItemOrigin.FAST),
                Set.of(stem + ".artifact.json"));

        assertThat(items).singleElement().isInstanceOfSatisfying(SourceItem.Read.class,
                read -> assertThat(read.toString()).contains("e1").doesNotContain("decoy"));
        assertThat(store.reads).contains(elsewhere);
    }

    @Test
    void withOneReadInFlightNothingIsRequestedAhead(@TempDir Path root) {
        CountingStore store = new CountingStore(new FileSystemObjectStore(root, false));
        SourceFixture fixture = fixture(store);
        String first = fixture.putV2("incident", "e1", 3, 7, TIME);
        String second = fixture.putV2("incident", "e2", 3, 8, TIME);

        List<SourceItem> items = new ItemReader(store, 1).readAll(List.of(first, second),
                List.of(ItemOrigin.FAST, ItemOrigin.FAST),
                Set.of(ManifestKeys.artifactKeyOf(first), ManifestKeys.artifactKeyOf(second)));

        assertThat(items).hasSize(2).allSatisfy(item -> assertThat(item).isInstanceOf(SourceItem.Read.class));
        assertThat(store.reads).containsExactly(first, ManifestKeys.artifactKeyOf(first), second,
                ManifestKeys.artifactKeyOf(second));
    }
}
