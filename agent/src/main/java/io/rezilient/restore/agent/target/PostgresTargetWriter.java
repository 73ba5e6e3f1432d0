package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.crypto.CannotDecryptException;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.restore.TargetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link TargetWriter} for a PostgreSQL target: one table per captured table (same name) in one schema, keyed by
 * {@code sys_id}, values written to the columns of the same names.
 *
 * <p>A chunk is applied as a unit: one transaction locks its records, captures and seals their before-images,
 * writes every row (a few set-based statements, {@link SetWrites}), records the claim in the target's ledger
 * ({@link ClaimLedger}) and commits — so the chunk and its ledger entry commit together or not at all, and a claim
 * found in the ledger is answered from it without writing. When a row conflicts with the target or fails (a refused
 * batch is first tried again one row at a time, to find the row), that transaction is rolled back and the chunk is
 * applied again row by row in one new transaction, each row under its own savepoint: conflicting rows are skipped,
 * failing rows fail, the rest are applied. See {@link ChunkPreparer} for the locking and why READ COMMITTED is the
 * right isolation level.
 *
 * <p>Thread-safe; every call takes its own connection from the data source, which stays the caller's to close.
 */
public final class PostgresTargetWriter implements TargetWriter {
    public static final String DEFAULT_SCHEMA = "public";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTargetWriter.class);

    private final DataSource dataSource;
    private final String schema;
    private final BeforeImages beforeImages;
    private final BeforeCommit beforeCommit;
    private final ColumnCatalog catalog;
    private final ClaimLedger ledger = new ClaimLedger();
    private final ChunkPreparer preparer;

    /** A writer for the tables of schema {@value #DEFAULT_SCHEMA}. */
    public PostgresTargetWriter(DataSource dataSource, BeforeImageSealer sealer) {
        this(dataSource, DEFAULT_SCHEMA, sealer);
    }

    public PostgresTargetWriter(DataSource dataSource, String schema, BeforeImageSealer sealer) {
        this(dataSource, schema, sealer, BeforeCommit.NONE);
    }

    PostgresTargetWriter(DataSource dataSource, String schema, BeforeImageSealer sealer, BeforeCommit beforeCommit) {
        if (!SqlIdentifiers.isPlain(schema)) {
            throw new IllegalArgumentException("target schema '" + schema + "' is not a plain SQL identifier");
        }
        if (schema.equals(ClaimLedger.SCHEMA)) {
            throw new IllegalArgumentException("target schema must not be " + ClaimLedger.SCHEMA
                    + ", the schema of the agent's own ledger");
        }
        this.dataSource = dataSource;
        this.schema = schema;
        this.beforeImages = new BeforeImages(sealer);
        this.beforeCommit = beforeCommit;
        this.catalog = new ColumnCatalog(schema);
        this.preparer = new ChunkPreparer(schema, catalog, ledger);
    }

    @Override
    public ChunkResult apply(ChunkRequest chunk) {
        try (Connection connection = dataSource.getConnection()) {
            ledger.ensure(connection);
            Optional<ChunkResult> stored = ledger.find(connection, chunk.claimId());
            if (stored.isPresent()) {
                return stored.get();
            }
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                return applyAsUnit(connection, chunk, true);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new TargetWriteException("claim " + chunk.claimId() + " was not applied to schema " + schema
                    + ": " + e.getMessage(), e);
        } catch (KeyringException | CannotDecryptException e) {
            throw new TargetWriteException("claim " + chunk.claimId() + " was not applied: its before-images cannot"
                    + " be sealed: " + e.getMessage(), e);
        }
    }

    /**
     * @param batched write the rows as a few set-based statements ({@link SetWrites}); when one is refused, the unit
     *                is rolled back and tried again one row at a time, which finds the row that fails
     */
    private ChunkResult applyAsUnit(Connection connection, ChunkRequest chunk, boolean batched) throws SQLException {
        PreparedChunk unit = preparer.prepare(connection, chunk);
        if (unit.stored().isPresent()) {
            connection.rollback();
            return unit.stored().get();
        }
        List<String> triggers = unit.triggers();
        if (triggers.isEmpty() && batched) {
            Optional<Map<RecordRef, ObjectNode>> updated = SetWrites.execute(connection, unit.rows());
            if (updated.isPresent()) {
                return commit(connection, chunk, unit, ChunkStatus.APPLIED, List.of(), Map.of(), updated.get());
            }
            connection.rollback();
            return applyAsUnit(connection, chunk, false);
        }
        if (triggers.isEmpty()) {
            for (PlannedRow planned : unit.rows()) {
                if (planned.decision() instanceof RowDecision.Write write) {
                    Optional<String> failure = RowWrites.execute(connection, planned.shape(), planned.row().sysId(),
                            write);
                    if (failure.isPresent()) {
                        // the failed statement aborted the transaction: the rows after it cannot be tried here
                        triggers = List.of(planned.row().rowId());
                        break;
                    }
                }
            }
        }
        if (triggers.isEmpty()) {
            return commit(connection, chunk, unit, ChunkStatus.APPLIED, List.of(), Map.of(), Map.of());
        }
        connection.rollback();
        LOG.info("claim {} of job {}: rows {} conflict or fail; applying the chunk row by row", chunk.claimId(),
                chunk.jobId(), triggers);
        return applyRowByRow(connection, chunk, triggers);
    }

    /** The chunk again, in a new transaction (the target may have changed), each write under its own savepoint. */
    private ChunkResult applyRowByRow(Connection connection, ChunkRequest chunk, List<String> triggers)
            throws SQLException {
        PreparedChunk fallback = preparer.prepare(connection, chunk);
        if (fallback.stored().isPresent()) {
            connection.rollback();
            return fallback.stored().get();
        }
        Map<String, String> failures = new HashMap<>();
        for (PlannedRow planned : fallback.rows()) {
            if (planned.decision() instanceof RowDecision.Write write) {
                Savepoint savepoint = connection.setSavepoint();
                Optional<String> failure = RowWrites.execute(connection, planned.shape(), planned.row().sysId(),
                        write);
                if (failure.isPresent()) {
                    connection.rollback(savepoint);
                    failures.put(planned.row().rowId(), failure.get());
                } else {
                    connection.releaseSavepoint(savepoint);
                }
            }
        }
        return commit(connection, chunk, fallback, ChunkStatus.ROW_FALLBACK, triggers, failures, Map.of());
    }

    /**
     * Seals the before-images, fingerprints the records written as they are now ({@code written}: those the writes
     * returned; the others are read back), records the claim in the ledger and commits.
     */
    private ChunkResult commit(Connection connection, ChunkRequest chunk, PreparedChunk prepared, ChunkStatus status,
                               List<String> triggers, Map<String, String> writeFailures,
                               Map<RecordRef, ObjectNode> written) throws SQLException {
        boolean fallback = status == ChunkStatus.ROW_FALLBACK;
        Map<RecordRef, String> after = afterFingerprints(connection, prepared, writeFailures, written);
        List<RowResult> results = new ArrayList<>();
        List<LedgerRow> ledgerRows = new ArrayList<>();
        for (PlannedRow planned : prepared.rows()) {
            Optional<String> failure = Optional.ofNullable(writeFailures.get(planned.row().rowId()));
            RowResult result = result(chunk, planned, failure, fallback);
            if (result.outcome() == RowOutcome.APPLIED) {
                Optional<String> fingerprint = planned.decision() instanceof RowDecision.AlreadyApplied already
                        ? already.earlier().afterFingerprint()
                        : Optional.ofNullable(after.get(planned.row().record()));
                result = result.withAfterFingerprint(fingerprint);
            }
            boolean wrote = planned.decision() instanceof RowDecision.Write && failure.isEmpty();
            ledgerRows.add(new LedgerRow(results.size(), planned.row(), result, wrote));
            results.add(result);
        }
        ledger.record(connection, chunk, status, triggers, ledgerRows);
        beforeCommit.reached(connection, chunk.claimId());
        connection.commit();
        return new ChunkResult(chunk.claimId(), status, results, triggers, false);
    }

    private RowResult result(ChunkRequest chunk, PlannedRow planned, Optional<String> writeFailure,
                             boolean fallback) {
        RowChange row = planned.row();
        return switch (planned.decision()) {
            case RowDecision.PlanSkip skip -> RowResult.planSkip(row.rowId(), captured(chunk, planned), fallback);
            case RowDecision.AlreadyApplied already -> RowResult.applied(row.rowId(),
                    Optional.of("already applied by claim " + already.earlier().claimId() + "; not written again"),
                    beforeImages.carryForward(chunk, row, already.earlier()), fallback);
            case RowDecision.Conflict conflict -> RowResult.conflict(row.rowId(), conflict.conflictClass(),
                    conflict.message(), captured(chunk, planned), fallback);
            case RowDecision.Fail fail -> RowResult.failed(row.rowId(), fail.reasonCode(), fail.message(),
                    captured(chunk, planned), fallback);
            case RowDecision.NothingToDelete nothing -> RowResult.applied(row.rowId(),
                    Optional.of("record " + row.record() + " does not exist on the target; nothing deleted"),
                    BeforeImage.absent(), fallback);
            case RowDecision.Write write -> writeFailure
                    .map(message -> RowResult.failed(row.rowId(), ReasonCode.FAILED_INTERNAL_ERROR, message,
                            captured(chunk, planned), fallback))
                    .orElseGet(() -> RowResult.applied(row.rowId(), Optional.empty(), captured(chunk, planned),
                            fallback));
        };
    }

    /**
     * The fingerprint of each record this transaction inserted or updated, read back in it (what an undo compares
     * the target against later: the record exactly as this write left it, columns the row did not set included).
     */
    private static Map<RecordRef, String> afterFingerprints(Connection connection, PreparedChunk prepared,
                                                            Map<String, String> writeFailures,
                                                            Map<RecordRef, ObjectNode> written) throws SQLException {
        Map<RecordRef, String> fingerprints = new HashMap<>();
        Map<String, List<PlannedRow>> byTable = new TreeMap<>();
        for (PlannedRow planned : prepared.rows()) {
            if (planned.decision() instanceof RowDecision.Write write && write.action() != PlanRowAction.DELETE
                    && !writeFailures.containsKey(planned.row().rowId())) {
                ObjectNode returned = written.get(planned.row().record());
                if (returned != null) {
                    fingerprints.put(planned.row().record(), TargetFingerprint.of(returned));
                } else {
                    byTable.computeIfAbsent(planned.row().table(), t -> new ArrayList<>()).add(planned);
                }
            }
        }
        for (Map.Entry<String, List<PlannedRow>> table : byTable.entrySet()) {
            TableShape shape = table.getValue().getFirst().shape();
            List<String> sysIds = table.getValue().stream().map(planned -> planned.row().sysId()).toList();
            TargetRows.read(connection, shape, sysIds).forEach((sysId, columns) ->
                    fingerprints.put(new RecordRef(table.getKey(), sysId), TargetFingerprint.of(columns)));
        }
        return fingerprints;
    }

    private BeforeImage captured(ChunkRequest chunk, PlannedRow planned) {
        return beforeImages.capture(chunk, planned.row(), planned.current());
    }

    @Override
    public Set<String> appliedRows(String jobId, Collection<String> rowIds) {
        if (rowIds.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            ledger.ensure(connection);
            return ledger.appliedRows(connection, jobId, rowIds);
        } catch (SQLException e) {
            throw new TargetWriteException("cannot read the ledger of the target of schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Map<RecordRef, TargetState> states(Collection<RecordRef> records) {
        Map<RecordRef, ObjectNode> found = read(records);
        Map<RecordRef, TargetState> states = new LinkedHashMap<>();
        for (RecordRef record : records) {
            states.put(record, found.containsKey(record) ? TargetState.EXISTS : TargetState.MISSING);
        }
        return states;
    }

    @Override
    public Map<RecordRef, String> fingerprints(Collection<RecordRef> records) {
        Map<RecordRef, String> fingerprints = new LinkedHashMap<>();
        read(records).forEach((record, columns) -> fingerprints.put(record, TargetFingerprint.of(columns)));
        return fingerprints;
    }

    /** The records that exist; a record of a table that does not exist does not exist either. */
    private Map<RecordRef, ObjectNode> read(Collection<RecordRef> records) {
        Map<String, List<String>> byTable = new TreeMap<>();
        for (RecordRef record : records) {
            if (!SqlIdentifiers.isPlain(record.table())) {
                throw new IllegalArgumentException("target table name '" + record.table()
                        + "' is not a plain SQL identifier");
            }
            byTable.computeIfAbsent(record.table(), t -> new ArrayList<>()).add(record.sysId());
        }
        Map<RecordRef, ObjectNode> found = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : byTable.entrySet()) {
                Optional<TableShape> shape = catalog.shape(connection, table.getKey(), Set.of(TableShape.KEY));
                if (shape.isPresent() && shape.get().key().isPresent()) {
                    TargetRows.read(connection, shape.get(), table.getValue()).forEach((sysId, columns) ->
                            found.put(new RecordRef(table.getKey(), sysId), columns));
                }
            }
        } catch (SQLException e) {
            throw new TargetWriteException("cannot read " + records.size() + " records of schema " + schema + ": "
                    + e.getMessage(), e);
        }
        return found;
    }

    /** The data source stays open (it is the caller's); this only forgets the cached table shapes. */
    @Override
    public void close() {
        catalog.clear();
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // a lost connection rolls back by itself
        }
    }
}
