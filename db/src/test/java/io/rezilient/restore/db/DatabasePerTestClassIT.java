package io.rezilient.restore.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePerTestClassIT {
    @Test
    void everyCallGivesAFreshDatabaseOnTheSameServerAndCloseDropsIt() throws Exception {
        TestDatabase first = TestDatabases.create("Some Test/Class");
        TestDatabase second = TestDatabases.create("Some Test/Class");
        try {
            assertThat(first.name()).startsWith("rez_some_test_class_").isNotEqualTo(second.name());
            assertThat(first.serverUrl()).isEqualTo(second.serverUrl()).isEqualTo(TestDatabases.server());
            assertThat(Jdbc.single(first.dataSource(), "SELECT current_database()")).isEqualTo(first.name());
            Jdbc.update(first.dataSource(), "CREATE TABLE only_here (id int)");
            assertThat(Jdbc.column(second.dataSource(), "SELECT 1 FROM pg_tables WHERE tablename = 'only_here'")).isEmpty();
        } finally {
            first.close();
            second.close();
        }
        assertThat(Jdbc.column(first.serverUrl().dataSource(), "SELECT datname FROM pg_database WHERE datname IN (?, ?)",
                first.name(), second.name())).isEmpty();
    }

    @Test
    void migratedDatabasesAreIndependentCopiesAtThisBuildsVersion() throws Exception {
        try (TestDatabase first = TestDatabases.createMigrated("MigratedCopyA");
             TestDatabase second = TestDatabases.createMigrated("MigratedCopyB")) {
            for (TestDatabase copy : new TestDatabase[] {first, second}) {
                assertThat(SchemaVersionCheck.verify(copy.dataSource()).databaseVersion())
                        .contains(PackagedMigrations.newest());
            }
            Jdbc.update(first.dataSource(), "CREATE TABLE rez_restore.only_in_first (id int)");

            assertThat(Jdbc.column(second.dataSource(), "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'"))
                    .isEmpty();
            try (TestDatabase third = TestDatabases.createMigrated("MigratedCopyC")) {
                assertThat(Jdbc.column(third.dataSource(),
                        "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'")).isEmpty();
            }
        }
    }

    @Test
    void namesAreValidIdentifiersWhateverTheTestIsCalled() {
        assertThat(TestDatabases.uniqueName("ÄÖ weird--name!!")).matches("rez_weird_name_[0-9a-f]{8}");
        assertThat(TestDatabases.uniqueName("")).matches("rez_test_[0-9a-f]{8}");
        assertThat(TestDatabases.uniqueName("x".repeat(100))).hasSizeLessThanOrEqualTo(63);
    }
}
