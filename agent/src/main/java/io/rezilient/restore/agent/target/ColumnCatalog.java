package io.rezilient.restore.agent.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target tables' columns, read from {@code information_schema.columns} and cached per table. A lookup that
 * needs a column the cached shape lacks reads the catalog again before anyone calls it missing, so a column added
 * to the target while the agent runs is seen at its first use; a missing table is never cached.
 */
final class ColumnCatalog {
    private static final String COLUMNS = "SELECT column_name, data_type, udt_schema, udt_name"
            + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";

    private final String schema;
    private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();

    ColumnCatalog(String schema) {
        this.schema = schema;
    }

    /** The shape of {@code table}, or empty when the schema has no such table. */
    Optional<TableShape> shape(Connection connection, String table, Collection<String> needed) throws SQLException {
        TableShape cached = shapes.get(table);
        if (cached != null && cached.hasAll(needed)) {
            return Optional.of(cached);
        }
        Optional<TableShape> fresh = load(connection, table);
        fresh.ifPresentOrElse(shape -> shapes.put(table, shape), () -> shapes.remove(table));
        return fresh;
    }

    void clear() {
        shapes.clear();
    }

    private Optional<TableShape> load(Connection connection, String table) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    columns.put(name, new ColumnType(name, rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return columns.isEmpty() ? Optional.empty() : Optional.of(new TableShape(schema, table, columns));
    }
}
