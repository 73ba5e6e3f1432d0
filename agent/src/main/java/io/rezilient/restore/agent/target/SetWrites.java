package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.PlanRowAction;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a chunk's rows as a few set-based statements instead of one statement per row: the rows that do the same
 * thing to the same columns of one table are sent as one text array per column and written by a single
 * {@code INSERT … SELECT … FROM unnest(…)}, {@code UPDATE … FROM unnest(…)} or {@code DELETE … USING unnest(…)}.
 * The server then plans and executes one statement per group, not one per row — the difference between a chunk
 * costing about what a bulk upsert of its rows costs and costing several times that.
 *
 * <p>Each value is cast from text to its column's type in SQL, as {@link RowWrites} does for a single row, and an
 * empty string is NULL for a column that is not text-like. A chunk names each record once ({@link ChunkRequest}), so
 * the writes of a group touch distinct rows and their order does not matter.
 */
final class SetWrites {
    private SetWrites() {
    }

    /**
     * Executes the writes of {@code rows} and returns the records the updates left (every column, as the database's
     * text form: what an after-fingerprint is computed over), read back by the updates themselves ({@code RETURNING}),
     * so they need no second read. Empty when a statement failed or did not change exactly one row per write; the
     * caller then rolls back and finds the failing row one row at a time ({@link RowWrites#execute}). The exception
     * is not kept: its text can quote values.
     */
    static Optional<Map<RecordRef, ObjectNode>> execute(Connection connection, List<PlannedRow> rows)
            throws SQLException {
        Map<RecordRef, ObjectNode> updated = new HashMap<>();
        for (Map.Entry<Group, List<Write>> group : groups(rows).entrySet()) {
            if (!group.getKey().execute(connection, group.getValue(), updated)) {
                return Optional.empty();
            }
        }
        return Optional.of(updated);
    }

    private record Write(String sysId, List<String> values) {
    }

    /** The writes of the chunk, by the statement that writes them. */
    private static Map<Group, List<Write>> groups(List<PlannedRow> rows) {
        Map<Group, List<Write>> groups = new LinkedHashMap<>();
        for (PlannedRow planned : rows) {
            if (!(planned.decision() instanceof RowDecision.Write write)) {
                continue;
            }
            if (write.action() == PlanRowAction.UPDATE && write.columns().isEmpty()) {
                continue; // an update with no column to set writes nothing
            }
            Group group = new Group(planned.shape(), write.action(), List.copyOf(write.columns().keySet()));
            groups.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(new Write(planned.row().sysId(), new ArrayList<>(write.columns().values())));
        }
        return groups;
    }

    /** Writes of one kind to the same columns of one table: one statement. */
    private record Group(TableShape shape, PlanRowAction action, List<String> columns) {
        Group {
            Objects.requireNonNull(shape, "shape");
        }

        boolean execute(Connection connection, List<Write> writes, Map<RecordRef, ObjectNode> updated)
                throws SQLException {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql())) {
                arrays.add(connection.createArrayOf("text", writes.stream().map(Write::sysId).toArray()));
                for (int c = 0; c < columns.size(); c++) {
                    ColumnType type = column(columns.get(c));
                    Object[] values = new Object[writes.size()];
                    for (int w = 0; w < writes.size(); w++) {
                        String value = writes.get(w).values().get(c);
                        values[w] = value == null || (value.isEmpty() && !type.textLike()) ? null : value;
                    }
                    arrays.add(connection.createArrayOf("text", values));
                }
                for (int i = 0; i < arrays.size(); i++) {
                    statement.setArray(i + 1, arrays.get(i));
                }
                if (action != PlanRowAction.UPDATE) {
                    return statement.executeUpdate() == writes.size();
                }
                int returned = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        // column 1 is the sys_id as requested; the table's own columns follow
                        updated.put(new RecordRef(shape.table(), rows.getString(1)),
                                TargetRows.record(rows, meta, 2, meta.getColumnCount() + 1));
                        returned++;
                    }
                }
                return returned == writes.size();
            } catch (SQLException refused) {
                return false;
            } finally {
                for (Array array : arrays) {
                    array.free();
                }
            }
        }

        private String sql() {
            String table = SqlIdentifiers.qualified(shape.schema(), shape.table());
            String key = SqlIdentifiers.quote(TableShape.KEY);
            List<String> names = new ArrayList<>(List.of("k"));
            List<String> arrays = new ArrayList<>(List.of("CAST(? AS text[])"));
            for (int c = 0; c < columns.size(); c++) {
                names.add("v" + c);
                arrays.add("CAST(? AS text[])");
            }
            String unnest = "unnest(" + String.join(", ", arrays) + ") AS u(" + String.join(", ", names) + ")";
            String keyValue = "CAST(u.k AS " + keyType().castTarget() + ")";
            return switch (action) {
                case INSERT -> {
                    List<String> targets = new ArrayList<>(List.of(key));
                    List<String> values = new ArrayList<>(List.of(keyValue));
                    for (int c = 0; c < columns.size(); c++) {
                        targets.add(SqlIdentifiers.quote(columns.get(c)));
                        values.add(value(c));
                    }
                    yield "INSERT INTO " + table + " (" + String.join(", ", targets) + ") SELECT "
                            + String.join(", ", values) + " FROM " + unnest;
                }
                case UPDATE -> {
                    List<String> assignments = new ArrayList<>();
                    for (int c = 0; c < columns.size(); c++) {
                        assignments.add(SqlIdentifiers.quote(columns.get(c)) + " = " + value(c));
                    }
                    yield "UPDATE " + table + " AS t SET " + String.join(", ", assignments) + " FROM " + unnest
                            + " WHERE t." + key + " = " + keyValue + " RETURNING u.k, t.*";
                }
                case DELETE -> "DELETE FROM " + table + " AS t USING " + unnest + " WHERE t." + key + " = "
                        + keyValue;
                case SKIP -> throw new IllegalArgumentException("a skip writes nothing");
            };
        }

        private String value(int c) {
            return "CAST(u.v" + c + " AS " + column(columns.get(c)).castTarget() + ")";
        }

        private ColumnType keyType() {
            return shape.key().orElseThrow(() -> new IllegalStateException(shape.describe() + " has no sys_id column"));
        }

        private ColumnType column(String name) {
            return shape.column(name).orElseThrow(() -> new IllegalStateException(shape.describe()
                    + " has no column " + name + "; the row should have failed its schema check"));
        }
    }
}
