package io.rezilient.restore.db;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Plain JDBC for tests: one statement per call, parameters bound in order. */
final class Jdbc {
    private Jdbc() {
    }

    /** The SQLSTATE {@code statement} fails with, or null when it succeeds. */
    static String sqlState(ThrowingCallable statement) {
        SQLException failure = catchThrowableOfType(SQLException.class, statement);
        return failure == null ? null : failure.getSQLState();
    }

    static int update(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of every row. */
    static List<Object> column(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getObject(1));
            }
            return values;
        }
    }

    static Object single(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        List<Object> values = column(dataSource, sql, parameters);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + " from " + sql);
        }
        return values.getFirst();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
