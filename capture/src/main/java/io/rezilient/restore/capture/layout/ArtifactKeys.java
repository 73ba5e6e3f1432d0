package io.rezilient.restore.capture.layout;

/**
 * The objects of one event. They share a stem, so they sort next to each other: the blob (media only), then
 * the artifact, then the manifest.
 */
public record ArtifactKeys(String artifactKey, String manifestKey, String blobKey) {
    public static final String ARTIFACT_SUFFIX = ".artifact.json";
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Encrypted attachment bytes of a media event. */
    public static final String BLOB_SUFFIX = ".blob.bin";

    static ArtifactKeys fromStem(String stem) {
        return new ArtifactKeys(stem + ARTIFACT_SUFFIX, stem + MANIFEST_SUFFIX, stem + BLOB_SUFFIX);
    }

    /** The manifest key for an artifact key, as the indexer derives it. */
    public static String manifestKeyOf(String artifactKey) {
        if (!artifactKey.endsWith(ARTIFACT_SUFFIX)) {
            throw new IllegalArgumentException("artifact key must end with " + ARTIFACT_SUFFIX + ": " + artifactKey);
        }
        return artifactKey.substring(0, artifactKey.length() - ARTIFACT_SUFFIX.length()) + MANIFEST_SUFFIX;
    }
}
