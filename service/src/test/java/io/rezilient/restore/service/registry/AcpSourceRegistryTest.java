package io.rezilient.restore.service.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rezilient.restore.service.config.AcpEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.rezilient.restore.service.registry.Mappings.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;

/** The ACP client against a real HTTP stub of the auth control plane's internal API (service-spec §2.4). */
class AcpSourceRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "internal-secret";
    private static final long STUB_HOLD_SECONDS = 30;
    private static final String FOUND = """
            {"ok": true, "tenant_id": "tenant-acme", "instance_id": "sn-dev-01",
             "source": "sn://acme-dev.service-now.com", "tenant_state": "active", "entitlement_state": "active",
             "instance_state": "suspended", "allowed_services": ["reg", "rrs"],
             "updated_at": "2026-02-16T12:00:00.000Z", "requested_service_scope": "rrs", "service_allowed": true}""";

    private record Received(String method, String path, String token, String contentType, JsonNode body) {
    }

    private interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply reply;
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst(AcpSourceRegistry.TOKEN_HEADER),
                        exchange.getRequestHeaders().getFirst("content-type"), JSON.readTree(body)));
                reply.send(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        released.countDown();
        server.stop(0);
    }

    /** Holds a stub reply until the test ends (bounded, so a client without a timeout fails instead of hanging). */
    private void awaitRelease() {
        try {
            released.await(STUB_HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AcpSourceRegistry client(Duration timeout) {
        // trailing slashes on the base URL are trimmed
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/acp//");
        return new AcpSourceRegistry(new AcpEndpoint(base, TOKEN), timeout);
    }

    private SourceResolution resolve() {
        return client(Duration.ofSeconds(5)).resolve(SCOPE.tenantId(), SCOPE.instanceId(), "rrs");
    }

    private void replyWith(int status, String body) {
        reply = exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    @Test
    void resolvePostsTheTripleWithTheInternalTokenAndParsesTheMapping() {
        replyWith(200, FOUND);

        SourceResolution resolution = resolve();

        Received request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/acp/v1/internal/source-mapping/resolve");
        assertThat(request.token()).isEqualTo(TOKEN);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(JSON.createObjectNode().put("tenant_id", "tenant-acme")
                .put("instance_id", "sn-dev-01").put("service_scope", "rrs"));
        SourceResolution.Found found = (SourceResolution.Found) resolution;
        assertThat(found.serviceAllowed()).isTrue();
        assertThat(found.serviceScope()).isEqualTo("rrs");
        assertThat(found.mapping()).isEqualTo(new SourceMapping(SCOPE, LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                LifecycleState.SUSPENDED, List.of("reg", "rrs"), Mappings.UPDATED));
    }

    @Test
    void serviceAllowedFromTheBodyWinsElseItIsDerivedFromAllowedServices() {
        replyWith(200, FOUND.replace("\"service_allowed\": true", "\"service_allowed\": false"));
        assertThat(((SourceResolution.Found) resolve()).serviceAllowed()).isFalse();

        replyWith(200, FOUND.replace(", \"service_allowed\": true", ""));
        assertThat(((SourceResolution.Found) resolve()).serviceAllowed()).isTrue();

        replyWith(200, FOUND.replace(", \"service_allowed\": true", "").replace("[\"reg\", \"rrs\"]", "[\"reg\"]"));
        assertThat(((SourceResolution.Found) resolve()).serviceAllowed()).isFalse();
    }

    @Test
    void notFoundOnlyForTheAcpsMappingNotFoundReason() {
        replyWith(404, "{\"error\":\"not_found\",\"reason_code\":\"tenant_instance_mapping_not_found\"}");
        assertThat(resolve()).isEqualTo(new SourceResolution.NotFound());

        replyWith(404, "{\"error\":\"not_found\"}");
        assertThat(resolve()).isEqualTo(new SourceResolution.Outage("ACP request to "
                + "/v1/internal/source-mapping/resolve failed with status 404 (unknown)", OptionalInt.of(404)));
    }

    @Test
    void aRefusedInternalTokenIsAnAuthenticationOutage() {
        replyWith(403, "{\"error\":\"forbidden\",\"reason_code\":\"internal_auth_required\"}");

        assertThat(resolve()).isEqualTo(new SourceResolution.Outage("ACP internal authentication failed",
                OptionalInt.of(403)));
    }

    @Test
    void otherStatusesAreOutagesNamingPathStatusAndReason() {
        replyWith(500, "{\"error\":\"internal\",\"reason_code\":\"db_down\"}");
        assertThat(resolve()).isEqualTo(new SourceResolution.Outage(
                "ACP request to /v1/internal/source-mapping/resolve failed with status 500 (db_down)",
                OptionalInt.of(500)));

        replyWith(502, "<html>bad gateway</html>");
        assertThat(resolve()).isEqualTo(new SourceResolution.Outage(
                "ACP request to /v1/internal/source-mapping/resolve failed with status 502 (unknown)",
                OptionalInt.of(502)));
    }

    @Test
    void aSlowAcpTimesOut() {
        reply = exchange -> {
            awaitRelease(); // the stub answers only after the test is over
            exchange.sendResponseHeaders(200, -1);
        };

        SourceResolution resolution = client(Duration.ofMillis(25)).resolve("t", "i", "rrs");

        // without the timeout the client would wait for the stub and then read an empty 200 as another outage
        assertThat(resolution).isEqualTo(SourceResolution.Outage.of("ACP request timed out after 25ms"));
    }

    @Test
    void aSlowBodyAfterTheHeadersTimesOutToo() {
        reply = exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: headers now, body only after the test is over
            exchange.getResponseBody().write("{".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitRelease();
        };

        assertThat(client(Duration.ofMillis(100)).resolve("t", "i", "rrs"))
                .isEqualTo(SourceResolution.Outage.of("ACP request timed out after 100ms"));
    }

    @Test
    void anUnreachableAcpIsATransportOutage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AcpSourceRegistry client = new AcpSourceRegistry(new AcpEndpoint(
                URI.create("http://127.0.0.1:" + closedPort), TOKEN), Duration.ofSeconds(2));

        SourceResolution resolution = client.resolve("t", "i", "rrs");

        assertThat(resolution).isInstanceOf(SourceResolution.Outage.class);
        assertThat(((SourceResolution.Outage) resolution).message()).startsWith("ACP request failed: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"ok\": true,", "[1, 2]", "42"})
    void anUnparsableBodyIsAnOutage(String body) {
        replyWith(200, body);

        assertThat(resolve()).isEqualTo(SourceResolution.Outage.of("ACP resolve response body is invalid JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"tenant_id\": \"tenant-acme\", ",
            "\"source\": \"sn://acme-dev.service-now.com\", ",
            "\"entitlement_state\": \"active\", ",
            "\"allowed_services\": [\"reg\", \"rrs\"], ",
            "\"updated_at\": \"2026-02-16T12:00:00.000Z\", "})
    void aMissingFieldIsAnOutage(String field) {
        String body = FOUND.replace("\n", " ").replaceAll(" +", " ");
        String without = body.replace(field, "");
        assertThat(without).isNotEqualTo(body);
        replyWith(200, without);

        assertThat(resolve()).isEqualTo(
                SourceResolution.Outage.of("ACP resolve response contains invalid mapping record"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"instance_state\": \"suspended\"|\"instance_state\": \"paused\"",
            "\"tenant_state\": \"active\"|\"tenant_state\": \"ACTIVE\"",
            "\"allowed_services\": [\"reg\", \"rrs\"]|\"allowed_services\": \"rrs\"",
            "\"allowed_services\": [\"reg\", \"rrs\"]|\"allowed_services\": [\"reg\", 7]",
            "\"source\": \"sn://acme-dev.service-now.com\"|\"source\": \" \"",
            "\"updated_at\": \"2026-02-16T12:00:00.000Z\"|\"updated_at\": \"yesterday\"",
            "\"service_allowed\": true|\"service_allowed\": \"yes\"",
            "\"ok\": true|\"ok\": false"})
    void anInvalidFieldIsAnOutage(String replacement) {
        String[] parts = replacement.split("\\|");
        String body = FOUND.replace("\n", " ").replaceAll(" +", " ");
        assertThat(body).contains(parts[0]);
        replyWith(200, body.replace(parts[0], parts[1]));

        assertThat(resolve()).isEqualTo(
                SourceResolution.Outage.of("ACP resolve response contains invalid mapping record"));
    }
}
