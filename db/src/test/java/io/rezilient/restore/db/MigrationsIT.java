package io.rezilient.restore.db;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsIT {
    private static final List<String> INDEX_TABLES = List.of("backfill_batches", "backfill_run_events", "backfill_runs",
            "config_override_changes",
            "config_overrides", "config_versions",
            "flyway_schema_history", "index_events", "indexer_members", "ingest_scope_sources", "partition_generations",
            "partition_watermarks", "quarantined_artifacts", "skipped_offsets", "source_coverage", "source_leases",
            "source_progress");
    private static final List<String> SERVICE_TABLES = List.of("audit_events", "capability_grants", "checkpoints",
            "evidence_artifact_parts", "evidence_artifacts", "evidence_packages", "execution_chunks", "execution_claims", "execution_revalidated_records", "execution_rows",
            "execution_runtime_conflicts", "executions", "job_events", "jobs", "lock_holds", "lock_queue", "plan_rows",
            "plans", "rollback_journal", "row_outcomes", "sn_mirror", "source_registry");

    @Test
    void migratingAnEmptyDatabaseCreatesBothSchemasEveryTableAndTheRoles() throws Exception {
        try (TestDatabase db = TestDatabases.create("MigrationsIT_empty")) {
            MigrationReport report = Migrations.migrate(db.dataSource());

            assertThat(report.initialVersion()).isEmpty();
            assertThat(report.applied()).extracting(MigrationReport.Applied::version).isEqualTo(PackagedMigrations.versions());
            assertThat(report.currentVersion()).isEqualTo(PackagedMigrations.newest());
            assertThat(Jdbc.column(db.dataSource(),
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                    RestoreSchemas.INDEX_SCHEMA)).isEqualTo(List.copyOf(INDEX_TABLES));
            assertThat(Jdbc.column(db.dataSource(),
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                    RestoreSchemas.SERVICE_SCHEMA)).isEqualTo(List.copyOf(SERVICE_TABLES));
            assertThat(Jdbc.column(db.dataSource(), "SELECT rolname FROM pg_roles WHERE rolname IN (?, ?, ?)"
                    + " AND NOT rolcanlogin ORDER BY rolname", RestoreSchemas.INDEXER_RW_ROLE,
                    RestoreSchemas.SERVICE_RO_ROLE, RestoreSchemas.SERVICE_RW_ROLE))
                    .containsExactly(RestoreSchemas.INDEXER_RW_ROLE, RestoreSchemas.SERVICE_RO_ROLE, RestoreSchemas.SERVICE_RW_ROLE);
        }
    }

    @Test
    void migratingAgainAppliesNothing() throws Exception {
        try (TestDatabase db = TestDatabases.create("MigrationsIT_rerun")) {
            String current = Migrations.migrate(db.dataSource()).currentVersion();

            MigrationReport again = Migrations.migrate(db.dataSource());

            assertThat(again.applied()).isEmpty();
            assertThat(again.initialVersion()).contains(current);
            assertThat(again.currentVersion()).isEqualTo(current);
        }
    }

    @Test
    void aUrlCarryingUserAndPasswordIsEnough() throws Exception {
        try (TestDatabase db = TestDatabases.create("MigrationsIT_url")) {
            assertThat(Migrations.migrate(db.jdbcUrl()).currentVersion()).isEqualTo(PackagedMigrations.newest());
        }
    }

    /** Roles are cluster-wide: databases migrating side by side must not trip over each other creating them. */
    @Test
    void databasesOfOneClusterMigrateConcurrently() throws Exception {
        try (TestDatabase first = TestDatabases.create("MigrationsIT_concurrent_a");
             TestDatabase second = TestDatabases.create("MigrationsIT_concurrent_b");
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            var a = CompletableFuture.supplyAsync(() -> Migrations.migrate(first.dataSource()), pool);
            var b = CompletableFuture.supplyAsync(() -> Migrations.migrate(second.dataSource()), pool);

            assertThat(a.get().currentVersion()).isEqualTo(PackagedMigrations.newest());
            assertThat(b.get().currentVersion()).isEqualTo(PackagedMigrations.newest());
        }
    }

    @Test
    void anUnreachableDatabaseFailsWithAMessageThatHidesThePassword() {
        assertThatThrownBy(() -> Migrations.migrate("jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=topsecret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("database migration failed")
                .hasMessageNotContaining("topsecret");
    }
}
