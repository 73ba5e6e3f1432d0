package io.rezilient.restore.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.ServiceRuntime;
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
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the server agree: every route the wired service serves has its path and method in
 * {@code docs/openapi.yaml}, and every operation of the document is served. A new route without documentation (or a
 * documented route that does not exist) fails here.
 */
class OpenApiRoutesIT {
    private static TestDatabase db;
    private static ServiceRuntime runtime;
    private static int port;

    @TempDir
    static Path objects;

    @BeforeAll
    static void start() {
        db = TestDatabases.createMigrated("OpenApiRoutesIT");
        runtime = ServiceRuntime.open(ServiceSettings.fromEnv(TestKeys.minimalEnv(db.jdbcUrl(), objects.toString())));
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

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> served = new TreeSet<>(runtime.servedRoutes());
        Set<String> documented = new TreeSet<>(OpenApiDocument.load().operations());
        assertThat(served).as("routes the server registered").isNotEmpty().contains("GET /v1/health");
        assertThat(served).as("served but not in docs/openapi.yaml").isSubsetOf(documented);
        assertThat(documented).as("in docs/openapi.yaml but not served").isSubsetOf(served);
    }

    @Test
    void theDocumentIsServedAsJsonWithoutAToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + OpenApiRoutes.PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = Json.parse(response.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("paths").has("/v1/health")).isTrue();
        assertThat(document.path("components").path("securitySchemes").has("bearerToken")).isTrue();
    }
}
