package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.cursor.SourceCursorState;

import java.util.Optional;

/**
 * Where a worker starts when its ingest scope has no progress row yet. Starting from nothing is always correct (an
 * event indexed twice is stored once); a seed only saves re-reading what another scope over the same source already
 * indexed, e.g. when a scope is split into partition groups.
 */
@FunctionalInterface
public interface CursorSeed {
    /** No seed: a new scope starts from the beginning of the source. */
    CursorSeed NONE = Optional::empty;

    /** The cursor to start from, read now (at the start of each lease term without a progress row). */
    Optional<SourceCursorState> seed();
}
