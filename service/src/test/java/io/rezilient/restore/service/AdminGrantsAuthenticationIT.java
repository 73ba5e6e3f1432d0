package io.rezilient.restore.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.PostgresCapabilityGrants;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.config.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Architecture §5 deviation 2 at the admin API, over real HTTP: a token without a {@code capabilities} claim (as the
 * auth control plane mints them) is an admin exactly when {@code rez grants} gave its subject {@code rrs.admin} in
 * the token's scope. Admin routes are not served yet, so an admitted request answers 404 and a refused one 403.
 */
class AdminGrantsAuthenticationIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "acme-prod", "sn://acme.service-now.com");
    private static final String ADMIN_PATH = "/v1/admin/ops/queue";
    private static TestDatabase db;
    private static ServiceRuntime runtime;
    private static PostgresCapabilityGrants grants;
    private static int port;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        db = TestDatabases.createMigrated("AdminGrantsAuthenticationIT");
        grants = new PostgresCapabilityGrants(db.dataSource());
        runtime = ServiceRuntime.open(ServiceSettings.fromEnv(TestKeys.minimalEnv(db.jdbcUrl(),
                work.resolve("objects").toString())), CLOCK);
        port = runtime.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static String token(ResourceScope scope, String subject, Optional<Set<Capability>> claim) {
        return DevTokenIssuer.hs256(TestKeys.HS256_SECRET, CLOCK)
                .issue(TokenRequest.rrs(scope, subject, claim, Duration.ofMinutes(5)));
    }

    private static HttpResponse<String> admin(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ADMIN_PATH))
                .header("Authorization", "Bearer " + token).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAdmitted(HttpResponse<String> response) {
        // past admin authentication: the (not yet existing) route answers, never the 403
        assertThat(response.statusCode()).as(response.body()).isIn(200, 404);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode body = Json.parse(response.body());
        assertThat(body.path("error").asText()).isEqualTo("forbidden");
        assertThat(body.path("reason_code").asText()).isEqualTo("admin_auth_required");
    }

    @Test
    void aClaimlessTokenIsAnAdminExactlyWhileItsSubjectHoldsTheGrant() throws Exception {
        String claimless = token(SCOPE, "ops-alice", Optional.empty());
        assertRefused(admin(claimless));

        grants.grant(SCOPE, "ops-alice", Set.of(Capability.ADMIN), "admin-root");
        assertAdmitted(admin(claimless));

        grants.revoke(SCOPE, "ops-alice", Set.of(Capability.ADMIN));
        assertRefused(admin(claimless));
    }

    @Test
    void grantsOfOtherCapabilitiesScopesOrSubjectsDoNotOpenTheAdminApi() throws Exception {
        grants.grant(SCOPE, "ops-bob", Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE), "admin-root");
        grants.grant(new ResourceScope("tenant-other", SCOPE.instanceId(), SCOPE.source()), "ops-carol",
                Set.of(Capability.ADMIN), "admin-root");

        assertRefused(admin(token(SCOPE, "ops-bob", Optional.empty())));
        assertRefused(admin(token(SCOPE, "ops-carol", Optional.empty())));
        assertRefused(admin(token(SCOPE, "ops-dave", Optional.empty())));
    }

    @Test
    void aTokensOwnClaimWinsOverTheTable() throws Exception {
        grants.grant(SCOPE, "ops-erin", Set.of(Capability.ADMIN), "admin-root");

        assertRefused(admin(token(SCOPE, "ops-erin", Optional.of(Set.of(Capability.RESTORE_EXECUTE)))));
        assertRefused(admin(token(SCOPE, "ops-erin", Optional.of(Set.of()))));
        assertAdmitted(admin(token(SCOPE, "ops-frank", Optional.of(Set.of(Capability.ADMIN)))));
    }

    @Test
    void anUnreadableGrantTableIsAnOutageNotARefusal() throws Exception {
        String claimless = token(SCOPE, "ops-grace", Optional.empty());
        try (java.sql.Connection owner = db.dataSource().getConnection();
             java.sql.Statement sql = owner.createStatement()) {
            sql.execute("ALTER TABLE rez_restore.capability_grants RENAME TO capability_grants_away");
            try {
                HttpResponse<String> response = admin(claimless);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(Json.parse(response.body()).path("error").asText()).isEqualTo("dependency_unavailable");
            } finally {
                sql.execute("ALTER TABLE rez_restore.capability_grants_away RENAME TO capability_grants");
            }
        }
        assertRefused(admin(claimless));
    }
}
