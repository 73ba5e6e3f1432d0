package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first half of a chunk's transaction: take the locks, check the ledger, read the target, decide every row.
 *
 * <p>Order matters. The advisory locks ({@link ApplyLocks}) come first, the row locks next (tables by name, records
 * by sys_id), and only then the ledger and the records are read. The transaction runs at READ COMMITTED, where
 * every statement takes a fresh snapshot: by the time the reads run, any other agent that held one of these locks
 * before us has committed or rolled back, so its work is visible — a claim it applied is found in the ledger, a row
 * of this job it applied is found in {@code applied_rows}, a record it inserted exists. REPEATABLE READ would be
 * wrong here, not just slower: its snapshot dates from the first statement, the lock request, taken before the
 * other agent's commit, and both checks would miss that agent's work and apply the row a second time.
 */
final class ChunkPreparer {
    private final String schema;
    private final ColumnCatalog catalog;
    private final ClaimLedger ledger;

    ChunkPreparer(String schema, ColumnCatalog catalog, ClaimLedger ledger) {
        this.schema = schema;
        this.catalog = catalog;
        this.ledger = ledger;
    }

    PreparedChunk prepare(Connection connection, ChunkRequest chunk) throws SQLException {
        ApplyLocks.take(connection, schema, chunk.claimId(), chunk.rows().stream().map(RowChange::record).toList());
        Optional<ChunkResult> stored = ledger.find(connection, chunk.claimId());
        if (stored.isPresent()) {
            return PreparedChunk.stored(stored.get());
        }
        Map<String, List<RowChange>> byTable = new TreeMap<>();
        chunk.rows().forEach(row -> byTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row));
        Map<String, TargetTable> tables = new HashMap<>();
        Map<RecordRef, ObjectNode> current = new HashMap<>();
        for (Map.Entry<String, List<RowChange>> entry : byTable.entrySet()) {
            TargetTable table = table(connection, entry.getKey(), entry.getValue(), chunk.columns());
            tables.put(entry.getKey(), table);
            if (table instanceof TargetTable.Usable usable) {
                List<String> sysIds = entry.getValue().stream().map(RowChange::sysId).toList();
                TargetRows.lockAndRead(connection, usable.shape(), sysIds)
                        .forEach((sysId, record) -> current.put(new RecordRef(entry.getKey(), sysId), record));
            }
        }
        Map<String, EarlierApply> earlier = ledger.earlierApplies(connection, chunk.jobId(), chunk.claimId(),
                chunk.rows().stream().map(RowChange::rowId).toList());
        List<PlannedRow> rows = new ArrayList<>();
        for (RowChange row : chunk.rows()) {
            TargetTable table = tables.get(row.table());
            Optional<ObjectNode> record = Optional.ofNullable(current.get(row.record()));
            rows.add(new PlannedRow(row, table, record, RowDecider.decide(row, chunk.columns(), table, record,
                    Optional.ofNullable(earlier.get(row.rowId())))));
        }
        return PreparedChunk.planned(rows);
    }

    private TargetTable table(Connection connection, String table, List<RowChange> rows,
                              Optional<List<String>> columnScope) throws SQLException {
        if (!SqlIdentifiers.isPlain(table)) {
            return new TargetTable.Unusable("target table name '" + table + "' is not a plain SQL identifier");
        }
        Optional<TableShape> shape = catalog.shape(connection, table, neededColumns(rows, columnScope));
        if (shape.isEmpty()) {
            return new TargetTable.Unusable("target table " + schema + "." + table + " does not exist");
        }
        if (shape.get().key().isEmpty()) {
            return new TargetTable.Unusable("target table " + schema + "." + table + " has no "
                    + TableShape.KEY + " column");
        }
        return new TargetTable.Usable(shape.get());
    }

    /** The columns the rows will use, so a stale cached shape is read again before a column is called missing. */
    private static Set<String> neededColumns(List<RowChange> rows, Optional<List<String>> columnScope) {
        Set<String> needed = new LinkedHashSet<>();
        needed.add(TableShape.KEY);
        if (columnScope.isPresent()) {
            needed.addAll(columnScope.get());
        } else {
            rows.forEach(row -> row.values().ifPresent(values -> values.fieldNames().forEachRemaining(needed::add)));
        }
        return needed;
    }
}
