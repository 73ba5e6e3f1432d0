package io.rezilient.restore.service.health;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/** PostgreSQL answers a trivial query. Messages come from the driver, which never prints the password. */
public final class PostgresCheck implements ReadinessCheck {
    private final DataSource dataSource;

    public PostgresCheck(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void probe() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                rows.next();
            }
        }
    }
}
