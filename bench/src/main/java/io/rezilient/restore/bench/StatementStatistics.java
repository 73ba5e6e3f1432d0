package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.db.PgUrl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where the database server's time went during a measured run, from {@code pg_stat_statements}: every statement of
 * every database of the server, by total execution time. The CPU counters of a benchmark say how much the server
 * worked; this says on what, which is what the next design change needs.
 */
final class StatementStatistics {
    private static final int QUERY_CHARS = 240;

    private StatementStatistics() {
    }

    /** Asks the server to load the module at its next start. */
    static void preload(PgUrl server) {
        run(server, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    }

    /** Creates the extension (its view) in the server's maintenance database, where {@link #top} reads it. */
    static void install(PgUrl server) {
        run(server, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    /** Forgets every statement seen so far. */
    static void reset(PgUrl server) {
        run(server, "SELECT pg_stat_statements_reset()");
    }

    /**
     * The {@code limit} statements that took most execution time since the last {@link #reset}, with their share of
     * the time of all statements, per-call and per-{@code unit} costs.
     */
    static ObjectNode top(PgUrl server, int limit, long units, String unit) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        try (Connection connection = server.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT d.datname, s.calls, s.rows, s.total_exec_time, s.query,
                            sum(s.total_exec_time) OVER () AS all_time, count(*) OVER () AS statements
                     FROM pg_stat_statements s LEFT JOIN pg_database d ON d.oid = s.dbid
                     ORDER BY s.total_exec_time DESC LIMIT ?""")) {
            statement.setInt(1, limit);
            ArrayNode top = report.putArray("top_by_total_time");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (top.isEmpty()) {
                        report.put("all_statements_exec_seconds", BenchReports.round(rows.getDouble(6) / 1000));
                        report.put("distinct_statements", rows.getLong(7));
                        report.put("all_statements_exec_ms_per_" + unit,
                                BenchReports.round(rows.getDouble(6) / Math.max(1, units)));
                    }
                    ObjectNode row = top.addObject();
                    row.put("database", rows.getString(1));
                    row.put("calls", rows.getLong(2));
                    row.put("rows", rows.getLong(3));
                    row.put("total_ms", BenchReports.round(rows.getDouble(4)));
                    row.put("share", BenchReports.round(rows.getDouble(4) / Math.max(1e-9, rows.getDouble(6))));
                    row.put("us_per_" + unit, BenchReports.round(rows.getDouble(4) * 1000 / Math.max(1, units)));
                    String query = rows.getString(5).replaceAll("\\s+", " ").strip();
                    row.put("query", query.length() > QUERY_CHARS ? query.substring(0, QUERY_CHARS) + "…" : query);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_statements: " + e.getMessage(), e);
        }
        return report;
    }

    /**
     * How the tables of {@code schema} in {@code database} were written and kept, from {@code pg_stat_user_tables}:
     * updates and how many of them stayed on their page (heap-only), dead rows left, and when autovacuum and
     * autoanalyze last ran — what makes the same statement cost more in one run than in another.
     */
    static ObjectNode tableActivity(PgUrl database, String schema, List<String> tables) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup, autovacuum_count,
                            autoanalyze_count, last_autovacuum, last_autoanalyze
                     FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ANY (?) ORDER BY relname""")) {
            statement.setString(1, schema);
            statement.setArray(2, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode table = report.putObject(rows.getString(1));
                    table.put("inserted", rows.getLong(2));
                    table.put("updated", rows.getLong(3));
                    table.put("updated_heap_only", rows.getLong(4));
                    table.put("live_rows", rows.getLong(5));
                    table.put("dead_rows", rows.getLong(6));
                    table.put("autovacuums", rows.getLong(7));
                    table.put("autoanalyzes", rows.getLong(8));
                    table.put("last_autovacuum", String.valueOf(rows.getObject(9)));
                    table.put("last_autoanalyze", String.valueOf(rows.getObject(10)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_user_tables: " + e.getMessage(), e);
        }
        return report;
    }

    private static void run(PgUrl server, String sql) {
        try (Connection connection = server.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }
}
