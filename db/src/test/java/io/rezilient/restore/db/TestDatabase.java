package io.rezilient.restore.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One test class's own database; {@link #close()} drops it.
 *
 * @param name      the database name (unique per call of {@link TestDatabases#create})
 * @param url       its JDBC URL, with the server's credentials
 * @param serverUrl the server's URL, for work outside this database (roles, other databases)
 */
public record TestDatabase(String name, PgUrl url, PgUrl serverUrl) implements AutoCloseable {
    public String jdbcUrl() {
        return url.jdbcUrl();
    }

    public DataSource dataSource() {
        return url.dataSource();
    }

    /** Drops the database, ending any connection a test left open. */
    @Override
    public void close() {
        try (Connection connection = serverUrl.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
        TestDatabases.forget(this);
    }
}
