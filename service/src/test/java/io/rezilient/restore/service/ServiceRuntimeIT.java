package io.rezilient.restore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.SchemaVersionException;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.execute.PushApplier;
import io.rezilient.restore.service.health.HealthRoutes;
import io.rezilient.restore.service.health.ObjectStoreCheck;
import io.rezilient.restore.service.health.PostgresCheck;
import io.rezilient.restore.service.health.Readiness;
import io.rezilient.restore.service.health.SchemaCheck;
import io.rezilient.restore.service.http.HttpMetrics;
import io.rezilient.restore.service.http.RestoreServiceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wired service against a real PostgreSQL and real object stores: health, readiness, metrics, fail-closed start. */
class ServiceRuntimeIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static TestDatabase db;
    private static TestDatabase unmigrated;
    private static S3ProxyServer s3;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabases.createMigrated("ServiceRuntimeIT");
        unmigrated = TestDatabases.create("ServiceRuntimeIT_old");
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
        unmigrated.close();
        s3.stop();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMigratedDatabaseAndAnObjectStoreMakeAReadyService(@TempDir Path objects) throws Exception {
        ServiceSettings settings = ServiceSettings.fromEnv(TestKeys.minimalEnv(db.jdbcUrl(), objects.toString()));
        try (ServiceRuntime runtime = ServiceRuntime.open(settings)) {
            int port = runtime.start("127.0.0.1", 0);

            HttpResponse<String> health = get(port, "/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"ok\":true}");
            assertThat(health.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));

            assertThat(get(port, "/livez").statusCode()).isEqualTo(200);

            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode body = Json.parse(ready.body());
            assertThat(body.path("ready").asBoolean()).isTrue();
            assertThat(body.path("checks").findValuesAsText("name")).containsExactly("postgres", "schema",
                    "object_store");

            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).contains("rez_http_server_requests_seconds_count{")
                    .containsPattern("route=\"/readyz\"[^}]*status=\"200\"");
        }
    }

    @Test
    void theServerListensOnRrsBindAddressOnly(@TempDir Path objects) throws Exception {
        // 127.0.0.2 is a loopback address of its own on Linux: bound to it, the server must not answer on 127.0.0.1,
        // which the default 0.0.0.0 would
        Map<String, String> env = TestKeys.minimalEnv(db.jdbcUrl(), objects.toString());
        env.put("RRS_BIND_ADDRESS", "127.0.0.2");
        env.put("PORT", "0");
        try (ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(env))) {
            int port = runtime.start();
            HttpResponse<String> live = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.2:" + port + "/livez")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(port, "/livez")).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aSchemaBehindThisBuildStopsTheStart(@TempDir Path objects) {
        ServiceSettings settings = ServiceSettings.fromEnv(TestKeys.minimalEnv(unmigrated.jdbcUrl(),
                objects.toString()));
        assertThatThrownBy(() -> ServiceRuntime.open(settings)).isInstanceOf(SchemaVersionException.class);
    }

    @Test
    void pushModeNeedsItsApplierAndAnApplierOfAFailedStartIsClosed(@TempDir Path objects, @TempDir Path keys)
            throws Exception {
        Map<String, String> env = TestKeys.minimalEnv(unmigrated.jdbcUrl(), objects.toString());
        env.put("RRS_EXECUTE_PROGRESS_MODE", "push");
        env.put("RRS_EXECUTE_TARGET_JDBC_URL", db.jdbcUrl());
        env.put("REZ_KEYRING_FILE", Files.writeString(keys.resolve("keyring.json"), "{}").toString());
        ServiceSettings settings = ServiceSettings.fromEnv(env);
        assertThatThrownBy(() -> ServiceRuntime.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RRS_EXECUTE_PROGRESS_MODE=push needs the in-process agent");

        AtomicBoolean closed = new AtomicBoolean();
        PushApplier applier = new PushApplier() {
            @Override
            public ObjectNode apply(String jobId, ObjectNode claimAnswer) {
                throw new UnsupportedOperationException("never called: the start fails");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertThatThrownBy(() -> ServiceRuntime.open(settings, Clock.systemUTC(), applier))
                .isInstanceOf(SchemaVersionException.class);
        assertThat(closed).as("the runtime owns the applier it was given").isTrue();
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithoutEchoingThePassword(@TempDir Path objects) {
        String url = db.url().withDatabase("rez_no_such_database").jdbcUrl();
        ServiceSettings settings = ServiceSettings.fromEnv(TestKeys.minimalEnv(url, objects.toString()));
        assertThatThrownBy(() -> ServiceRuntime.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to PostgreSQL");
    }

    @Test
    void readinessFailsWithEachCheckAndItsReason() throws Exception {
        DataSource gone = db.url().withDatabase("rez_dropped_database").dataSource();
        try (S3ObjectStore noBucket = S3ObjectStore.open(s3.config("rez-no-such-bucket").build())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Readiness readiness = new Readiness(List.of(new PostgresCheck(gone), new SchemaCheck(unmigrated.dataSource()),
                    new ObjectStoreCheck(noBucket)), Duration.ofSeconds(5));
            try (RestoreServiceServer server = RestoreServiceServer.start("127.0.0.1", 0, new HttpMetrics(registry),
                    List.of(new HealthRoutes(readiness, registry)))) {
                HttpResponse<String> response = get(server.port(), "/readyz");
                assertThat(response.statusCode()).isEqualTo(503);
                JsonNode body = Json.parse(response.body());
                assertThat(body.path("ready").asBoolean()).isFalse();
                assertThat(body.path("error").asText()).isEqualTo("not_ready");
                assertThat(body.path("status").asInt()).isEqualTo(503);
                assertThat(body.path("message").asText()).isEqualTo("not ready: postgres, schema, object_store");
                for (JsonNode check : body.path("checks")) {
                    assertThat(check.path("ok").asBoolean()).as(check.toString()).isFalse();
                }
                assertThat(body.path("checks").findValuesAsText("reason_code"))
                        .containsExactly("unavailable", "schema_not_current", "unavailable");
                assertThat(body.path("request_id").asText()).isEqualTo(
                        response.headers().firstValue("x-request-id").orElseThrow());
                // the open route names checks and codes only: the dependencies' own words stay in the log
                assertThat(response.body()).doesNotContain("rez_dropped_database", "rez db migrate", "rez-no-such-bucket",
                        "Exception", "password");
                // liveness does not depend on the dependencies
                assertThat(get(server.port(), "/livez").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void readinessWithAnS3StorePasses(@TempDir Path ignored) throws Exception {
        String bucket = s3.newBucket();
        try (S3ObjectStore store = S3ObjectStore.open(s3.config(bucket).build())) {
            Readiness readiness = new Readiness(List.of(new PostgresCheck(db.dataSource()),
                    new SchemaCheck(db.dataSource()), new ObjectStoreCheck(store)), Duration.ofSeconds(5));
            assertThat(readiness.check().ready()).isTrue();
        }
        assertThat(new FileSystemObjectStore(ignored).list("", null, 1).keys()).isEmpty();
    }
}
