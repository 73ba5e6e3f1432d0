package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads target records by sys_id as JSON objects of column → text value (the database's text form of each value,
 * or null): the form of before-images and fingerprints.
 */
final class TargetRows {
    private TargetRows() {
    }

    /** The records of {@code shape}'s table among {@code sysIds}, by the requested sys_id; no locks. */
    static Map<String, ObjectNode> read(Connection connection, TableShape shape, Collection<String> sysIds)
            throws SQLException {
        return select(connection, shape, sysIds, "");
    }

    /**
     * Like {@link #read}, locking each found record {@code FOR UPDATE} until the transaction ends. Rows are locked in
     * sys_id order (the lock step sits above the sort), so two transactions locking overlapping sets never wait
     * for each other in a circle.
     */
    static Map<String, ObjectNode> lockAndRead(Connection connection, TableShape shape, Collection<String> sysIds)
            throws SQLException {
        return select(connection, shape, sysIds, " FOR UPDATE OF r");
    }

    /** Columns {@code [first, end)} of the current row as column → text value (or null). */
    static ObjectNode record(ResultSet rows, ResultSetMetaData meta, int first, int end) throws SQLException {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = first; i < end; i++) {
            String value = rows.getString(i);
            if (value == null) {
                record.putNull(meta.getColumnName(i));
            } else {
                record.put(meta.getColumnName(i), value);
            }
        }
        return record;
    }

    private static Map<String, ObjectNode> select(Connection connection, TableShape shape, Collection<String> sysIds,
                                                  String lock) throws SQLException {
        ColumnType key = shape.key().orElseThrow(() -> new IllegalStateException(shape.describe() + " has no key"));
        // The requested id travels with each row, so a key type that renders ids differently (uuid, padded char)
        // still maps every row back to the id it was asked for.
        String sql = "SELECT r.*, k.requested FROM unnest(CAST(? AS text[])) AS k(requested)"
                + " JOIN " + SqlIdentifiers.qualified(shape.schema(), shape.table()) + " AS r"
                + " ON r." + SqlIdentifiers.quote(TableShape.KEY) + " = CAST(k.requested AS " + key.castTarget() + ")"
                + " ORDER BY r." + SqlIdentifiers.quote(TableShape.KEY) + lock;
        Map<String, ObjectNode> found = new HashMap<>();
        Array ids = connection.createArrayOf("text", sysIds.toArray());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                int requested = meta.getColumnCount();
                while (rows.next()) {
                    found.put(rows.getString(requested), record(rows, meta, 1, requested));
                }
            }
        } finally {
            ids.free();
        }
        return found;
    }
}
