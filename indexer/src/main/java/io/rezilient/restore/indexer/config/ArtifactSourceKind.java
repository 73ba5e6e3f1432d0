package io.rezilient.restore.indexer.config;

/** {@code REZ_RESTORE_INDEXER_ARTIFACT_SOURCE}: where the indexer reads from. */
public enum ArtifactSourceKind {
    /** Production: manifests and artifacts from an object store (S3 or a filesystem directory). */
    REC_MANIFEST_OBJECT_STORE("rec_manifest_object_store"),
    /** Opt-in only: nothing is read or written, so a deployment can be smoke-tested without a bucket. */
    IN_MEMORY_SCAFFOLD("in_memory_scaffold");

    private final String wire;

    ArtifactSourceKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
