package io.rezilient.restore.db;

import java.util.List;
import java.util.Optional;

/**
 * What one {@link Migrations#migrate} call did.
 *
 * @param initialVersion the schema version before (empty for a database without schema history)
 * @param applied        the migrations this call applied, in order; empty when the database was already current
 * @param currentVersion the schema version afterwards
 */
public record MigrationReport(Optional<String> initialVersion, List<Applied> applied, String currentVersion) {
    public MigrationReport {
        applied = List.copyOf(applied);
    }

    /** One applied migration. */
    public record Applied(String version, String description, int executionMillis) {
    }
}
