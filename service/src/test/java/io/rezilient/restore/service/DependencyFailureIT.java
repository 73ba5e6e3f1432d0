package io.rezilient.restore.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.RestoreServiceServer;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When PostgreSQL fails under the service — here: tables renamed away behind its back, so every statement on them
 * fails with the driver's text — each route answers its 503 with a stable message and the request id, and the
 * driver's words (SQL, relation names) appear only in the log line carrying that request id.
 */
class DependencyFailureIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ResourceScope SCOPE = new ResourceScope("tenant-down", "sn-down-01",
            "sn://down.service-now.com");
    private static final String PLAN_HASH = "a".repeat(64);

    @Test
    void storesThatFailAnswer503WithAStableMessageAndTheRequestIdNeverTheDriversText(@TempDir Path objects)
            throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger serverLog = (Logger) LoggerFactory.getLogger(RestoreServiceServer.class);
        Logger registryLog = (Logger) LoggerFactory.getLogger(SourceMappingEnforcement.class);
        serverLog.addAppender(logs);
        registryLog.addAppender(logs);
        PlanScenario.Service service = PlanScenario.Service.start("DependencyFailureIT", objects, env -> env);
        try {
            PlanScenario scenario = PlanScenario.registered(service, SCOPE);
            String token = scenario.token();
            execute(service.owner(), "ALTER TABLE rez_restore.plans RENAME TO plans_moved_away");
            execute(service.owner(), "ALTER TABLE rez_restore.jobs RENAME TO jobs_moved_away");

            assertStable(send(service, "GET", "/v1/plans/p-1", token, null, "req-plan"), "restore_index_unavailable",
                    "req-plan", logs);
            assertStable(send(service, "POST", "/v1/plans/dry-run", token,
                    Json.write(scenario.dryRun("p-2", "incident")), "req-dry-run"), "restore_index_unavailable",
                    "req-dry-run", logs);
            assertStable(send(service, "GET", "/v1/jobs/job_1", token, null, "req-job"), "job_store_unavailable",
                    "req-job", logs);
            assertStable(send(service, "POST", "/v1/jobs", token, createJobBody(), "req-create-job"),
                    "plan_store_unavailable", "req-create-job", logs);

            execute(service.owner(), "ALTER TABLE rez_restore.source_registry RENAME TO registry_moved_away");
            HttpResponse<String> outage = send(service, "POST", "/v1/plans/dry-run", token,
                    Json.write(scenario.dryRun("p-3", "incident")), "req-registry");
            assertStable(outage, "scope_blocked", "req-registry", logs);
            assertThat(Json.parse(outage.body()).path("reason_code").asText())
                    .isEqualTo("blocked_auth_control_plane_outage");
        } finally {
            serverLog.detachAppender(logs);
            registryLog.detachAppender(logs);
            service.close();
            service.db().close();
        }
    }

    private static void assertStable(HttpResponse<String> response, String error, String requestId,
                                     ListAppender<ILoggingEvent> logs) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        JsonNode body = Json.parse(response.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("request_id").asText()).isEqualTo(requestId);
        assertThat(response.body()).doesNotContain("moved_away", "rez_restore", "relation", "ERROR", "SELECT",
                "Exception", "does not exist");
        // the operator finds the driver's words under the id the caller quotes
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getMDCPropertyMap()).containsEntry("request_id", requestId);
            String logged = event.getThrowableProxy() != null ? event.getThrowableProxy().getMessage()
                    + String.valueOf(event.getThrowableProxy().getCause() == null ? ""
                    : event.getThrowableProxy().getCause().getMessage())
                    : String.valueOf(event.getKeyValuePairs());
            assertThat(logged).contains("does not exist");
        });
    }

    private static String createJobBody() {
        return Json.write(Json.mapper().createObjectNode()
                .put("tenant_id", SCOPE.tenantId()).put("instance_id", SCOPE.instanceId())
                .put("source", SCOPE.source()).put("plan_id", "p-1").put("plan_hash", PLAN_HASH)
                .put("requested_by", "operator-1")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("lock_scope_tables",
                        Json.mapper().createArrayNode().add("incident"))
                .set("required_capabilities", Json.mapper().createArrayNode().add("restore_execute")));
    }

    private static HttpResponse<String> send(PlanScenario.Service service, String method, String path, String token,
                                             String body, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + token).header("x-request-id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void execute(DataSource owner, String sql) throws SQLException {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
