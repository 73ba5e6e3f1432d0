package io.rezilient.restore.indexer.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * JDBC conversions used throughout the store. Set-wise statements bind one {@code text[]} per column and cast in
 * SQL ({@code unnest(?::text[], …)}): one round trip for any number of rows, and values such as offsets beyond 2^63
 * travel as their exact decimal text.
 */
final class Sql {
    private Sql() {
    }

    /** A {@code text[]} of one column of {@code rows}; null values stay SQL NULL. */
    static <T> Array texts(Connection connection, Collection<T> rows, Function<T, ?> column) throws SQLException {
        String[] values = new String[rows.size()];
        int i = 0;
        for (T row : rows) {
            Object value = column.apply(row);
            values[i++] = value == null ? null : value.toString();
        }
        return connection.createArrayOf("text", values);
    }

    /** An offset bound exactly as NUMERIC (an integer-valued BigDecimal, never a double). */
    static BigDecimal numeric(BigInteger offset) {
        return new BigDecimal(offset);
    }

    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static void setNullableInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A NUMERIC offset column as canonical decimal text, or null. */
    static String offset(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact().toString();
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    /** Binds parameters 1–5: the partition key columns. */
    static <T> void bindPartitionKeys(Connection transaction, PreparedStatement statement, List<T> rows,
                                      Function<T, PartitionKey> key) throws SQLException {
        statement.setArray(1, texts(transaction, rows, row -> key.apply(row).source().tenantId()));
        statement.setArray(2, texts(transaction, rows, row -> key.apply(row).source().instanceId()));
        statement.setArray(3, texts(transaction, rows, row -> key.apply(row).source().source()));
        statement.setArray(4, texts(transaction, rows, row -> key.apply(row).topic()));
        statement.setArray(5, texts(transaction, rows, row -> key.apply(row).partition()));
    }
}
