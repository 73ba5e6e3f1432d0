package io.rezilient.restore.db;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The start-up check as a service meets it: empty, behind, broken, current, and ahead of this build. */
class SchemaVersionCheckIT {
    @Test
    void anEmptyDatabaseFailsClosedAndSaysWhatToRun() throws Exception {
        try (TestDatabase db = TestDatabases.create("SchemaVersionCheckIT_empty")) {
            assertThatThrownBy(() -> SchemaVersionCheck.verify(db.dataSource()))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessage("database schema is at version none (no schema history), this build needs "
                            + PackagedMigrations.newest() + "; run `rez db migrate --url <jdbc-url>`");
        }
    }

    @Test
    void aDatabaseBehindThisBuildFailsClosed() throws Exception {
        try (TestDatabase db = TestDatabases.create("SchemaVersionCheckIT_behind")) {
            String first = PackagedMigrations.versions().getFirst();
            Flyway.configure().configuration(Migrations.flyway(db.dataSource()).getConfiguration()).target(first).load().migrate();

            SchemaVersionException failure =
                    catchThrowableOfType(SchemaVersionException.class, () -> SchemaVersionCheck.verify(db.dataSource()));

            assertThat(failure).isNotNull().hasMessage("database schema is at version " + first + ", this build needs "
                    + PackagedMigrations.newest() + "; run `rez db migrate --url <jdbc-url>`");
            assertThat(failure.status().notApplied()).isEqualTo(PackagedMigrations.versions().subList(1, PackagedMigrations.versions().size()));
        }
    }

    @Test
    void passesOnceMigratedAndExpectsTheNewestPackagedVersion() throws Exception {
        try (TestDatabase db = TestDatabases.createMigrated("SchemaVersionCheckIT_current")) {
            SchemaStatus status = SchemaVersionCheck.verify(db.dataSource());

            assertThat(status.isCurrent()).isTrue();
            assertThat(status.expectedVersion()).isEqualTo(PackagedMigrations.newest());
            assertThat(status.databaseVersion()).contains(PackagedMigrations.newest());
            assertThat(status.describe()).isEqualTo("database schema is at version " + PackagedMigrations.newest()
                    + ", as this build needs");
        }
    }

    @Test
    void aFailedMigrationFailsClosed() throws Exception {
        try (TestDatabase db = TestDatabases.createMigrated("SchemaVersionCheckIT_failed")) {
            // what a non-transactional migration that died half-way leaves behind
            Jdbc.update(db.dataSource(), "UPDATE rez_restore_index." + RestoreSchemas.HISTORY_TABLE
                    + " SET success = false WHERE version = ?", PackagedMigrations.newest());

            assertThatThrownBy(() -> SchemaVersionCheck.verify(db.dataSource()))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessageContaining("failed migration (version " + PackagedMigrations.newest() + ")");
        }
    }

    @Test
    void aDatabaseNewerThanThisBuildFailsClosed() throws Exception {
        try (TestDatabase db = TestDatabases.createMigrated("SchemaVersionCheckIT_ahead")) {
            Jdbc.update(db.dataSource(), "INSERT INTO rez_restore_index." + RestoreSchemas.HISTORY_TABLE
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                    + " SELECT max(installed_rank) + 1, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0,"
                    + " current_user, 1, true FROM rez_restore_index." + RestoreSchemas.HISTORY_TABLE);

            assertThatThrownBy(() -> SchemaVersionCheck.verify(db.dataSource()))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessageStartingWith("database schema is at version 999, newer than this build's " + PackagedMigrations.newest());
        }
    }

    @Test
    void anEditedMigrationScriptFailsClosed() throws Exception {
        try (TestDatabase db = TestDatabases.createMigrated("SchemaVersionCheckIT_edited")) {
            Jdbc.update(db.dataSource(), "UPDATE rez_restore_index." + RestoreSchemas.HISTORY_TABLE
                    + " SET checksum = checksum + 1 WHERE version = ?", PackagedMigrations.versions().getFirst());

            assertThatThrownBy(() -> SchemaVersionCheck.verify(db.dataSource()))
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessageContaining("was applied from a different script");
        }
    }
}
