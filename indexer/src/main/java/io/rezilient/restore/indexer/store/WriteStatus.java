package io.rezilient.restore.indexer.store;

/** What writing one event did. */
public enum WriteStatus {
    /** A new row. */
    INSERTED("inserted"),
    /** The idempotency key was already indexed (or repeated earlier in the same batch): nothing changed. */
    EXISTING("existing");

    private final String wire;

    WriteStatus(String wire) {
        this.wire = wire;
    }

    /** The reference's word for it, for logs. */
    public String wire() {
        return wire;
    }
}
