package io.rezilient.restore.cli;

import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the process-level indexer tests compare: the rows of restore-index tables as sorted text, one index against
 * another built from the same capture, and the tail of a child process's log for failure messages.
 */
final class IndexRows {
    private IndexRows() {
    }

    /** The rows {@code sql} returns (in the index schema), each as its columns joined by {@code " | "}. */
    static TreeSet<String> rows(TestDatabase db, String sql) throws SQLException {
        TreeSet<String> result = new TreeSet<>();
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + RestoreSchemas.INDEX_SCHEMA);
            try (ResultSet rows = statement.executeQuery(sql)) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? " | " : "").append(rows.getString(c));
                    }
                    result.add(row.toString());
                }
            }
        }
        return result;
    }

    /** The first column of the one row {@code sql} returns, as a number. */
    static long single(TestDatabase db, String sql) throws SQLException {
        return Long.parseLong(rows(db, sql).first());
    }

    /**
     * Fails unless {@code sql} returns the same rows from both indexes (and some rows at all), naming the first 20
     * differences each way.
     *
     * @param expectedRun what {@code expected}'s index is, for the messages ("the uninterrupted run")
     * @param actualRun   what {@code actual}'s index is ("after the crashes")
     * @return how many rows are equal
     */
    static int assertSameRows(String table, String sql, TestDatabase expected, String expectedRun,
                              TestDatabase actual, String actualRun) throws SQLException {
        TreeSet<String> wanted = rows(expected, sql);
        TreeSet<String> got = rows(actual, sql);
        TreeSet<String> missing = new TreeSet<>(wanted);
        missing.removeAll(got);
        TreeSet<String> extra = new TreeSet<>(got);
        extra.removeAll(wanted);
        assertThat(wanted).as("%s of %s is not empty", table, expectedRun).isNotEmpty();
        assertThat(missing.stream().limit(20).toList()).as("%s rows of %s missing %s (first 20 of %d)", table,
                expectedRun, actualRun, missing.size()).isEmpty();
        assertThat(extra.stream().limit(20).toList()).as("%s rows %s that %s does not have (first 20 of %d)", table,
                actualRun, expectedRun, extra.size()).isEmpty();
        return wanted.size();
    }

    /** The last 40 lines of a log file, or why there are none. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
