package io.rezilient.restore.indexer.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a test sees in the database: counts and whole rows, read with plain JDBC. */
record Rows(DataSource dataSource) {
    static final String SCHEMA = "rez_restore_index.";

    long count(String table, String tenant) {
        return ((Number) rows("SELECT count(*) AS n FROM " + SCHEMA + table + " WHERE tenant_id = ?", tenant)
                .getFirst().get("n")).longValue();
    }

    /** Every row of the tenant in each index table, minus the columns that legitimately change on every write. */
    Map<String, List<Map<String, Object>>> snapshot(String tenant, String ingestScopeId) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : List.of("index_events", "partition_generations", "partition_watermarks",
                "source_coverage")) {
            tables.put(table, rows("SELECT * FROM " + SCHEMA + table + " WHERE tenant_id = ? ORDER BY 1, 2, 3, 4, 5",
                    tenant));
        }
        List<Map<String, Object>> progress = rows("SELECT * FROM " + SCHEMA + "source_progress WHERE ingest_scope_id = ?",
                ingestScopeId);
        progress.forEach(row -> row.remove("updated_at"));
        tables.put("source_progress", progress);
        return tables;
    }

    List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnName(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
