package io.rezilient.restore.indexer.source;

/** Which path selected a work item. */
public enum ItemOrigin {
    /** The fast path (keys after the scan cursor) or a v2 partition listing. */
    FAST,
    /** The v1 replay window below the scan cursor. */
    REPLAY,
    /** A due retry of a quarantined artifact. */
    RETRY
}
