package io.rezilient.restore.service.plans;

import java.util.function.Consumer;

/**
 * Writes one new draft in one transaction (see {@link PlanStore#beginDraft}). Rows go first, streamed in any
 * order; the header, which carries the hash computed over the rows in {@code row_id} order, goes last, and both
 * become visible together on {@link #commit}. Not thread-safe: one dry-run owns it.
 */
public interface DraftWriter extends AutoCloseable {
    PlanKey key();

    /**
     * Adds a row (buffered, written in batches).
     *
     * @throws IllegalArgumentException when the draft already has a row with this {@code row_id}, or the row
     *                                  breaks a schema rule (the draft can then only be closed)
     */
    void add(DraftRow row);

    /** Rows added so far. */
    long rowCount();

    /** Streams the rows added so far in {@code row_id} order (byte-wise), reading them back from the transaction. */
    void streamRowsInOrder(Consumer<DraftRow> consumer);

    /**
     * Stores the header and commits the draft.
     *
     * @throws IllegalArgumentException when the header is not a draft or its row count differs from the rows added
     */
    void commit(PlanHeader header);

    /** Rolls the draft back unless it was committed; releases the connection. */
    @Override
    void close();
}
