package io.rezilient.restore.service.registry;

import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.config.AcpEndpoint;
import io.rezilient.restore.service.config.SourceRegistrySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.rezilient.restore.service.registry.LifecycleState.ACTIVE;
import static io.rezilient.restore.service.registry.LifecycleState.DISABLED;
import static io.rezilient.restore.service.registry.LifecycleState.SUSPENDED;
import static io.rezilient.restore.service.registry.Mappings.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's own registry on a real, migrated PostgreSQL (migration V4). */
class PostgresSourceRegistryIT {
    private static TestDatabase db;
    private PostgresSourceRegistry registry;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("PostgresSourceRegistryIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyRegistry() throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM rez_restore.source_registry");
        }
        registry = new PostgresSourceRegistry(db.dataSource());
    }

    private SourceRegistryEntry addActive(ResourceScope scope, List<String> services) {
        return registry.add(scope, services, ACTIVE, ACTIVE, ACTIVE, "admin-alice");
    }

    @Test
    void anAddedMappingResolvesAndAnUnknownOneIsNotFound() {
        SourceRegistryEntry added = addActive(SCOPE, List.of("rrs", "reg"));

        SourceResolution resolution = registry.resolve(SCOPE.tenantId(), SCOPE.instanceId(), "rrs");

        assertThat(added.updatedBy()).isEqualTo("admin-alice");
        assertThat(added.createdAt()).isEqualTo(added.mapping().updatedAt());
        assertThat(resolution).isEqualTo(new SourceResolution.Found(added.mapping(), "rrs", true));
        assertThat(added.mapping().scope()).isEqualTo(SCOPE);
        assertThat(added.mapping().allowedServices()).containsExactly("rrs", "reg");
        assertThat(registry.resolve(SCOPE.tenantId(), "sn-other", "rrs")).isEqualTo(new SourceResolution.NotFound());
        assertThat(registry.resolve("tenant-other", SCOPE.instanceId(), "rrs"))
                .isEqualTo(new SourceResolution.NotFound());
    }

    @Test
    void serviceAllowedFollowsAllowedServices() {
        addActive(SCOPE, List.of("reg"));

        SourceResolution.Found found = (SourceResolution.Found) registry.resolve(SCOPE.tenantId(), SCOPE.instanceId(),
                "rrs");

        assertThat(found.serviceAllowed()).isFalse();
        assertThat(new SourceMappingEnforcement(registry).decide(SCOPE))
                .isInstanceOf(SourceMappingEnforcement.Decision.Refuse.class);
    }

    @Test
    void oneInstanceMapsToOneSourceUntilRemoved() {
        addActive(SCOPE, List.of("rrs"));
        ResourceScope moved = new ResourceScope(SCOPE.tenantId(), SCOPE.instanceId(), "sn://moved");

        assertThatThrownBy(() -> addActive(moved, List.of("rrs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a source mapping");

        assertThat(registry.remove(SCOPE.tenantId(), SCOPE.instanceId())).isTrue();
        assertThat(registry.remove(SCOPE.tenantId(), SCOPE.instanceId())).isFalse();
        addActive(moved, List.of("rrs"));
        assertThat(registry.find(SCOPE.tenantId(), SCOPE.instanceId()).orElseThrow().mapping().scope()).isEqualTo(moved);
    }

    @Test
    void setStatesChangesOnlyTheNamedStatesAndRecordsTheActor() {
        SourceRegistryEntry added = addActive(SCOPE, List.of("rrs"));

        SourceRegistryEntry changed = registry.setStates(SCOPE.tenantId(), SCOPE.instanceId(),
                new StateChange(Optional.empty(), Optional.of(SUSPENDED), Optional.empty()), "admin-bob").orElseThrow();

        assertThat(changed.mapping().tenantState()).isEqualTo(ACTIVE);
        assertThat(changed.mapping().entitlementState()).isEqualTo(SUSPENDED);
        assertThat(changed.mapping().instanceState()).isEqualTo(ACTIVE);
        assertThat(changed.updatedBy()).isEqualTo("admin-bob");
        assertThat(changed.createdAt()).isEqualTo(added.createdAt());
        assertThat(changed.mapping().updatedAt()).isAfterOrEqualTo(added.mapping().updatedAt());
        assertThat(new SourceMappingEnforcement(registry).decide(SCOPE))
                .as("a suspension takes effect on the next request").isInstanceOf(SourceMappingEnforcement.Decision.Refuse.class);

        registry.setStates(SCOPE.tenantId(), SCOPE.instanceId(),
                new StateChange(Optional.of(DISABLED), Optional.of(ACTIVE), Optional.of(SUSPENDED)), "admin-bob");
        SourceMapping now = registry.find(SCOPE.tenantId(), SCOPE.instanceId()).orElseThrow().mapping();
        assertThat(List.of(now.tenantState(), now.entitlementState(), now.instanceState()))
                .containsExactly(DISABLED, ACTIVE, SUSPENDED);

        assertThat(registry.setStates("tenant-x", "i", new StateChange(Optional.of(ACTIVE), Optional.empty(),
                Optional.empty()), "admin-bob")).isEmpty();
    }

    @Test
    void listIsOrderedAndEmptyWhenNothingIsRegistered() {
        assertThat(registry.list()).isEmpty();
        addActive(new ResourceScope("t-b", "i-1", "s1"), List.of("rrs"));
        addActive(new ResourceScope("t-a", "i-2", "s2"), List.of());
        addActive(new ResourceScope("t-a", "i-1", "s3"), List.of("rrs"));

        assertThat(registry.list()).extracting(entry -> entry.mapping().scope().source())
                .containsExactly("s3", "s2", "s1");
        assertThat(registry.list().get(1).mapping().allowedServices()).isEmpty();
    }

    @Test
    void invalidValuesAreRefusedByTheSchema() {
        assertThatThrownBy(() -> addActive(new ResourceScope(" ", "i", "s"), List.of("rrs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid source mapping");
        assertThatThrownBy(() -> addActive(new ResourceScope("t", "i", "s"), List.of("RRS ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid source mapping");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void anUnreachableDatabaseIsAnOutageNotAnException() {
        PgUrl nowhere = PgUrl.parse("jdbc:postgresql://127.0.0.1:1/none?user=x&password=y&connectTimeout=1");
        PostgresSourceRegistry down = new PostgresSourceRegistry(nowhere.dataSource());

        SourceResolution resolution = down.resolve("t", "i", "rrs");

        assertThat(resolution).isInstanceOf(SourceResolution.Outage.class);
        assertThat(((SourceResolution.Outage) resolution).message()).startsWith("source registry unavailable");
        assertThat(((SourceResolution.Outage) resolution).message()).doesNotContain("password");
    }

    @Test
    void theSettingsChooseTheRegistry() {
        Duration timeout = Duration.ofSeconds(2);
        SourceRegistrySettings withoutAcp = new SourceRegistrySettings(Optional.empty(), timeout,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        SourceRegistrySettings withAcp = new SourceRegistrySettings(Optional.of(new AcpEndpoint(
                URI.create("http://acp.invalid"), "token")), timeout, Duration.ofSeconds(30), Duration.ofSeconds(5));

        assertThat(SourceRegistries.from(withoutAcp, db.dataSource(), Clock.systemUTC()))
                .isInstanceOf(PostgresSourceRegistry.class);
        assertThat(SourceRegistries.from(withAcp, db.dataSource(), Clock.systemUTC()))
                .isInstanceOf(CachedSourceRegistry.class);
    }
}
