package io.rezilient.restore.db;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The access roles as a deployment uses them: a login user that is a member of the role, connecting over TCP
 * with a password. The restore service reads; the indexer writes rows but never the schema.
 */
class IndexRolesIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-02-16T12:00:00Z");
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String SERVICE_LOGIN = "rez_it_service_" + SUFFIX;
    private static final String INDEXER_LOGIN = "rez_it_indexer_" + SUFFIX;

    private static TestDatabase db;
    private static DataSource owner;
    private static DataSource service;
    private static DataSource indexer;

    @BeforeAll
    static void createDatabaseAndLogins() throws SQLException {
        db = TestDatabases.createMigrated("IndexRolesIT");
        owner = db.dataSource();
        service = db.createLogin(SERVICE_LOGIN, RestoreSchemas.SERVICE_RO_ROLE);
        indexer = db.createLogin(INDEXER_LOGIN, RestoreSchemas.INDEXER_RW_ROLE);
    }

    @AfterAll
    static void dropDatabaseAndLogins() throws SQLException {
        db.close();
        db.dropLogin(SERVICE_LOGIN);
        db.dropLogin(INDEXER_LOGIN);
    }

    @Test
    void theServiceRoleReadsEveryIndexTableButWritesNone() throws Exception {
        for (Object table : Jdbc.column(owner, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                RestoreSchemas.INDEX_SCHEMA)) {
            assertThatCode(() -> Jdbc.column(service, "SELECT * FROM rez_restore_index." + table + " LIMIT 1"))
                    .as("SELECT on %s", table).doesNotThrowAnyException();
        }
        assertThat(sqlState(() -> Jdbc.update(service, "INSERT INTO rez_restore_index.source_leases"
                + " (ingest_scope_id, holder_id, lease_expires_at, fencing_epoch) VALUES ('s', 'h', now(), 1)")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(service, "UPDATE rez_restore_index.partition_watermarks SET freshness = 'fresh'")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(service, "DELETE FROM rez_restore_index.index_events")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void theServiceRoleCanRunTheStartUpSchemaCheck() {
        assertThat(SchemaVersionCheck.verify(service).isCurrent()).isTrue();
    }

    @Test
    void theIndexerRoleWritesRows() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.partition_generations (tenant_id, instance_id, source, topic,"
                + " kafka_partition, generation_id, generation_epoch, generation_started_at)"
                + " VALUES (?, 'i', 's', 'rez.cdc', 0, 'gen-01', 1, ?)", tenant, T0);
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.index_events (tenant_id, instance_id, source, event_id, event_type,"
                + " event_time, topic, kafka_partition, kafka_offset, artifact_key, manifest_key, artifact_kind, generation_id)"
                + " VALUES (?, 'i', 's', 'evt-1', 'cdc.write', ?, 'rez.cdc', 0, 1, 'a', 'm', 'cdc', 'gen-01')", tenant, T0);

        assertThat(Jdbc.update(indexer, "UPDATE rez_restore_index.index_events SET event_type = 'cdc.delete' WHERE tenant_id = ?",
                tenant)).isEqualTo(1);
        assertThat(Jdbc.update(indexer, "DELETE FROM rez_restore_index.index_events WHERE tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(Jdbc.single(service, "SELECT count(*) FROM rez_restore_index.partition_generations WHERE tenant_id = ?",
                tenant)).isEqualTo(1L);
    }

    @Test
    void theIndexerRoleCannotChangeTheSchemaItsHistoryOrTheBackfillAudit() throws Exception {
        assertThat(sqlState(() -> Jdbc.update(indexer, "CREATE TABLE rez_restore_index.sneaky (id int)")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(indexer, "DELETE FROM rez_restore_index." + RestoreSchemas.HISTORY_TABLE)))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThatCode(() -> Jdbc.column(indexer, "SELECT version FROM rez_restore_index." + RestoreSchemas.HISTORY_TABLE))
                .doesNotThrowAnyException();

        String run = "run-" + UUID.randomUUID();
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.backfill_runs (run_id, tenant_id, instance_id, source, mode, status,"
                + " throttle_batch_size, max_realtime_lag_seconds) VALUES (?, 't', 'i', 's', 'bootstrap', 'running', 250, 180)", run);
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.backfill_batches (run_id, batch_seq, item_count, inserted_count,"
                + " existing_count, failed_count, cursor_advanced, actor, started_at, finished_at)"
                + " VALUES (?, 1, 0, 0, 0, 0, true, 'backfill', ?, ?)", run, T0, T0);
        assertThat(sqlState(() -> Jdbc.update(indexer, "UPDATE rez_restore_index.backfill_batches SET item_count = 0"
                + " WHERE run_id = ?", run))).as("the audit is append-only").isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void theIndexerRoleVersionsOverridesButCannotRewriteTheirAudit() throws Exception {
        String scope = "scope-" + UUID.randomUUID();
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.config_versions (scope, current_version) VALUES (?, 1)", scope);
        Object id = Jdbc.single(indexer, "INSERT INTO rez_restore_index.config_overrides (scope, config_key, config_value,"
                + " config_version, valid_from, valid_until, created_by, reason, status) VALUES (?, 'backfill_batch_size',"
                + " '2000', 1, ?, ?, 'alice', 'bootstrap', 'active') RETURNING override_id", scope, T0, T0.plusHours(1));
        Jdbc.update(indexer, "INSERT INTO rez_restore_index.config_override_changes (scope, config_version, override_id,"
                + " config_key, action, value_after, actor, reason, changed_at) VALUES (?, 1, ?, 'backfill_batch_size',"
                + " 'applied', '2000', 'alice', 'bootstrap', ?)", scope, id, T0);
        assertThat(Jdbc.update(indexer, "UPDATE rez_restore_index.config_versions SET current_version = 2 WHERE scope = ?",
                scope)).isEqualTo(1);

        assertThat(sqlState(() -> Jdbc.update(indexer, "UPDATE rez_restore_index.config_override_changes SET actor = 'x'"
                + " WHERE scope = ?", scope))).as("the override audit is append-only").isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(indexer, "DELETE FROM rez_restore_index.config_override_changes"
                + " WHERE scope = ?", scope))).isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void tablesOfLaterMigrationsGetTheSameGrants() throws Exception {
        // what a later migration does, as the same migrating user
        Jdbc.update(owner, "CREATE TABLE rez_restore_index.later_table (id BIGINT GENERATED ALWAYS AS IDENTITY, v TEXT)");
        try {
            assertThat(Jdbc.update(indexer, "INSERT INTO rez_restore_index.later_table (v) VALUES ('x')")).isEqualTo(1);
            assertThat(Jdbc.column(service, "SELECT v FROM rez_restore_index.later_table")).containsExactly("x");
            assertThat(sqlState(() -> Jdbc.update(service, "INSERT INTO rez_restore_index.later_table (v) VALUES ('y')")))
                    .isEqualTo(INSUFFICIENT_PRIVILEGE);
        } finally {
            Jdbc.update(owner, "DROP TABLE rez_restore_index.later_table");
        }
    }

    private static String sqlState(ThrowingCallable statement) {
        SQLException failure = catchThrowableOfType(SQLException.class, statement);
        return failure == null ? null : failure.getSQLState();
    }
}
