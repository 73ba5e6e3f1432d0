package io.rezilient.restore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.auth.AuthFixtures;
import io.rezilient.restore.service.auth.DevTokenIssuer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing order of service-spec §3.1 over real HTTP with real tokens: open health routes, admin authentication
 * for {@code /v1/admin/…}, bearer tokens for everything else — checked before routing, so an unknown path answers 401
 * to a bad token and 404 to a good one.
 */
class ServiceAuthenticationIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "acme-prod", "sn://acme.service-now.com");
    private static TestDatabase db;
    private static ServiceRuntime runtime;
    private static int port;
    private static OctetKeyPair edKey;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.createMigrated("ServiceAuthenticationIT");
        edKey = AuthFixtures.ed25519("ed-1");
        Path jwks = work.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(edKey.toPublicJWK()).toString());
        Map<String, String> env = TestKeys.minimalEnv(db.jdbcUrl(), work.resolve("objects").toString());
        env.put("RRS_AUTH_JWKS_FILE", jwks.toString());
        runtime = ServiceRuntime.open(ServiceSettings.fromEnv(env), CLOCK);
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

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String hs256Token(Duration ttl, Clock clock) {
        return DevTokenIssuer.hs256(TestKeys.HS256_SECRET, clock).issue(TokenRequest.rrs(SCOPE, "operator-1",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE)), ttl));
    }

    private static JsonNode body(HttpResponse<String> response) {
        return Json.parse(response.body());
    }

    @Test
    void healthAndOperationsRoutesNeedNoToken() throws Exception {
        for (String path : new String[] {"/v1/health", "/livez", "/readyz", "/metrics"}) {
            assertThat(get(path, Map.of()).statusCode()).as(path).isIn(200, 503).isNotEqualTo(401);
        }
        assertThat(get("/v1/health", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownPathAnswers401WithoutAValidTokenAnd404WithOne() throws Exception {
        HttpResponse<String> noToken = get("/v1/plans/nope", Map.of());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(body(noToken).path("error").asText()).isEqualTo("unauthorized");
        assertThat(body(noToken).path("reason_code").asText()).isEqualTo("denied_token_malformed");

        HttpResponse<String> forged = get("/v1/plans/nope", bearer(DevTokenIssuer.hs256("another-secret-also-of-32-bytes-or-more", CLOCK)
                .issue(TokenRequest.rrs(SCOPE, "operator-1", Optional.empty(), Duration.ofMinutes(5)))));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(body(forged).path("reason_code").asText()).isEqualTo("denied_token_invalid_signature");
        assertThat(forged.body()).doesNotContain("operator-1");

        HttpResponse<String> valid = get("/v1/plans/nope", bearer(hs256Token(Duration.ofMinutes(5), CLOCK)));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(404);
        assertThat(body(valid).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void anExpiredTokenIsRefusedByTheServiceClock() throws Exception {
        Clock anHourAgo = Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        HttpResponse<String> expired = get("/v1/plans/x", bearer(hs256Token(Duration.ofMinutes(5), anHourAgo)));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(body(expired).path("reason_code").asText()).isEqualTo("denied_token_expired");
    }

    @Test
    void anEdDsaTokenFromTheConfiguredJwksIsAccepted() throws Exception {
        String token = DevTokenIssuer.eddsa(edKey, CLOCK).issue(TokenRequest.rrs(SCOPE, "operator-2",
                Optional.empty(), Duration.ofMinutes(5)));
        assertThat(get("/v1/jobs/none", bearer(token)).statusCode()).isEqualTo(404);
    }

    @Test
    void adminPathsNeedTheAdminTokenAndNeverAcceptAnOrdinaryBearerToken() throws Exception {
        HttpResponse<String> none = get("/v1/admin/ops/queue", Map.of());
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(body(none).path("error").asText()).isEqualTo("forbidden");
        assertThat(body(none).path("reason_code").asText()).isEqualTo("admin_auth_required");

        HttpResponse<String> wrong = get("/v1/admin/ops/queue", Map.of("x-rezilient-admin-token", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> operator = get("/v1/admin/ops/queue", bearer(DevTokenIssuer.hs256(TestKeys.HS256_SECRET,
                CLOCK).issue(TokenRequest.rrs(SCOPE, "operator-1", Optional.empty(), Duration.ofMinutes(5)))));
        assertThat(operator.statusCode()).as("a token without rrs.admin").isEqualTo(403);

        HttpResponse<String> admin = get("/v1/admin/ops/queue", Map.of("x-rezilient-admin-token",
                "admin-secret-token"));
        assertThat(admin.statusCode()).as("authenticated; no admin routes exist yet").isEqualTo(404);
    }
}
