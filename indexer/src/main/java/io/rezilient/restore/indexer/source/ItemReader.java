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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads manifest then artifact for each selected key, at most {@code concurrency} objects in flight (virtual threads
 * behind a semaphore), and returns the items in the order of the keys. Transient store errors were already retried
 * by the object store; whatever still fails becomes a {@link SourceItem.Failed} for that key alone.
 */
final class ItemReader {
    private final ObjectStore store;
    private final Semaphore permits;

    ItemReader(ObjectStore store, int concurrency) {
        this.store = store;
        this.permits = new Semaphore(concurrency);
    }

    /** Reads {@code keys} (with their origins) concurrently; results in input order. */
    List<SourceItem> readAll(List<String> keys, List<ItemOrigin> origins) {
        if (keys.size() == 1) {
            return List.of(read(keys.getFirst(), origins.getFirst()));
        }
        List<Future<SourceItem>> futures = new ArrayList<>(keys.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                ItemOrigin origin = origins.get(i);
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return read(key, origin);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<SourceItem> items = new ArrayList<>(keys.size());
            for (Future<SourceItem> future : futures) {
                items.add(future.get());
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

    /** Reads one manifest and its artifact; never throws for a bad or missing object. */
    SourceItem read(String manifestKey, ItemOrigin origin) {
        Manifest manifest = null;
        try {
            Optional<String> manifestText = text(manifestKey);
            if (manifestText.isEmpty()) {
                return new SourceItem.Failed(manifestKey, origin, null, FailureReason.MANIFEST_MISSING,
                        "manifest " + manifestKey + " was listed but no longer exists");
            }
            manifest = ManifestParser.parse(manifestKey, manifestText.get());
        } catch (ArtifactRejectedException rejected) {
            return new SourceItem.Failed(manifestKey, origin, null, FailureReason.MANIFEST_REJECTED,
                    rejected.reason());
        } catch (ObjectStoreException failed) {
            return new SourceItem.Failed(manifestKey, origin, null, FailureReason.READ_FAILED,
                    "reading manifest failed: " + failed.getMessage());
        }
        try {
            Optional<String> artifactText = text(manifest.artifactKey());
            if (artifactText.isEmpty()) {
                return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.ARTIFACT_MISSING,
                        "artifact " + manifest.artifactKey() + " does not exist");
            }
            return new SourceItem.Read(origin, ArtifactMetadataExtractor.extract(manifest, artifactText.get()));
        } catch (ArtifactRejectedException rejected) {
            return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.ARTIFACT_REJECTED,
                    rejected.reason());
        } catch (ObjectStoreException failed) {
            return new SourceItem.Failed(manifestKey, origin, manifest, FailureReason.READ_FAILED,
                    "reading artifact failed: " + failed.getMessage());
        }
    }

    private Optional<String> text(String key) {
        return store.get(key).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
