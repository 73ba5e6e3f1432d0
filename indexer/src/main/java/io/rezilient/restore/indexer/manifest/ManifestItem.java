package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A manifest with the metadata extracted from its artifact, before normalisation: the reference's work item
 * (indexer-spec §2.3). The metadata holds only allow-listed keys, with raw, not yet validated values.
 *
 * @param manifest the validated manifest
 * @param metadata allow-listed metadata; a private copy, so callers cannot change the item after the fact
 */
public record ManifestItem(Manifest manifest, ObjectNode metadata) {
    public ManifestItem {
        Objects.requireNonNull(manifest, "manifest");
        metadata = Objects.requireNonNull(metadata, "metadata").deepCopy();
    }

    /** A copy of the extracted metadata. */
    @Override
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }
}
