package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.ReconciliationState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Plans in {@code rez_restore.plans} and {@code plan_rows} (migration V5). Needs a login with
 * {@code rez_restore_service_rw}. Drafts and finalisations each hold one connection for their transaction, so
 * the pool must allow for as many concurrent dry-runs and finalisations as it serves.
 */
public final class PostgresPlanStore implements PlanStore {
    private final DataSource dataSource;

    public PostgresPlanStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<PlanHeader> findHeader(PlanKey key) {
        Objects.requireNonNull(key, "key");
        try (PlanTransaction transaction = PlanTransaction.open(dataSource, "cannot read plan " + key)) {
            return PlanHeaderSql.find(transaction.connection(), key, false);
        } catch (SQLException e) {
            throw PlanSqlErrors.translate("cannot read plan " + key, e);
        }
    }

    @Override
    public Optional<PlanFacts> findFacts(PlanKey key) {
        Objects.requireNonNull(key, "key");
        try (Connection connection = dataSource.getConnection()) {
            return PlanHeaderSql.findFacts(connection, key);
        } catch (SQLException e) {
            throw PlanSqlErrors.translate("cannot read plan " + key, e);
        }
    }

    @Override
    public void streamRows(PlanKey key, Consumer<DraftRow> consumer) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(consumer, "consumer");
        try (PlanTransaction transaction = PlanTransaction.open(dataSource, "cannot read the rows of plan " + key)) {
            PlanRowsSql.stream(transaction.connection(), key, consumer);
        } catch (SQLException e) {
            throw PlanSqlErrors.translate("cannot read the rows of plan " + key, e);
        }
    }

    @Override
    public DraftStart beginDraft(PlanKey key) {
        Objects.requireNonNull(key, "key");
        PlanTransaction transaction = PlanTransaction.open(dataSource, "cannot start draft " + key);
        try {
            // Serialises dry-runs of one key: the check below then sees any plan a previous holder committed
            // (READ COMMITTED takes a new snapshot per statement, after the lock was granted).
            transaction.lock(key);
            Optional<PlanHeader> existing = PlanHeaderSql.find(transaction.connection(), key, false);
            if (existing.isPresent()) {
                transaction.close();
                return new DraftStart.Exists(existing.get());
            }
            return new DraftStart.Opened(new PostgresDraftWriter(transaction, key));
        } catch (SQLException e) {
            transaction.close();
            throw PlanSqlErrors.translate("cannot start draft " + key, e);
        } catch (RuntimeException e) {
            transaction.close();
            throw e;
        }
    }

    @Override
    public FinalizeStart beginFinalize(PlanKey key) {
        Objects.requireNonNull(key, "key");
        PlanTransaction transaction = PlanTransaction.open(dataSource, "cannot start finalising " + key);
        try {
            Optional<PlanHeader> header = PlanHeaderSql.find(transaction.connection(), key, true);
            if (header.isEmpty()) {
                transaction.close();
                return new FinalizeStart.Missing();
            }
            if (header.get().state() == ReconciliationState.FINALIZED) {
                transaction.close();
                return new FinalizeStart.AlreadyFinalized(header.get());
            }
            return new FinalizeStart.Opened(new PostgresFinalization(transaction, key, header.get()));
        } catch (SQLException e) {
            transaction.close();
            throw PlanSqlErrors.translate("cannot start finalising " + key, e);
        } catch (RuntimeException e) {
            transaction.close();
            throw e;
        }
    }
}
