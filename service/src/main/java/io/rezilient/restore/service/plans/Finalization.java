package io.rezilient.restore.service.plans;

import java.util.function.Consumer;

/**
 * Finalises one draft in one transaction (see {@link PlanStore#beginFinalize}), holding the draft's header locked:
 * the caller streams the draft's rows, submits each reconciled row whose action changed, then commits the
 * finalised header. Rows and header change together or not at all. Not thread-safe.
 */
public interface Finalization extends AutoCloseable {
    PlanKey key();

    /** The draft's header as locked at the start. */
    PlanHeader draft();

    /**
     * Streams the plan's rows in {@code row_id} order; {@link #update} may be called from the consumer. A stream
     * sees the rows as they were when it started, including every update submitted before it; updates submitted
     * during the stream are not seen by it.
     */
    void streamDraftRows(Consumer<DraftRow> consumer);

    /**
     * Replaces the stored row with the same {@code row_id}: its action and precondition hash (the only fields
     * finalising changes). Buffered and written in batches. Rows must be submitted in strictly increasing
     * {@code row_id} order, as {@link #streamDraftRows} delivers them: that detects a repeated row in constant memory.
     *
     * @throws IllegalArgumentException when the draft has no such row, or the order is broken
     */
    void update(DraftRow row);

    /**
     * Writes pending updates, replaces the header and commits.
     *
     * @throws IllegalArgumentException when the header is not finalised or its row count differs from the draft's
     */
    void commit(PlanHeader finalized);

    /** Rolls back unless committed; releases the connection. */
    @Override
    void close();
}
