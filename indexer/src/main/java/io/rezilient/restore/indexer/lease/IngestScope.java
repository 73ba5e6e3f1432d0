package io.rezilient.restore.indexer.lease;

/**
 * The unit one indexer owns: its progress row and its lease are keyed by {@code id}; {@code sourceUri} is the
 * source the scope reads, fixed for the life of its progress row (indexer-spec §0).
 */
public record IngestScope(String id, String sourceUri) {
    public IngestScope {
        requireText(id, "ingest scope id");
        requireText(sourceUri, "source URI of ingest scope " + id);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
