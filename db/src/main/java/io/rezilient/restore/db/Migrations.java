package io.rezilient.restore.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Applies the Flyway migrations packaged in this jar ({@code db/migration}) to a database: schemas
 * {@value RestoreSchemas#INDEX_SCHEMA} and {@value RestoreSchemas#SERVICE_SCHEMA} plus their access roles.
 * Concurrent callers are safe: Flyway serialises them with a PostgreSQL advisory lock.
 */
public final class Migrations {
    /** Where the SQL migrations live on the classpath. */
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Brings the database at {@code jdbcUrl} (user and password may be URL parameters) up to this build's schema. */
    public static MigrationReport migrate(String jdbcUrl) {
        return migrate(PgUrl.parse(jdbcUrl).dataSource());
    }

    /** Brings {@code dataSource}'s database up to this build's schema; returns what was applied. */
    public static MigrationReport migrate(DataSource dataSource) {
        Flyway flyway = flyway(dataSource);
        try {
            MigrateResult result = flyway.migrate();
            var applied = result.migrations.stream()
                    .map(m -> new MigrationReport.Applied(m.version, m.description, m.executionTime))
                    .toList();
            return new MigrationReport(Optional.ofNullable(result.initialSchemaVersion), applied,
                    currentVersion(flyway).orElseThrow(() -> new IllegalStateException(
                            "database migration finished but the schema history is empty")));
        } catch (FlywayException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    /**
     * The one Flyway configuration every operation uses, so {@code migrate} and the start-up check agree on what
     * "current" means. Flyway creates both schemas and keeps its history table in the index schema.
     */
    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .schemas(RestoreSchemas.INDEX_SCHEMA, RestoreSchemas.SERVICE_SCHEMA)
                .table(RestoreSchemas.HISTORY_TABLE)
                .createSchemas(true)
                // nobody should be one typo away from dropping a restore index
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .load();
    }

    private static Optional<String> currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null
                ? Optional.empty() : Optional.of(current.getVersion().getVersion());
    }
}
