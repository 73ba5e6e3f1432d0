package io.rezilient.restore.service.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.AdminAuthenticator;
import io.rezilient.restore.service.auth.CapabilityGrants;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.EffectiveCapabilities;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.auth.TokenVerifier;
import io.rezilient.restore.service.auth.TokenVerifierSettings;
import io.rezilient.restore.service.config.TestKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Load shedding over real HTTP: with every permit taken, API routes answer 503 at once; health routes still answer. */
class InFlightLimitTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "admin-token-for-the-shedding-test";

    @Test
    void beyondTheLimitRequestsAreShedWithRetryAfterAndServedAgainOncePermitsReturn() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        RouteGroup routes = r -> {
            r.get("/slow", ctx -> {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                ctx.result("{\"ok\":true}");
            });
            r.get("/fast", ctx -> ctx.result("{\"ok\":true}"));
            r.get("/livez", ctx -> ctx.result("{\"status\":\"ok\"}"));
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RestoreServiceServer server = RestoreServiceServer.start("127.0.0.1", 0, new HttpMetrics(registry),
                List.of(routes), new InFlightLimit(2))) {
            String base = "http://127.0.0.1:" + server.port();
            List<CompletableFuture<HttpResponse<String>>> slow = List.of(get(base + "/slow"), get(base + "/slow"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("both slow requests hold a permit").isTrue();

            HttpResponse<String> shed = get(base + "/fast").get(30, TimeUnit.SECONDS);
            HttpResponse<String> live = get(base + "/livez").get(30, TimeUnit.SECONDS);

            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(Json.parse(shed.body()).path("error").asText()).isEqualTo("overloaded");
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(live.statusCode()).as("liveness is never shed").isEqualTo(200);

            release.countDown();
            for (CompletableFuture<HttpResponse<String>> answer : slow) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(get(base + "/fast").get(30, TimeUnit.SECONDS).statusCode())
                    .as("permits are returned, also by failed requests").isEqualTo(200);
        } finally {
            release.countDown();
        }
    }

    @Test
    void authenticationRunsOnlyForRequestsThatHoldAPermitAndEveryRefusalReturnsItsPermit() throws Exception {
        AtomicInteger grantLookups = new AtomicInteger();
        CapabilityGrants countingGrants = (scope, subject) -> {
            grantLookups.incrementAndGet();
            return Set.of(Capability.ADMIN);
        };
        Clock clock = Clock.systemUTC();
        TokenVerifier tokens = new TokenVerifier(TokenVerifierSettings.hs256(TestKeys.HS256_SECRET), clock);
        RequestAuthentication authentication = new RequestAuthentication(tokens, new AdminAuthenticator(
                Optional.of(ADMIN_TOKEN), tokens, new EffectiveCapabilities(countingGrants)));
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        RouteGroup routes = r -> {
            r.get("/v1/admin/slow", ctx -> {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                ctx.result("{\"ok\":true}");
            });
            r.get("/v1/admin/fast", ctx -> ctx.result("{\"ok\":true}"));
        };
        // a bearer admin without a capabilities claim: authenticating it reads the grant table
        String grantsToken = "Bearer " + DevTokenIssuer.hs256(TestKeys.HS256_SECRET, clock).issue(TokenRequest.rrs(
                new ResourceScope("tenant-a", "instance-a", "sn://a"), "admin-a", Optional.empty(),
                Duration.ofMinutes(5)));
        InFlightLimit limit = new InFlightLimit(2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RestoreServiceServer server = RestoreServiceServer.start("127.0.0.1", 0, new HttpMetrics(registry),
                List.of(authentication, routes), limit)) {
            String base = "http://127.0.0.1:" + server.port();
            // refusals return their permits: with a limit of 2, ten refused requests would otherwise jam it
            for (int i = 0; i < 10; i++) {
                assertThat(get(base + "/v1/admin/fast", "Authorization", "Bearer not.a.token").get(30, TimeUnit.SECONDS)
                        .statusCode()).isEqualTo(403);
                assertThat(get(base + "/v1/plans/x", "Authorization", "Bearer not.a.token").get(30, TimeUnit.SECONDS)
                        .statusCode()).isEqualTo(401);
            }
            assertThat(limit.available()).as("no permit leaked").isEqualTo(2);

            List<CompletableFuture<HttpResponse<String>>> slow = List.of(
                    get(base + "/v1/admin/slow", AdminAuthenticator.ADMIN_TOKEN_HEADER, ADMIN_TOKEN),
                    get(base + "/v1/admin/slow", AdminAuthenticator.ADMIN_TOKEN_HEADER, ADMIN_TOKEN));
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("both slow requests hold a permit").isTrue();

            for (int i = 0; i < 20; i++) {
                HttpResponse<String> shed = get(base + "/v1/admin/fast", "Authorization", grantsToken)
                        .get(30, TimeUnit.SECONDS);
                assertThat(shed.statusCode()).isEqualTo(503);
                assertThat(Json.parse(shed.body()).path("error").asText()).isEqualTo("overloaded");
                assertThat(get(base + "/v1/plans/x", "Authorization", "Bearer forged").get(30, TimeUnit.SECONDS)
                        .statusCode()).as("a bad token is shed before it is checked").isEqualTo(503);
            }
            assertThat(grantLookups).as("shed requests never reached the grant table").hasValue(0);

            release.countDown();
            for (CompletableFuture<HttpResponse<String>> answer : slow) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(get(base + "/v1/admin/fast", "Authorization", grantsToken).get(30, TimeUnit.SECONDS)
                    .statusCode()).isEqualTo(200);
            assertThat(grantLookups).as("with a permit, the same request is authenticated").hasValue(1);
            assertThat(limit.available()).isEqualTo(2);
        } finally {
            release.countDown();
        }
    }

    private static CompletableFuture<HttpResponse<String>> get(String url, String header, String value) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> get(String url) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
