package io.rezilient.restore.db;

import java.util.List;
import java.util.Optional;

/**
 * How a database's schema compares with the migrations packaged in this build.
 *
 * @param databaseVersion  the newest applied version, empty for a database without schema history
 * @param expectedVersion  the newest version this build packages
 * @param notApplied       versions this build packages that the database lacks
 * @param failed           versions whose migration failed part-way
 * @param unknown          versions the database has that this build does not know (the database is newer)
 * @param changed          versions applied from a script that differs from the one in this build
 */
public record SchemaStatus(Optional<String> databaseVersion, String expectedVersion, List<String> notApplied,
                           List<String> failed, List<String> unknown, List<String> changed) {
    /** The command that fixes a database that is behind; the URL is the operator's to fill in. */
    static final String MIGRATE_HINT = "run `rez db migrate --url <jdbc-url>`";

    public SchemaStatus {
        notApplied = List.copyOf(notApplied);
        failed = List.copyOf(failed);
        unknown = List.copyOf(unknown);
        changed = List.copyOf(changed);
    }

    /** True when the database has exactly this build's migrations, all successful and unmodified. */
    public boolean isCurrent() {
        return notApplied.isEmpty() && failed.isEmpty() && unknown.isEmpty() && changed.isEmpty()
                && databaseVersion.filter(expectedVersion::equals).isPresent();
    }

    /** One sentence for the operator: what is wrong and what to run, or that all is well. */
    public String describe() {
        String at = databaseVersion.orElse("none (no schema history)");
        if (!failed.isEmpty()) {
            return "database schema has a failed migration (version " + String.join(", ", failed)
                    + "); repair the database, delete the failed row from " + RestoreSchemas.INDEX_SCHEMA + "."
                    + RestoreSchemas.HISTORY_TABLE + " and " + MIGRATE_HINT;
        }
        if (!unknown.isEmpty()) {
            return "database schema is at version " + at + ", newer than this build's " + expectedVersion
                    + " (unknown versions " + String.join(", ", unknown) + "); run a build that includes them";
        }
        if (!changed.isEmpty()) {
            return "database schema version " + String.join(", ", changed)
                    + " was applied from a different script than this build's; the migrations were edited after release";
        }
        if (!isCurrent()) {
            return "database schema is at version " + at + ", this build needs " + expectedVersion + "; " + MIGRATE_HINT;
        }
        return "database schema is at version " + expectedVersion + ", as this build needs";
    }
}
