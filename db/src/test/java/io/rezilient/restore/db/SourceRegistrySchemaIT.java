package io.rezilient.restore.db;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Migration V4: {@code rez_restore.source_registry}'s rules and who may touch it. */
class SourceRegistrySchemaIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String SERVICE_LOGIN = "rez_it_reg_service_" + SUFFIX;
    private static final String INDEXER_LOGIN = "rez_it_reg_indexer_" + SUFFIX;
    private static final String INSERT = "INSERT INTO rez_restore.source_registry (tenant_id, instance_id, source,"
            + " tenant_state, entitlement_state, instance_state, allowed_services, updated_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::text[], 'it')";

    private static TestDatabase db;
    private static DataSource owner;
    private static DataSource service;
    private static DataSource indexer;

    @BeforeAll
    static void createDatabaseAndLogins() throws SQLException {
        db = TestDatabases.createMigrated("SourceRegistrySchemaIT");
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

    private static String tenant() {
        return "tenant-" + UUID.randomUUID();
    }

    @Test
    void aValidRowGetsDefaultsAndTimestamps() throws Exception {
        String tenant = tenant();
        Jdbc.update(owner, "INSERT INTO rez_restore.source_registry (tenant_id, instance_id, source, updated_by)"
                + " VALUES (?, 'i', 's', 'it')", tenant);

        assertThat(Jdbc.single(owner, "SELECT tenant_state || entitlement_state || instance_state"
                + " || array_to_string(allowed_services, ',') || (created_at = updated_at)"
                + " FROM rez_restore.source_registry WHERE tenant_id = ?", tenant)).isEqualTo("activeactiveactiverrstrue");
    }

    @Test
    void statesAreCheckedIdentifiersAreNonBlankAndServicesAreNames() {
        assertThat(insert(tenant(), "i", "s", "paused", "active", "active", "{rrs}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "Active", "active", "{rrs}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "active", "", "{rrs}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(" ", "i", "s", "active", "active", "active", "{rrs}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "", "active", "active", "active", "{rrs}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "active", "active", "{\"\"}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "active", "active", "{NULL}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "active", "active", "{{rrs}}")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "active", "active", "active", null)).isEqualTo(NOT_NULL_VIOLATION);
        assertThat(insert(tenant(), "i", "s", "suspended", "disabled", "active", "{}")).isNull();
        assertThat(insert(tenant(), "i", "s", "active", "active", "active", "{rrs,reg}")).isNull();
    }

    @Test
    void anInstanceHasOneMapping() {
        String tenant = tenant();
        assertThat(insert(tenant, "i", "s1", "active", "active", "active", "{rrs}")).isNull();
        assertThat(insert(tenant, "i", "s2", "active", "active", "active", "{rrs}")).isEqualTo(UNIQUE_VIOLATION);
        assertThat(insert(tenant, "i2", "s1", "active", "active", "active", "{rrs}")).isNull();
    }

    @Test
    void theServiceRoleReadsTheRegistryButCannotChangeIt() throws Exception {
        String tenant = tenant();
        assertThat(insert(tenant, "i", "s", "active", "active", "active", "{rrs}")).isNull();

        assertThat(Jdbc.single(service, "SELECT source FROM rez_restore.source_registry WHERE tenant_id = ?", tenant))
                .isEqualTo("s");
        assertThat(sqlState(() -> Jdbc.update(service, "UPDATE rez_restore.source_registry SET tenant_state = 'active'")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(service, "DELETE FROM rez_restore.source_registry")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(service, INSERT, tenant(), "i", "s", "active", "active", "active", "{rrs}")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void theIndexerRoleHasNoAccess() {
        assertThat(sqlState(() -> Jdbc.column(indexer, "SELECT * FROM rez_restore.source_registry")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    private static String insert(String tenant, String instance, String source, String tenantState,
                                 String entitlementState, String instanceState, String services) {
        return sqlState(() -> Jdbc.update(owner, INSERT, tenant, instance, source, tenantState, entitlementState,
                instanceState, services));
    }

    private static String sqlState(ThrowingCallable statement) {
        SQLException failure = catchThrowableOfType(SQLException.class, statement);
        return failure == null ? null : failure.getSQLState();
    }
}
