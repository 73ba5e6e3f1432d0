package io.rezilient.restore.indexer.source;

/** Why a work item could not be indexed: the {@code reason_code} of its quarantine row. */
public enum FailureReason {
    /** The manifest was listed but is gone when read. */
    MANIFEST_MISSING("manifest_missing"),
    /** The manifest is not valid JSON or breaks the manifest contract. */
    MANIFEST_REJECTED("manifest_rejected"),
    /** The manifest names an artifact that does not exist (404). */
    ARTIFACT_MISSING("artifact_missing"),
    /** The artifact is not valid JSON or not an object. */
    ARTIFACT_REJECTED("artifact_rejected"),
    /** The object store still failed after its own retries. */
    READ_FAILED("read_failed"),
    /** Normalisation refused the metadata (allow-list, identity, coordinates). */
    METADATA_REJECTED("metadata_rejected");

    private final String wire;

    FailureReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
