package io.rezilient.restore.indexer.store;

/** How a quarantined artifact was settled ({@code quarantined_artifacts.resolution}). */
public enum QuarantineResolution {
    /** A later attempt indexed it. */
    INDEXED("indexed"),
    /** An operator decided it will never be indexed. */
    SKIPPED("skipped"),
    /** A newer artifact (e.g. a corrected re-export) replaces it. */
    SUPERSEDED("superseded");

    private final String wire;

    QuarantineResolution(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static QuarantineResolution fromWire(String value) {
        for (QuarantineResolution resolution : values()) {
            if (resolution.wire.equals(value)) {
                return resolution;
            }
        }
        throw new IllegalArgumentException("unknown quarantine resolution " + value
                + "; expected indexed, skipped or superseded");
    }
}
