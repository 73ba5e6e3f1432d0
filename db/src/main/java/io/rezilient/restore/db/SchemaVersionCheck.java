package io.rezilient.restore.db;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The start-up check every service runs before it touches the database: it fails closed unless the schema is
 * exactly at the version of the migrations packaged in this build. The expected version is read from those
 * packaged migrations (through Flyway), so it cannot drift from a hand-kept constant. Only reads the schema
 * history, so the services' read-only credentials suffice.
 */
public final class SchemaVersionCheck {
    private SchemaVersionCheck() {
    }

    /** Passes (returning the status) when the schema is current; otherwise throws {@link SchemaVersionException}. */
    public static SchemaStatus verify(DataSource dataSource) {
        SchemaStatus status = inspect(dataSource);
        if (!status.isCurrent()) {
            throw new SchemaVersionException(status);
        }
        return status;
    }

    /** Compares the database with this build's migrations without judging. */
    public static SchemaStatus inspect(DataSource dataSource) {
        MigrationInfo[] all;
        try {
            all = Migrations.flyway(dataSource).info().all();
        } catch (FlywayException e) {
            throw new IllegalStateException("cannot read the database schema version: " + e.getMessage(), e);
        }
        List<String> notApplied = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (MigrationInfo migration : all) {
            if (migration.getVersion() == null) {
                continue; // repeatable migrations carry no version; we have none
            }
            String version = migration.getVersion().getVersion();
            MigrationState state = migration.getState();
            if (state.isFailed()) {
                failed.add(version);
            } else if (!state.isResolved()) {
                unknown.add(version);
            } else if (!state.isApplied()) {
                notApplied.add(version);
            } else if (!migration.isChecksumMatching()) {
                changed.add(version);
            }
        }
        String expected = newest(all, m -> m.getState().isResolved())
                .orElseThrow(() -> new IllegalStateException("this build packages no database migrations"));
        Optional<String> current = newest(all, m -> m.getState().isApplied() && !m.getState().isFailed());
        return new SchemaStatus(current, expected, notApplied, failed, unknown, changed);
    }

    private static Optional<String> newest(MigrationInfo[] all, Predicate<MigrationInfo> filter) {
        return Arrays.stream(all)
                .filter(m -> m.getVersion() != null && filter.test(m))
                .max(Comparator.comparing(MigrationInfo::getVersion))
                .map(m -> m.getVersion().getVersion());
    }
}
