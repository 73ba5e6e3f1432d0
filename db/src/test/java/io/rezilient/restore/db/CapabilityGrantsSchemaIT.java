package io.rezilient.restore.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.rezilient.restore.db.Jdbc.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

/** Migration V6: {@code rez_restore.capability_grants}'s rules and who may touch it. */
class CapabilityGrantsSchemaIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String READER_LOGIN = "rez_it_grants_ro_" + SUFFIX;
    private static final String WRITER_LOGIN = "rez_it_grants_rw_" + SUFFIX;
    private static final String INDEXER_LOGIN = "rez_it_grants_indexer_" + SUFFIX;
    private static final String INSERT = "INSERT INTO rez_restore.capability_grants (tenant_id, instance_id, source,"
            + " subject, capability, granted_by) VALUES (?, ?, ?, ?, ?, ?)";
    private static final List<String> WIRE_VALUES = List.of("restore_execute", "restore_delete",
            "restore_override_caps", "restore_schema_override", "rrs.admin");

    private static TestDatabase db;
    private static DataSource owner;
    private static DataSource reader;
    private static DataSource writer;
    private static DataSource indexer;

    @BeforeAll
    static void createDatabaseAndLogins() {
        db = TestDatabases.createMigrated("CapabilityGrantsSchemaIT");
        owner = db.dataSource();
        reader = db.createLogin(READER_LOGIN, RestoreSchemas.SERVICE_RO_ROLE);
        writer = db.createLogin(WRITER_LOGIN, RestoreSchemas.SERVICE_RW_ROLE);
        indexer = db.createLogin(INDEXER_LOGIN, RestoreSchemas.INDEXER_RW_ROLE);
    }

    @AfterAll
    static void dropDatabaseAndLogins() {
        db.close();
        db.dropLogin(READER_LOGIN);
        db.dropLogin(WRITER_LOGIN);
        db.dropLogin(INDEXER_LOGIN);
    }

    private static String tenant() {
        return "tenant-" + UUID.randomUUID();
    }

    @Test
    void everyCapabilityWireValueIsAcceptedAndStampedWithItsTime() throws Exception {
        String tenant = tenant();
        for (String capability : WIRE_VALUES) {
            assertThat(insert(owner, tenant, "alice", capability, "admin-bob")).as(capability).isNull();
        }

        assertThat(Jdbc.column(owner, "SELECT capability FROM rez_restore.capability_grants WHERE tenant_id = ?"
                + " ORDER BY capability", tenant)).containsExactlyInAnyOrderElementsOf(WIRE_VALUES);
        assertThat(Jdbc.single(owner, "SELECT count(*) FROM rez_restore.capability_grants WHERE tenant_id = ?"
                + " AND granted_by = 'admin-bob' AND granted_at <= now() AND granted_at > now() - interval '1 hour'",
                tenant)).isEqualTo(5L);
    }

    @Test
    void capabilitiesAreCheckedToTheExactWireValues() {
        for (String wrong : new String[]{"RRS.ADMIN", "restore_execute ", "admin", "", "restore-execute"}) {
            assertThat(insert(owner, tenant(), "alice", wrong, "admin-bob")).as("'%s'", wrong)
                    .isEqualTo(CHECK_VIOLATION);
        }
        assertThat(insert(owner, tenant(), "alice", null, "admin-bob")).isEqualTo(NOT_NULL_VIOLATION);
    }

    @Test
    void identifiersAndTheGrantorAreNonBlankAndRequired() {
        assertThat(insert(owner, tenant(), " ", "restore_execute", "admin-bob")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(owner, tenant(), "alice", "restore_execute", "")).isEqualTo(CHECK_VIOLATION);
        assertThat(insert(owner, tenant(), "alice", "restore_execute", null)).isEqualTo(NOT_NULL_VIOLATION);
        assertThat(insert(owner, tenant(), null, "restore_execute", "admin-bob")).isEqualTo(NOT_NULL_VIOLATION);
        assertThat(insert(owner, " ", "alice", "restore_execute", "admin-bob")).isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void aCapabilityIsGrantedOncePerScopeAndSubject() {
        String tenant = tenant();
        assertThat(insert(owner, tenant, "alice", "restore_execute", "admin-bob")).isNull();
        assertThat(insert(owner, tenant, "alice", "restore_execute", "admin-carol")).isEqualTo(UNIQUE_VIOLATION);
        assertThat(insert(owner, tenant, "Alice", "restore_execute", "admin-bob")).as("subjects compare byte-wise")
                .isNull();
        assertThat(insert(owner, tenant, "alice", "restore_delete", "admin-bob")).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, INSERT, tenant, "i", "other-source", "alice", "restore_execute",
                "admin-bob"))).as("another source is another key").isNull();
    }

    @Test
    void theReadOnlyServiceRoleReadsGrantsButCannotChangeThem() throws Exception {
        String tenant = tenant();
        assertThat(insert(owner, tenant, "alice", "rrs.admin", "admin-bob")).isNull();

        assertThat(Jdbc.single(reader, "SELECT capability FROM rez_restore.capability_grants WHERE tenant_id = ?",
                tenant)).isEqualTo("rrs.admin");
        assertThat(insert(reader, tenant, "alice", "restore_execute", "self")).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(reader, "UPDATE rez_restore.capability_grants SET subject = 'mallory'")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(reader, "DELETE FROM rez_restore.capability_grants")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    /** The service's writer role handles plans; it must not be able to grant itself capabilities. */
    @Test
    void theServiceWriterRoleCannotGrant() {
        assertThat(insert(writer, tenant(), "alice", "rrs.admin", "self")).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(writer, "DELETE FROM rez_restore.capability_grants")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void theIndexerRoleHasNoAccess() {
        assertThat(sqlState(() -> Jdbc.column(indexer, "SELECT * FROM rez_restore.capability_grants")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    private static String insert(DataSource as, String tenant, String subject, String capability, String grantedBy) {
        return sqlState(() -> Jdbc.update(as, INSERT, tenant, "i", "s", subject, capability, grantedBy));
    }
}
