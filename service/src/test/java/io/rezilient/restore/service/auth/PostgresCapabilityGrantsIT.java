package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.rezilient.restore.contracts.restore.Capability.ADMIN;
import static io.rezilient.restore.contracts.restore.Capability.RESTORE_DELETE;
import static io.rezilient.restore.contracts.restore.Capability.RESTORE_EXECUTE;
import static io.rezilient.restore.contracts.restore.Capability.RESTORE_OVERRIDE_CAPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grant table on a real, migrated PostgreSQL (migration V6), as admins and as the service's read-only role. */
class PostgresCapabilityGrantsIT {
    private static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev");
    private static final String READER_LOGIN = "rez_it_grants_reader_"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static TestDatabase db;
    private static PostgresCapabilityGrants asReader;
    private PostgresCapabilityGrants grants;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("PostgresCapabilityGrantsIT");
        asReader = new PostgresCapabilityGrants(db.createLogin(READER_LOGIN, RestoreSchemas.SERVICE_RO_ROLE));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
        db.dropLogin(READER_LOGIN);
    }

    @BeforeEach
    void noGrants() throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM rez_restore.capability_grants");
        }
        grants = new PostgresCapabilityGrants(db.dataSource());
    }

    @Test
    void grantedCapabilitiesAreReadBackWithTheirGrantor() {
        Instant before = Instant.now().minusSeconds(60);

        List<CapabilityGrant> held = grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE, ADMIN), "admin-bob");

        assertThat(held).extracting(CapabilityGrant::capability).containsExactlyInAnyOrder(RESTORE_EXECUTE, ADMIN);
        assertThat(held).allSatisfy(grant -> {
            assertThat(grant.scope()).isEqualTo(SCOPE);
            assertThat(grant.subject()).isEqualTo("alice");
            assertThat(grant.grantedBy()).isEqualTo("admin-bob");
            assertThat(grant.grantedAt()).isAfter(before);
        });
        assertThat(grants.granted(SCOPE, "alice")).containsExactlyInAnyOrder(RESTORE_EXECUTE, ADMIN);
    }

    @Test
    void regrantingAddsOnlyWhatIsNewAndKeepsTheOriginalGrantor() {
        grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE), "admin-bob");

        List<CapabilityGrant> held = grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE, RESTORE_DELETE), "admin-carol");

        assertThat(held).extracting(grant -> grant.capability().wire() + " by " + grant.grantedBy())
                .containsExactlyInAnyOrder("restore_execute by admin-bob", "restore_delete by admin-carol");
    }

    @Test
    void aGrantBelongsToExactlyOneScopeAndSubject() {
        grants.grant(SCOPE, "alice", Set.of(ADMIN, RESTORE_EXECUTE), "admin-bob");

        assertThat(grants.granted(new ResourceScope("tenant-other", SCOPE.instanceId(), SCOPE.source()), "alice"))
                .isEmpty();
        assertThat(grants.granted(new ResourceScope(SCOPE.tenantId(), "sn-prod-01", SCOPE.source()), "alice")).isEmpty();
        assertThat(grants.granted(new ResourceScope(SCOPE.tenantId(), SCOPE.instanceId(), "sn://other"), "alice"))
                .isEmpty();
        assertThat(grants.granted(SCOPE, "bob")).isEmpty();
        assertThat(grants.granted(SCOPE, "Alice")).as("subjects compare exactly").isEmpty();
        assertThat(grants.granted(SCOPE, "alice")).hasSize(2);
    }

    @Test
    void revokeRemovesOnlyTheNamedCapabilitiesAndSaysWhichWereHeld() {
        grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE, RESTORE_DELETE, ADMIN), "admin-bob");
        grants.grant(SCOPE, "bob", Set.of(RESTORE_EXECUTE), "admin-bob");

        Set<Capability> revoked = grants.revoke(SCOPE, "alice", Set.of(RESTORE_EXECUTE, ADMIN, RESTORE_OVERRIDE_CAPS));

        assertThat(revoked).containsExactlyInAnyOrder(RESTORE_EXECUTE, ADMIN);
        assertThat(grants.granted(SCOPE, "alice")).containsExactly(RESTORE_DELETE);
        assertThat(grants.granted(SCOPE, "bob")).containsExactly(RESTORE_EXECUTE);
        assertThat(grants.revoke(SCOPE, "alice", Set.of(ADMIN))).isEmpty();
    }

    @Test
    void listIsOrderedAndCanBeLimitedToOneScope() {
        ResourceScope other = new ResourceScope("tenant-beta", "sn-1", "sn://beta");
        assertThat(grants.list(Optional.empty())).isEmpty();
        grants.grant(other, "zed", Set.of(RESTORE_EXECUTE), "admin-bob");
        grants.grant(SCOPE, "bob", Set.of(RESTORE_EXECUTE), "admin-bob");
        grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE, ADMIN), "admin-bob");

        assertThat(grants.list(Optional.empty())).extracting(g -> g.scope().tenantId() + "/" + g.subject() + "/"
                + g.capability().wire()).containsExactly("tenant-acme/alice/restore_execute", "tenant-acme/alice/rrs.admin",
                "tenant-acme/bob/restore_execute", "tenant-beta/zed/restore_execute");
        assertThat(grants.list(Optional.of(other))).extracting(CapabilityGrant::subject).containsExactly("zed");
        assertThat(grants.list(Optional.of(new ResourceScope("tenant-beta", "sn-1", "sn://elsewhere")))).isEmpty();
    }

    @Test
    void invalidGrantsAreRefusedWithoutAnyEffect() {
        assertThatThrownBy(() -> grants.grant(SCOPE, " ", Set.of(RESTORE_EXECUTE), "admin-bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid capability grant");
        assertThatThrownBy(() -> grants.grant(new ResourceScope("", "i", "s"), "alice", Set.of(ADMIN), "admin-bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid capability grant");
        assertThatThrownBy(() -> grants.grant(SCOPE, "alice", Set.of(RESTORE_EXECUTE, ADMIN), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> grants.grant(SCOPE, "alice", Set.of(), "admin-bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one capability");
        assertThatThrownBy(() -> grants.revoke(SCOPE, "alice", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one capability");
        assertThat(grants.list(Optional.empty())).isEmpty();
    }

    @Test
    void theReadOnlyRoleReadsGrantsButCannotChangeThem() {
        grants.grant(SCOPE, "alice", Set.of(ADMIN), "admin-bob");

        assertThat(asReader.granted(SCOPE, "alice")).containsExactly(ADMIN);
        assertThatThrownBy(() -> asReader.grant(SCOPE, "mallory", Set.of(ADMIN), "mallory"))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(CapabilityGrantsUnavailableException.class)
                .hasMessageContaining("may not change rez_restore.capability_grants");
        assertThatThrownBy(() -> asReader.revoke(SCOPE, "alice", Set.of(ADMIN)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("may not change");
        assertThat(grants.granted(SCOPE, "mallory")).isEmpty();
        assertThat(grants.granted(SCOPE, "alice")).containsExactly(ADMIN);
    }

    @Test
    void anUnreachableDatabaseIsAnOutageThatHidesThePassword() {
        PgUrl nowhere = PgUrl.parse("jdbc:postgresql://127.0.0.1:1/none?user=x&password=topsecret&connectTimeout=1");
        PostgresCapabilityGrants down = new PostgresCapabilityGrants(nowhere.dataSource());

        assertThatThrownBy(() -> down.granted(SCOPE, "alice"))
                .isInstanceOf(CapabilityGrantsUnavailableException.class)
                .hasMessageStartingWith("capability grants unavailable")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> down.grant(SCOPE, "alice", Set.of(ADMIN), "admin-bob"))
                .isInstanceOf(CapabilityGrantsUnavailableException.class)
                .hasMessageStartingWith("cannot grant capabilities");
        assertThatThrownBy(() -> down.list(Optional.empty())).isInstanceOf(CapabilityGrantsUnavailableException.class);
    }

    /** A schema without the table (not migrated to V6) reads as an outage too: the service must fail closed. */
    @Test
    void aMissingTableIsAnOutage() {
        try (TestDatabase empty = TestDatabases.create("PostgresCapabilityGrantsIT_empty")) {
            assertThatThrownBy(() -> new PostgresCapabilityGrants(empty.dataSource()).granted(SCOPE, "alice"))
                    .isInstanceOf(CapabilityGrantsUnavailableException.class)
                    .hasMessageContaining("capability_grants");
        }
    }
}
