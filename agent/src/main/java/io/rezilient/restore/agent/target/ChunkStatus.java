package io.rezilient.restore.agent.target;

/** How a chunk was applied. */
public enum ChunkStatus {
    /** As one unit: every row was applied or skipped by its plan action in one transaction. */
    APPLIED("applied"),
    /** Row by row: some row conflicted or failed, so each row was applied on its own (its own savepoint). */
    ROW_FALLBACK("row_fallback");

    private final String wire;

    ChunkStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ChunkStatus fromWire(String value) {
        for (ChunkStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown chunk status '" + value + "'");
    }
}
