package io.rezilient.restore.agent.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one row to its target table with parameterised SQL. Every value is bound as a string with an explicit cast
 * to its column's type; identifiers are plain names, quoted ({@link SqlIdentifiers}).
 */
final class RowWrites {
    private RowWrites() {
    }

    /**
     * Executes {@code write} for {@code sysId}. Returns empty when the row was written, or the database's complaint
     * when the row itself is at fault ({@link SqlFailures#isRowFault}); any other error is thrown.
     */
    static Optional<String> execute(Connection connection, TableShape shape, String sysId, RowDecision.Write write)
            throws SQLException {
        Statement statement = statement(shape, sysId, write);
        if (statement == null) {
            return Optional.empty(); // an update with no column to set
        }
        int changed;
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            for (int i = 0; i < statement.values().size(); i++) {
                bind(prepared, i + 1, statement.types().get(i), statement.values().get(i));
            }
            changed = prepared.executeUpdate();
        } catch (SQLException e) {
            if (SqlFailures.isRowFault(e)) {
                return Optional.of(SqlFailures.describe(e));
            }
            throw e;
        }
        if (changed != 1) {
            // the record is locked, so this means the table's key is not unique or a rule rewrote the statement
            return Optional.of("the " + write.action().wire() + " of " + shape.table() + "/" + sysId + " changed "
                    + changed + " rows, not 1");
        }
        return Optional.empty();
    }

    private record Statement(String sql, List<ColumnType> types, List<String> values) {
    }

    /** The statement of one write; null for an update with no column to set. */
    private static Statement statement(TableShape shape, String sysId, RowDecision.Write write) {
        return switch (write.action()) {
            case INSERT -> insert(shape, sysId, write.columns());
            case UPDATE -> update(shape, sysId, write.columns());
            case DELETE -> delete(shape, sysId);
            case SKIP -> throw new IllegalArgumentException("a skip writes nothing");
        };
    }

    private static Statement insert(TableShape shape, String sysId, Map<String, String> columns) {
        List<String> names = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        ColumnType key = key(shape);
        names.add(SqlIdentifiers.quote(TableShape.KEY));
        markers.add(marker(key));
        types.add(key);
        values.add(sysId);
        for (Map.Entry<String, String> column : columns.entrySet()) {
            ColumnType type = column(shape, column.getKey());
            names.add(SqlIdentifiers.quote(column.getKey()));
            markers.add(marker(type));
            types.add(type);
            values.add(column.getValue());
        }
        return new Statement("INSERT INTO " + SqlIdentifiers.qualified(shape.schema(), shape.table()) + " ("
                + String.join(", ", names) + ") VALUES (" + String.join(", ", markers) + ")", types, values);
    }

    private static Statement update(TableShape shape, String sysId, Map<String, String> columns) {
        if (columns.isEmpty()) {
            return null;
        }
        List<String> assignments = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> column : columns.entrySet()) {
            ColumnType type = column(shape, column.getKey());
            assignments.add(SqlIdentifiers.quote(column.getKey()) + " = " + marker(type));
            types.add(type);
            values.add(column.getValue());
        }
        ColumnType key = key(shape);
        types.add(key);
        values.add(sysId);
        return new Statement("UPDATE " + SqlIdentifiers.qualified(shape.schema(), shape.table()) + " SET "
                + String.join(", ", assignments) + " WHERE " + SqlIdentifiers.quote(TableShape.KEY) + " = "
                + marker(key), types, values);
    }

    private static Statement delete(TableShape shape, String sysId) {
        ColumnType key = key(shape);
        return new Statement("DELETE FROM " + SqlIdentifiers.qualified(shape.schema(), shape.table()) + " WHERE "
                + SqlIdentifiers.quote(TableShape.KEY) + " = " + marker(key), List.of(key), List.of(sysId));
    }

    /** The bind-parameter marker of a value of {@code type}: the text the driver sends, cast to the column's type. */
    private static String marker(ColumnType type) {
        return "CAST(? AS " + type.castTarget() + ")";
    }

    /** Text columns take the string as given; for any other type an empty string means no value. */
    private static void bind(PreparedStatement statement, int index, ColumnType type, String value)
            throws SQLException {
        if (value == null || (value.isEmpty() && !type.textLike())) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static ColumnType key(TableShape shape) {
        return shape.key().orElseThrow(() -> new IllegalStateException(shape.describe() + " has no sys_id column"));
    }

    private static ColumnType column(TableShape shape, String name) {
        return shape.column(name).orElseThrow(() -> new IllegalStateException(shape.describe() + " has no column "
                + name + "; the row should have failed its schema check"));
    }
}
