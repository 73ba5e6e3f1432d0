package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bulk-loads records into a target table of {@link TargetSchema}'s shape with multi-row {@code INSERT}s: a
 * statement carries up to {@value #MAX_ROWS_PER_STATEMENT} rows (fewer for wide tables, to stay under the protocol's
 * bind-parameter limit), so a hundred thousand records take a few hundred round trips rather than a hundred
 * thousand. For standing a target up, not for restores: no locks, no ledger, no before-images.
 */
public final class TargetTableLoader {
    static final int MAX_ROWS_PER_STATEMENT = 1_000;
    /** Below PostgreSQL's 65,535 bind parameters per statement, with room to spare. */
    static final int MAX_PARAMETERS = 30_000;

    private TargetTableLoader() {
    }

    /**
     * Inserts {@code records} (field → string or null; a field the record lacks is NULL) into the given columns of
     * {@code schema.table}, in the caller's transaction, and returns how many rows were inserted.
     */
    public static int insert(Connection connection, String schema, String table, List<String> columns,
                             List<ObjectNode> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        int perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PARAMETERS / columns.size()));
        String fullSql = sql(schema, table, columns, perStatement);
        int inserted = 0;
        try (PreparedStatement full = connection.prepareStatement(fullSql)) {
            for (int from = 0; from < records.size(); from += perStatement) {
                List<ObjectNode> batch = records.subList(from, Math.min(records.size(), from + perStatement));
                if (batch.size() == perStatement) {
                    inserted += execute(full, columns, batch);
                } else {
                    try (PreparedStatement last = connection.prepareStatement(sql(schema, table, columns,
                            batch.size()))) {
                        inserted += execute(last, columns, batch);
                    }
                }
            }
        }
        return inserted;
    }

    private static int execute(PreparedStatement statement, List<String> columns, List<ObjectNode> batch)
            throws SQLException {
        int index = 1;
        for (ObjectNode record : batch) {
            for (String column : columns) {
                String value = text(record.get(column));
                if (value == null) {
                    statement.setNull(index++, Types.VARCHAR);
                } else {
                    statement.setString(index++, value);
                }
            }
        }
        return statement.executeUpdate();
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    private static String sql(String schema, String table, List<String> columns, int rows) {
        List<String> quoted = columns.stream().map(SqlIdentifiers::quote).toList();
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        List<String> tuples = new ArrayList<>(Collections.nCopies(rows, tuple));
        return "INSERT INTO " + SqlIdentifiers.qualified(schema, table) + " (" + String.join(", ", quoted)
                + ") VALUES " + String.join(", ", tuples);
    }
}
