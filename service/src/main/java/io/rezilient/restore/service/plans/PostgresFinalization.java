package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link Finalization} on one {@link PlanTransaction} that holds the draft's header {@code FOR UPDATE}. Updates may
 * be flushed while the row cursor is open: pgjdbc keeps the cursor's portal open across other statements of the
 * same transaction.
 */
final class PostgresFinalization implements Finalization {
    private final PlanTransaction transaction;
    private final PlanKey key;
    private final PlanHeader draft;
    private final PlanRowUpdate updates;
    private byte[] lastRowId;

    PostgresFinalization(PlanTransaction transaction, PlanKey key, PlanHeader draft) {
        this.transaction = transaction;
        this.key = key;
        this.draft = draft;
        this.updates = new PlanRowUpdate(key);
    }

    @Override
    public PlanKey key() {
        return key;
    }

    @Override
    public PlanHeader draft() {
        return draft;
    }

    @Override
    public void streamDraftRows(Consumer<DraftRow> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        flush(); // so that the stream's snapshot includes every update submitted before it
        try {
            PlanRowsSql.stream(transaction.connection(), key, consumer);
        } catch (SQLException e) {
            throw transaction.failed("cannot read the rows of draft " + key, e);
        }
    }

    @Override
    public void update(DraftRow row) {
        Objects.requireNonNull(row, "row");
        byte[] rowId = row.row().rowId().getBytes(StandardCharsets.UTF_8);
        // byte-wise, the order of the COLLATE "C" column the rows are streamed in
        if (lastRowId != null && Arrays.compareUnsigned(lastRowId, rowId) >= 0) {
            throw new IllegalArgumentException("plan " + key + ": row " + row.row().rowId()
                    + " is updated out of row_id order or twice");
        }
        transaction.connection(); // fail fast once the transaction has failed or ended
        lastRowId = rowId;
        updates.add(row);
        if (updates.pending() >= PlanRowUpdate.BATCH_SIZE) {
            flush();
        }
    }

    @Override
    public void commit(PlanHeader finalized) {
        Objects.requireNonNull(finalized, "finalized");
        if (finalized.state() != ReconciliationState.FINALIZED) {
            throw new IllegalArgumentException("finalising stores a finalized plan, not " + finalized.state().wire());
        }
        if (finalized.rowCount() != draft.rowCount()) {
            throw new IllegalArgumentException("plan " + key + " header counts " + finalized.rowCount()
                    + " rows but the draft has " + draft.rowCount());
        }
        flush();
        try {
            PlanHeaderSql.update(transaction.connection(), key, finalized);
            transaction.commit();
        } catch (SQLException e) {
            throw transaction.failed("cannot store finalized plan " + key, e);
        }
    }

    @Override
    public void close() {
        transaction.close();
    }

    private void flush() {
        try {
            updates.flush(transaction.connection());
        } catch (SQLException e) {
            throw transaction.failed("cannot update the rows of plan " + key, e);
        } catch (IllegalArgumentException e) {
            transaction.markFailed(); // the batch applied in part
            throw e;
        }
    }
}
