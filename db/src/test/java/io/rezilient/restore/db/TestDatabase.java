package io.rezilient.restore.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

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

    /**
     * Creates login {@code login} (a fresh password) as a member of {@code role}, the way a deployment grants the
     * access roles, and returns a data source that connects to this database as it. Logins are server-wide: drop
     * them with {@link #dropLogin} when the test class ends.
     */
    public DataSource createLogin(String login, String role) {
        String password = UUID.randomUUID().toString().replace("-", "");
        serverStatement("CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "' IN ROLE " + role);
        return new PgUrl(url.hostSpec(), name, "user=" + login + "&password=" + password).dataSource();
    }

    public void dropLogin(String login) {
        serverStatement("DROP ROLE IF EXISTS " + login);
    }

    private void serverStatement(String sql) {
        try (Connection connection = serverUrl.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement on the test server failed: " + e.getMessage(), e);
        }
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
