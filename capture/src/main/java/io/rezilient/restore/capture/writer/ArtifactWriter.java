package io.rezilient.restore.capture.writer;

import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.ObjectKeyLayout;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.objectstore.ObjectKeys;
import io.rezilient.restore.objectstore.ObjectStore;

/**
 * Writes one event as objects: the encrypted attachment blob (media only), then the artifact, then the manifest.
 * The order is the contract: a reader that sees a manifest can always read its artifact (and blob). Thread-safe;
 * writes of one event happen on the calling thread.
 */
public final class ArtifactWriter {
    public static final String ARTIFACT_CONTENT_TYPE = "application/json";
    public static final String BLOB_CONTENT_TYPE = "application/octet-stream";

    private final ObjectStore store;
    private final String prefix;
    private final ObjectKeyLayout layout;

    /** {@code prefix} is the indexer's source prefix; leading and trailing '/' are dropped and it must stay non-empty. */
    public ArtifactWriter(ObjectStore store, String prefix, ObjectKeyLayout layout) {
        this.store = store;
        this.prefix = normalizePrefix(prefix);
        this.layout = layout;
    }

    /** The prefix as keys use it: no leading or trailing '/', never empty. */
    public static String normalizePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("prefix must be non-empty (the indexer lists '<prefix>/'), got '"
                    + prefix + "'");
        }
        return ObjectKeys.requireValidKey(trimmed);
    }

    public String prefix() {
        return prefix;
    }

    public ObjectKeyLayout layout() {
        return layout;
    }

    public ObjectStore store() {
        return store;
    }

    public ArtifactKeys keysFor(EventHeader header, StreamPosition position) {
        return layout.keysFor(prefix, header, position);
    }

    /**
     * Stores the event: {@code blob} (may be null) under {@code keys.blobKey()}, {@code artifactBody} under
     * {@code keys.artifactKey()}, then the manifest describing both.
     */
    public WrittenEvent write(EventHeader header, StreamPosition position, ArtifactKeys keys, byte[] artifactBody,
                              byte[] blob) {
        long bytes = 0;
        if (blob != null) {
            store.put(keys.blobKey(), blob, BLOB_CONTENT_TYPE);
            bytes += blob.length;
        }
        store.put(keys.artifactKey(), artifactBody, ARTIFACT_CONTENT_TYPE);
        bytes += artifactBody.length;
        Manifest manifest = new Manifest(layout.version(), keys.artifactKey(), header.kind(), header.app(),
                header.table(), header.eventId(), header.eventType(), header.eventTime(), header.tenantId(),
                header.instanceId(), header.source(), position.topic(), position.partition(), position.offset(),
                Sha256.hex(artifactBody), artifactBody.length, ARTIFACT_CONTENT_TYPE);
        byte[] manifestBytes = manifest.toJsonBytes();
        store.put(keys.manifestKey(), manifestBytes, Manifest.CONTENT_TYPE);
        bytes += manifestBytes.length;
        return new WrittenEvent(keys, manifest, bytes);
    }
}
