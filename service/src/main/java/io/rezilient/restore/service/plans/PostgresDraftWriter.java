package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link DraftWriter} on one {@link PlanTransaction} that holds the plan key's advisory lock. */
final class PostgresDraftWriter implements DraftWriter {
    static final int BATCH_SIZE = 1000;

    private final PlanTransaction transaction;
    private final PlanKey key;
    private final PlanRowCopy batch;
    private long rowCount;
    private boolean streaming;

    PostgresDraftWriter(PlanTransaction transaction, PlanKey key) {
        this.transaction = transaction;
        this.key = key;
        this.batch = new PlanRowCopy(key);
    }

    @Override
    public PlanKey key() {
        return key;
    }

    @Override
    public void add(DraftRow row) {
        Objects.requireNonNull(row, "row");
        if (streaming) {
            throw new IllegalStateException("cannot add rows to draft " + key + " while streaming them");
        }
        transaction.connection(); // fail fast once the transaction has failed or ended
        batch.add(row);
        rowCount++;
        if (batch.pending() >= BATCH_SIZE) {
            flush();
        }
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public void streamRowsInOrder(Consumer<DraftRow> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        flush();
        streaming = true;
        try {
            PlanRowsSql.stream(transaction.connection(), key, consumer);
        } catch (SQLException e) {
            throw transaction.failed("cannot read back the rows of draft " + key, e);
        } finally {
            streaming = false;
        }
    }

    @Override
    public void commit(PlanHeader header) {
        Objects.requireNonNull(header, "header");
        if (header.state() != ReconciliationState.DRAFT) {
            throw new IllegalArgumentException("a new plan is stored as a draft, not " + header.state().wire());
        }
        if (header.rowCount() != rowCount) {
            throw new IllegalArgumentException("draft " + key + " header counts " + header.rowCount()
                    + " rows but " + rowCount + " were added");
        }
        flush();
        try {
            PlanHeaderSql.insert(transaction.connection(), key, header);
            transaction.commit();
        } catch (SQLException e) {
            throw transaction.failed("cannot store draft " + key, e);
        }
    }

    @Override
    public void close() {
        transaction.close();
    }

    private void flush() {
        try {
            batch.flush(transaction.connection());
        } catch (SQLException e) {
            throw transaction.failed("cannot write the rows of draft " + key, e);
        }
    }
}
