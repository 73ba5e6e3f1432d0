package io.rezilient.restore.agent.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Creates and inspects target tables of the shape the {@link PostgresTargetWriter} writes: one table per captured
 * table, {@code sys_id TEXT PRIMARY KEY} plus one {@code TEXT} column per captured field (ServiceNow sends every
 * value as a string). Names must be plain SQL identifiers.
 */
public final class TargetSchema {
    private TargetSchema() {
    }

    /**
     * Creates {@code schema} if needed and each table that does not exist yet, with {@code sys_id} and the given
     * columns ({@code sys_id} among them is ignored: it is always the key).
     *
     * @throws IllegalArgumentException for a schema, table or column name that is not a plain identifier
     */
    public static void createTables(Connection connection, String schema, Map<String, SortedSet<String>> columnsByTable)
            throws SQLException {
        List<String> statements = new ArrayList<>();
        for (Map.Entry<String, SortedSet<String>> table : new TreeMap<>(columnsByTable).entrySet()) {
            List<String> columns = new ArrayList<>();
            columns.add(SqlIdentifiers.quote(TableShape.KEY) + " TEXT PRIMARY KEY");
            for (String column : table.getValue()) {
                if (!column.equals(TableShape.KEY)) {
                    columns.add(SqlIdentifiers.quote(column) + " TEXT");
                }
            }
            statements.add("CREATE TABLE IF NOT EXISTS " + SqlIdentifiers.qualified(schema, table.getKey()) + " ("
                    + String.join(", ", columns) + ")");
        }
        try (Statement statement = connection.createStatement()) {
            // CREATE SCHEMA checks the database privilege before IF NOT EXISTS: only ask for a schema that is missing
            if (!schemaExists(connection, schema)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.quote(schema));
            }
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Whether {@code schema.table} exists (a table, view or other relation of that name). */
    public static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Drops {@code schema.table} and what depends on it, if it exists. */
    public static void dropTable(Connection connection, String schema, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SqlIdentifiers.qualified(schema, table) + " CASCADE");
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }
}
