package io.rezilient.restore.service.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Load shedding over real HTTP: with every permit taken, API routes answer 503 at once; health routes still answer. */
class InFlightLimitTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

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

    private static CompletableFuture<HttpResponse<String>> get(String url) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
