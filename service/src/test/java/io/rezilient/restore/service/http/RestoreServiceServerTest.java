package io.rezilient.restore.service.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.Schemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-cutting HTTP behaviour of service-spec §3.1 over real HTTP, with a few test routes. */
class RestoreServiceServerTest {
    private static final int CAP = 64;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectSchema STRICT = Schemas.object().field("name", Schemas.string());
    private static final List<String> MDC_SEEN = new CopyOnWriteArrayList<>();
    private static RestoreServiceServer server;
    private static PrometheusMeterRegistry registry;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JsonBody body = new JsonBody(CAP);
        RouteGroup testRoutes = routes -> {
            routes.post("/echo", ctx -> RestoreServiceServer.json(ctx, 200, body.readObject(ctx)));
            routes.post("/strict", ctx -> RestoreServiceServer.json(ctx, 200, body.read(ctx, STRICT)));
            routes.get("/items/{id}", ctx -> {
                MDC_SEEN.add(MDC.get(RequestIds.MDC_KEY));
                RestoreServiceServer.json(ctx, 200, Json.mapper().createObjectNode().put("id", ctx.pathParam("id")));
            });
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret internal detail: password=hunter2");
            });
            routes.get("/store-down", ctx -> {
                throw ApiError.unavailable(503, "job_store_unavailable", null, "the job store is down; retry",
                        new java.sql.SQLException("ERROR: insert into rez_restore.job_events violates constraint "
                                + "\"job_events_pk\"", "23505"));
            });
            routes.get("/conflict", ctx -> {
                throw new ApiError(409, "blocked_plan_hash_mismatch", "blocked_plan_hash_mismatch", "plan changed");
            });
        };
        server = RestoreServiceServer.start("127.0.0.1", 0, new HttpMetrics(registry), List.of(testRoutes));
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(RestoreServiceServer.class)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.rezilient.restore.service.access")).addAppender(logs);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clearLogs() {
        logs.list.clear();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(to(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return Json.parse(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).isEqualTo(ErrorBodies.TYPE_PREFIX + error);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isEqualTo(body.path("message").asText());
        assertThat(body.path("request_id").asText()).as("every error carries the request id")
                .isEqualTo(response.headers().firstValue(RequestIds.HEADER).orElseThrow());
        if (message != null) {
            assertThat(body.path("message").asText()).isEqualTo(message);
        }
    }

    @Test
    void anUnknownRouteIs404NotFound() throws Exception {
        HttpResponse<String> response = send(to("/v1/nope"));
        assertError(response, 404, "not_found", null);
        assertThat(json(response).has("reason_code")).isFalse();
        assertThat(json(response).path("title").asText()).isEqualTo("Not Found");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405() throws Exception {
        assertError(send(to("/echo").GET()), 405, "method_not_allowed", null);
        assertError(send(to("/items/7").DELETE()), 405, "method_not_allowed", null);
    }

    @Test
    void aDomainErrorKeepsItsCodeAndReason() throws Exception {
        HttpResponse<String> response = send(to("/conflict"));
        assertError(response, 409, "blocked_plan_hash_mismatch", "plan changed");
        assertThat(json(response).path("reason_code").asText()).isEqualTo("blocked_plan_hash_mismatch");
    }

    @Test
    void anUnhandledExceptionIs500WithoutLeakingAndIsLoggedWithTheRequestId() throws Exception {
        HttpResponse<String> response = send(to("/boom").header("x-request-id", "trace-500"));
        assertError(response, 500, "internal_error", "an unexpected error occurred");
        assertThat(response.body()).doesNotContain("hunter2", "secret", "IllegalStateException");
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("ERROR");
            assertThat(event.getKeyValuePairs()).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo("request_id");
                assertThat(kv.value).isEqualTo("trace-500");
            });
            assertThat(event.getMDCPropertyMap()).containsEntry("request_id", "trace-500");
            assertThat(event.getThrowableProxy().getMessage()).contains("hunter2");
        });
    }

    @Test
    void aDependencyFailureAnswersItsStableMessageAndLogsTheCauseWithTheRequestId() throws Exception {
        HttpResponse<String> response = send(to("/store-down").header("x-request-id", "trace-503"));
        assertError(response, 503, "job_store_unavailable", "the job store is down; retry");
        assertThat(json(response).path("request_id").asText()).isEqualTo("trace-503");
        assertThat(response.body()).doesNotContain("insert", "rez_restore", "job_events_pk", "SQLException");
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("WARN");
            assertThat(event.getMDCPropertyMap()).containsEntry("request_id", "trace-503");
            assertThat(event.getThrowableProxy().getMessage()).contains("job_events_pk");
        });
    }

    @Test
    void anUnavailableErrorMustBeA5xxWithACause() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiError.unavailable(400, "bad", null, "m",
                new RuntimeException())).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiError.unavailable(503, "down", null, "m", null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSaneRequestIdIsEchoedAndPutInTheMdc() throws Exception {
        MDC_SEEN.clear();
        HttpResponse<String> response = send(to("/items/42").header("x-request-id", "abc-123_X.y"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).contains("abc-123_X.y");
        assertThat(MDC_SEEN).containsExactly("abc-123_X.y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "quote\"d"})
    void anInsaneOrMissingRequestIdIsReplaced(String incoming) throws Exception {
        HttpRequest.Builder request = to("/items/1");
        if (!incoming.isEmpty()) {
            request.header("x-request-id", incoming);
        }
        HttpResponse<String> response = send(request);
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_").isNotEqualTo(incoming));
    }

    @Test
    void aTooLongRequestIdIsReplaced() throws Exception {
        HttpResponse<String> response = send(to("/items/1").header("x-request-id", "a".repeat(129)));
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void everyRequestGetsOneStructuredAccessLogLine() throws Exception {
        send(to("/items/9").header("x-request-id", "access-1"));
        List<ILoggingEvent> access = logs.list.stream()
                .filter(e -> e.getLoggerName().equals("io.rezilient.restore.service.access")).toList();
        assertThat(access).hasSize(1);
        Map<String, Object> fields = new java.util.HashMap<>();
        access.getFirst().getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
        assertThat(fields).containsEntry("method", "GET").containsEntry("path", "/items/9")
                .containsEntry("route", "/items/{id}").containsEntry("status", 200)
                .containsEntry("request_id", "access-1").containsKey("duration_ms");
    }

    @Test
    void aValidBodyIsParsed() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"a\":1}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("a").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t "})
    void anEmptyOrWhitespaceBodyIsAnEmptyObject(String body) throws Exception {
        HttpResponse<String> response = post("/echo", body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "nope", "{} {}", "{\"a\":1,}"})
    void malformedJsonIs400BadRequest(String body) throws Exception {
        assertError(post("/echo", body), 400, "bad_request", "malformed JSON in request body");
    }

    @Test
    void aDuplicateKeyIs400() throws Exception {
        assertError(post("/echo", "{\"a\":1,\"a\":2}"), 400, "bad_request", "duplicate key in request body: a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "null", "[]", "\"x\"", "true"})
    void aJsonNonObjectIs400InvalidRequest(String body) throws Exception {
        assertError(post("/echo", body), 400, "invalid_request", "request body must be a JSON object");
    }

    @Test
    void aBodyAnnouncedTooLargeIs413() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"a\":\"" + "x".repeat(CAP) + "\"}");
        assertError(response, 413, "payload_too_large", "request body exceeds " + CAP + " bytes");
        assertThat(json(response).path("reason_code").asText()).isEqualTo("request_body_too_large");
    }

    @Test
    void aStreamedBodyOverTheCapIs413() throws Exception {
        byte[] big = ("{\"a\":\"" + "x".repeat(CAP * 4) + "\"}").getBytes(StandardCharsets.UTF_8);
        // no Content-Length: the body arrives chunked, so only the streamed count can catch it
        HttpResponse<String> response = send(to("/echo")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertError(response, 413, "payload_too_large", null);
    }

    @Test
    void aBodyExactlyAtTheCapIsAccepted() throws Exception {
        String body = "{\"a\":\"" + "x".repeat(CAP - 8) + "\"}";
        assertThat(body).hasSize(CAP);
        assertThat(post("/echo", body).statusCode()).isEqualTo(200);
    }

    @Test
    void aStrictSchemaRejectsAnUnknownFieldWithTheFirstIssue() throws Exception {
        HttpResponse<String> response = post("/strict", "{\"name\":\"n\",\"extra\":1}");
        assertError(response, 400, "invalid_request", null);
        assertThat(json(response).path("message").asText()).contains("extra");
        assertThat(post("/strict", "{\"name\":\"n\"}").statusCode()).isEqualTo(200);
        assertError(post("/strict", "{\"name\":5}"), 400, "invalid_request", null);
    }

    @Test
    void requestsAreTimedPerRouteTemplateAndStatus() throws Exception {
        send(to("/items/1"));
        send(to("/items/2"));
        send(to("/no/such/path/" + System.nanoTime()));
        String scrape = registry.scrape();
        assertThat(scrape).contains("rez_http_server_requests_seconds_count{")
                .containsPattern("rez_http_server_requests_seconds_count\\{[^}]*route=\"/items/\\{id\\}\"[^}]*status=\"200\"[^}]*} [2-9]")
                .containsPattern("route=\"UNMATCHED\"[^}]*status=\"404\"")
                .doesNotContain("/no/such/path");
    }
}
