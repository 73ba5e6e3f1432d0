package io.rezilient.restore.indexer.config;

/** {@code REZ_RESTORE_INDEXER_SOURCE_INGESTION_MODE}: why the source is being read (diagnostic, as in the reference). */
public enum IngestionMode {
    REALTIME("realtime"),
    BOOTSTRAP("bootstrap"),
    GAP_REPAIR("gap_repair");

    private final String wire;

    IngestionMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
