package io.rezilient.restore.service.health;

import io.rezilient.restore.db.SchemaStatus;
import io.rezilient.restore.db.SchemaVersionCheck;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * The schema is exactly at this build's migrations ({@link SchemaVersionCheck}). Start-up already refuses a stale
 * schema; this catches a database restored from an old backup, or migrated by a newer build, while we run.
 */
public final class SchemaCheck implements ReadinessCheck {
    private final DataSource dataSource;

    public SchemaCheck(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public String name() {
        return "schema";
    }

    @Override
    public void probe() throws Failure {
        SchemaStatus status = SchemaVersionCheck.inspect(dataSource);
        if (!status.isCurrent()) {
            throw new Failure(SCHEMA_NOT_CURRENT, status.describe());
        }
    }
}
