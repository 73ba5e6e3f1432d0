package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.PgUrl;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The fastest rate at which a PostgreSQL target takes a restore's rows with none of our code in the way: the same
 * rows (same columns, same text values) upserted with {@code INSERT … ON CONFLICT (sys_id) DO UPDATE} into a copy of
 * the target table as it was before the restore, 1,000 rows per statement and per transaction over one connection.
 * Three ways of sending 1,000 rows are each timed; the fastest is the ceiling.
 *
 * <ul>
 *   <li>{@code multi_row_values}: one {@code INSERT … VALUES (…), (…) …} of 1,000 tuples with one bind parameter per
 *       value;</li>
 *   <li>{@code jdbc_batch_rewritten}: a one-row {@code INSERT … ON CONFLICT} added to a JDBC batch 1,000 times, on a
 *       connection with {@code reWriteBatchedInserts=true} (the driver sends multi-row statements of up to 128
 *       rows);</li>
 *   <li>{@code unnest_arrays}: {@code INSERT … SELECT * FROM unnest(?::text[], …)} with one array parameter per
 *       column.</li>
 * </ul>
 */
final class UpsertCeiling {
    static final int ROWS_PER_STATEMENT = 1_000;
    /** Each way is timed this often from a fresh copy; the fastest attempt counts. */
    private static final int ATTEMPTS = 2;
    private static final int MAX_BIND_PARAMETERS = 65_535;

    private final PgUrl target;
    private final String table;
    private final String pristine;
    private final String copy;
    private final List<String> columns;

    /**
     * @param pristine a table holding the target's rows as they were before the restore (copied for each attempt)
     * @param columns  the columns written, {@code sys_id} first
     */
    UpsertCeiling(PgUrl target, String table, String pristine, String copy, List<String> columns) {
        this.target = target;
        this.table = table;
        this.pristine = pristine;
        this.copy = copy;
        this.columns = List.copyOf(columns);
        if (!columns.getFirst().equals("sys_id")) {
            throw new IllegalArgumentException("the first column must be sys_id, was " + columns.getFirst());
        }
    }

    /** One upsert way: its name and how it sends one batch of rows. */
    private interface Way {
        String name();

        String sql(int rows);

        void bind(PreparedStatement statement, List<String[]> batch) throws SQLException;

        default void execute(Connection connection, PreparedStatement statement, List<String[]> batch)
                throws SQLException {
            bind(statement, batch);
            statement.executeUpdate();
        }
    }

    /** Times every way over {@code rows} (each a value per column, {@code sys_id} first); the report section. */
    ObjectNode measure(List<String[]> rows) throws SQLException {
        if ((long) ROWS_PER_STATEMENT * columns.size() > MAX_BIND_PARAMETERS) {
            throw new IllegalStateException(columns.size() + " columns × " + ROWS_PER_STATEMENT
                    + " rows exceed PostgreSQL's bind parameters per statement");
        }
        ObjectNode json = Json.mapper().createObjectNode();
        ObjectNode ways = json.putObject("ways_rows_per_second");
        String best = null;
        double bestRate = 0;
        for (Way way : List.of(multiRowValues(), jdbcBatchRewritten(), unnestArrays())) {
            double wayBest = 0;
            List<Double> attempts = new ArrayList<>();
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double rate = once(way, rows);
                attempts.add(Math.round(rate * 10) / 10.0);
                wayBest = Math.max(wayBest, rate);
            }
            ways.set(way.name(), Json.mapper().valueToTree(attempts));
            System.out.printf("ceiling %s: %s rows/s%n", way.name(), attempts);
            if (wayBest > bestRate) {
                bestRate = wayBest;
                best = way.name();
            }
        }
        json.put("fastest_way", best);
        json.put("rows_per_second", Math.round(bestRate * 10) / 10.0);
        return json;
    }

    /** The ceiling copy as the last attempt left it (the target after the restore must equal it). */
    String copyTable() {
        return copy;
    }

    private double once(Way way, List<String[]> rows) throws SQLException {
        resetCopy();
        String url = target.jdbcUrl() + (target.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts="
                + way.name().equals("jdbc_batch_rewritten");
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            PreparedStatement full = connection.prepareStatement(way.sql(Math.min(ROWS_PER_STATEMENT, rows.size())));
            try {
                for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                    List<String[]> batch = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
                    if (batch.size() == ROWS_PER_STATEMENT || from == 0) {
                        way.execute(connection, full, batch);
                    } else {
                        try (PreparedStatement last = connection.prepareStatement(way.sql(batch.size()))) {
                            way.execute(connection, last, batch);
                        }
                    }
                    connection.commit();
                }
            } finally {
                full.close();
            }
            return rows.size() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** A fresh copy of the target table as it was before the restore, vacuumed and analysed like the target. */
    private void resetCopy() throws SQLException {
        try (Connection connection = target.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + copy);
            sql.execute("CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL)");
            sql.execute("INSERT INTO " + copy + " SELECT * FROM " + pristine);
            sql.execute("VACUUM ANALYZE " + copy);
        }
    }

    private String quotedColumns() {
        return columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
    }

    private String onConflict() {
        return " ON CONFLICT (sys_id) DO UPDATE SET " + columns.stream().skip(1)
                .map(c -> "\"" + c + "\" = EXCLUDED.\"" + c + "\"").collect(Collectors.joining(", "));
    }

    private Way multiRowValues() {
        return new Way() {
            @Override
            public String name() {
                return "multi_row_values";
            }

            @Override
            public String sql(int rows) {
                String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
                return "INSERT INTO " + copy + " (" + quotedColumns() + ") VALUES "
                        + String.join(", ", Collections.nCopies(rows, tuple)) + onConflict();
            }

            @Override
            public void bind(PreparedStatement statement, List<String[]> batch) throws SQLException {
                int index = 1;
                for (String[] row : batch) {
                    for (String value : row) {
                        setText(statement, index++, value);
                    }
                }
            }
        };
    }

    private Way jdbcBatchRewritten() {
        return new Way() {
            @Override
            public String name() {
                return "jdbc_batch_rewritten";
            }

            @Override
            public String sql(int rows) {
                return "INSERT INTO " + copy + " (" + quotedColumns() + ") VALUES ("
                        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")" + onConflict();
            }

            @Override
            public void bind(PreparedStatement statement, List<String[]> batch) throws SQLException {
                for (String[] row : batch) {
                    for (int i = 0; i < row.length; i++) {
                        setText(statement, i + 1, row[i]);
                    }
                    statement.addBatch();
                }
            }

            @Override
            public void execute(Connection connection, PreparedStatement statement, List<String[]> batch)
                    throws SQLException {
                bind(statement, batch);
                statement.executeBatch();
            }
        };
    }

    private Way unnestArrays() {
        return new Way() {
            @Override
            public String name() {
                return "unnest_arrays";
            }

            @Override
            public String sql(int rows) {
                return "INSERT INTO " + copy + " (" + quotedColumns() + ") SELECT * FROM unnest("
                        + String.join(", ", Collections.nCopies(columns.size(), "CAST(? AS text[])")) + ")"
                        + onConflict();
            }

            @Override
            public void bind(PreparedStatement statement, List<String[]> batch) throws SQLException {
                Connection connection = statement.getConnection();
                for (int c = 0; c < columns.size(); c++) {
                    String[] values = new String[batch.size()];
                    for (int r = 0; r < batch.size(); r++) {
                        values[r] = batch.get(r)[c];
                    }
                    Array array = connection.createArrayOf("text", values);
                    statement.setArray(c + 1, array);
                }
            }
        };
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
