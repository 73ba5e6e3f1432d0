package io.rezilient.restore.indexer.source;

import io.rezilient.restore.indexer.manifest.ArtifactMetadataExtractor;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestParser;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStoreException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the manifest and the artifact of each selected key, at most {@code concurrency} objects in flight (virtual
 * threads behind a semaphore), and returns the items in the order of the keys. Where the listing also named the
 * artifact key that goes with a manifest by the REC naming rule ({@code <base>.manifest.json} →
 * {@code <base>.artifact.json}), both are requested at once, halving the round trips to a remote store; the manifest
 * still decides which artifact is read, so when it names another key that one is read after it, as for an item whose
 * artifact was not listed. Transient store errors were already retried by the object store; whatever still fails
 * becomes a {@link SourceItem.Failed} for that key alone.
 */
final class ItemReader {
    private final ObjectStore store;
    private final int concurrency;
    private final ReadPermits permits;

    ItemReader(ObjectStore store, int concurrency) {
        this(store, ReadPermits.of(concurrency));
    }

    ItemReader(ObjectStore store, ReadPermits permits) {
        this.store = store;
        this.concurrency = permits.concurrency();
        this.permits = permits;
    }

    /** Reads {@code keys} (with their origins) concurrently; results in input order. */
    List<SourceItem> readAll(List<String> keys, List<ItemOrigin> origins) {
        return readAll(keys, origins, Set.of());
    }

    /**
     * As {@link #readAll(List, List)}; {@code listedArtifacts} are artifact keys the listing returned, whose reads
     * may start together with their manifests'.
     */
    List<SourceItem> readAll(List<String> keys, List<ItemOrigin> origins, Set<String> listedArtifacts) {
        if (keys.size() == 1 && listedArtifacts.isEmpty()) {
            return List.of(read(keys.getFirst(), origins.getFirst()));
        }
        List<Future<SourceItem>> futures = new ArrayList<>(keys.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                ItemOrigin origin = origins.get(i);
                // both reads' permits are taken at once: a task holding one while waiting for a second could
                // deadlock with every other task doing the same
                boolean together = concurrency >= 2 && listedArtifacts.contains(ManifestKeys.artifactKeyOf(key));
                int needed = together ? 2 : 1;
                futures.add(executor.submit(() -> {
                    permits.acquire(needed);
                    try {
                        return together ? readTogether(key, origin, executor) : read(key, origin);
                    } finally {
                        permits.release(needed);
                    }
                }));
            }
            List<SourceItem> items = new ArrayList<>(keys.size());
            try {
                for (Future<SourceItem> future : futures) {
                    items.add(future.get());
                }
            } catch (InterruptedException interrupted) {
                executor.shutdownNow(); // an abandoned batch (read ahead, then discarded) stops its reads now
                throw interrupted;
            }
            return items;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading manifests", interrupted);
        } catch (ExecutionException unexpected) {
            // read() turns every expected failure into an item; anything else is a bug and must surface
            throw new IllegalStateException("reading a manifest failed unexpectedly: " + unexpected.getCause(),
                    unexpected.getCause());
        }
    }

    /** Reads one manifest and then its artifact; never throws for a bad or missing object. */
    SourceItem read(String manifestKey, ItemOrigin origin) {
        ManifestRead manifest = readManifest(manifestKey, origin);
        if (manifest.failed() != null) {
            return manifest.failed();
        }
        return readArtifact(manifestKey, origin, manifest, () -> text(manifest.manifest().artifactKey()));
    }

    /** Reads a manifest and its conventionally named artifact at once; the manifest decides which artifact counts. */
    private SourceItem readTogether(String manifestKey, ItemOrigin origin, ExecutorService executor)
            throws InterruptedException {
        String expectedArtifact = ManifestKeys.artifactKeyOf(manifestKey);
        Future<Optional<Text>> artifact = executor.submit(() -> text(expectedArtifact));
        ManifestRead manifest = readManifest(manifestKey, origin);
        if (manifest.failed() != null) {
            artifact.cancel(true);
            return manifest.failed();
        }
        if (!manifest.manifest().artifactKey().equals(expectedArtifact)) {
            artifact.cancel(true);
            return readArtifact(manifestKey, origin, manifest, () -> text(manifest.manifest().artifactKey()));
        }
        return readArtifact(manifestKey, origin, manifest, () -> {
            try {
                return artifact.get();
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof ObjectStoreException storeFailure) {
                    throw storeFailure;
                }
                throw new IllegalStateException("reading artifact " + expectedArtifact + " failed unexpectedly",
                        failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + expectedArtifact, interrupted);
            }
        });
    }

    /** A parsed manifest and the bytes it took, or the item its failure makes. */
    private record ManifestRead(Manifest manifest, int bytes, SourceItem.Failed failed) {
    }

    /** An object's text and its size in bytes (the backfill audit counts bytes read). */
    private record Text(String value, int bytes) {
    }

    private ManifestRead readManifest(String manifestKey, ItemOrigin origin) {
        try {
            Optional<Text> manifestText = text(manifestKey);
            if (manifestText.isEmpty()) {
                return new ManifestRead(null, 0, new SourceItem.Failed(manifestKey, origin, null,
                        FailureReason.MANIFEST_MISSING, "manifest " + manifestKey + " was listed but no longer exists"));
            }
            return new ManifestRead(ManifestParser.parse(manifestKey, manifestText.get().value()),
                    manifestText.get().bytes(), null);
        } catch (ArtifactRejectedException rejected) {
            return new ManifestRead(null, 0, new SourceItem.Failed(manifestKey, origin, null,
                    FailureReason.MANIFEST_REJECTED, rejected.reason()));
        } catch (ObjectStoreException failed) {
            return new ManifestRead(null, 0, new SourceItem.Failed(manifestKey, origin, null, FailureReason.READ_FAILED,
                    "reading manifest failed: " + failed.getMessage()));
        }
    }

    private SourceItem readArtifact(String manifestKey, ItemOrigin origin, ManifestRead read,
                                    Supplier<Optional<Text>> artifactText) {
        Manifest manifest = read.manifest();
        try {
            Optional<Text> text = artifactText.get();
            if (text.isEmpty()) {
                return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.ARTIFACT_MISSING,
                        "artifact " + manifest.artifactKey() + " does not exist");
            }
            return new SourceItem.Read(origin, ArtifactMetadataExtractor.extract(manifest, text.get().value()),
                    read.bytes() + text.get().bytes());
        } catch (ArtifactRejectedException rejected) {
            return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.ARTIFACT_REJECTED,
                    rejected.reason());
        } catch (ObjectStoreException failed) {
            return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.READ_FAILED,
                    "reading artifact failed: " + failed.getMessage());
        }
    }

    private Optional<Text> text(String key) {
        return store.get(key).map(bytes -> new Text(new String(bytes, StandardCharsets.UTF_8), bytes.length));
    }
}
