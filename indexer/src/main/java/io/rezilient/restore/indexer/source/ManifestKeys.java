package io.rezilient.restore.indexer.source;

/** Which listed keys are work items (indexer-spec §2.1). */
final class ManifestKeys {
    static final String MANIFEST_SUFFIX = ".manifest.json";
    static final String ARTIFACT_SUFFIX = ".artifact.json";
    /** Page size bounds of the reference: {@code max(100, min(limit * 4, 5000))}. */
    private static final int MIN_PAGE = 100;
    private static final int MAX_PAGE = 5000;

    private ManifestKeys() {
    }

    static boolean isManifest(String listingPrefix, String key) {
        return key.startsWith(listingPrefix) && key.endsWith(MANIFEST_SUFFIX);
    }

    /** The artifact key that goes with a manifest key by the REC naming rule: {@code <base>.artifact.json}. */
    static String artifactKeyOf(String manifestKey) {
        return manifestKey.endsWith(MANIFEST_SUFFIX)
                ? manifestKey.substring(0, manifestKey.length() - MANIFEST_SUFFIX.length()) + ARTIFACT_SUFFIX
                : manifestKey + ARTIFACT_SUFFIX;
    }

    static boolean isArtifact(String key) {
        return key.endsWith(ARTIFACT_SUFFIX);
    }

    static int pageSize(int limit) {
        return Math.max(MIN_PAGE, Math.min(limit * 4, MAX_PAGE));
    }
}
