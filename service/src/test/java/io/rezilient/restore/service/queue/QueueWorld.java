package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.jobs.JobDriver;
import io.rezilient.restore.service.jobs.StartPermission;
import io.rezilient.restore.service.locks.JobRef;
import io.rezilient.restore.service.locks.LockDecision;
import io.rezilient.restore.service.plans.PlanScenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running service over a migrated database for the queue admin tests: jobs are created as the job service creates
 * them ({@link JobDriver}: the lock decision, the job row and its lock rows in one transaction, at the service's
 * clock), drift is made with plain SQL as the database owner, and the admin routes are called over HTTP. A tenant's
 * instance is registered in the service's source registry (all states active) with the source of its first job, so
 * reconcile's start check passes for that source.
 */
final class QueueWorld implements AutoCloseable {
    static final String ADMIN_TOKEN = "admin-secret-token";
    static final String INSTANCE = "prod";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final PlanScenario.Service service;
    private final JobDriver jobs;

    private QueueWorld(PlanScenario.Service service) {
        this.service = service;
        this.jobs = new JobDriver(service.clock());
    }

    static QueueWorld start(String testName, Path objects) {
        return new QueueWorld(PlanScenario.Service.start(testName, objects, env -> env));
    }

    @Override
    public void close() {
        service.close();
    }

    Instant now() {
        return service.clock().instant();
    }

    void advance(Duration by) {
        service.clock().advance(by);
    }

    /** Creates a job in (tenant, INSTANCE, source) that asks for {@code tables} now. */
    LockDecision create(String tenant, String source, String jobId, String... tables) throws SQLException {
        sql("INSERT INTO rez_restore.source_registry (tenant_id, instance_id, source, updated_by)"
                + " VALUES (?, ?, ?, 'queue-tests') ON CONFLICT DO NOTHING", tenant, INSTANCE, source);
        try (Connection connection = service.owner().getConnection()) {
            connection.setAutoCommit(false);
            LockDecision decision = jobs.create(connection, new JobRef(jobId, tenant, INSTANCE, source),
                    List.of(tables)).decision();
            connection.commit();
            return decision;
        }
    }

    /**
     * Completes a job as {@code POST /v1/jobs/{id}/complete} does: the service's source-mapping check first (S14),
     * then the release and whatever it lets start; returns the jobs it started.
     */
    List<String> complete(String tenant, String source, String jobId) throws SQLException {
        StartPermission permission = StartPermission.check(service.runtime().sourceMappings(),
                new ResourceScope(tenant, INSTANCE, source));
        try (Connection connection = service.owner().getConnection()) {
            connection.setAutoCommit(false);
            List<String> started = jobs.end(connection, jobId, permission);
            connection.commit();
            return started;
        }
    }

    /** Sets the registry states of the tenant's instance (as {@code rez registry set-state} does). */
    void registryStates(String tenant, String tenantState, String entitlementState, String instanceState)
            throws SQLException {
        sql("UPDATE rez_restore.source_registry SET tenant_state = ?, entitlement_state = ?, instance_state = ?,"
                + " updated_by = 'queue-tests' WHERE tenant_id = ? AND instance_id = ?", tenantState,
                entitlementState, instanceState, tenant, INSTANCE);
    }

    /** Plain SQL as the database owner (drift a bug or a manual edit could cause); returns the rows changed. */
    int sql(String sql, Object... parameters) throws SQLException {
        try (Connection connection = service.owner().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Every row of a query as column → value (text), for before/after comparisons. */
    List<Map<String, String>> rows(String sql, Object... parameters) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = service.owner().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getString(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** A tenant's whole job and lock state (jobs, holds, queue, events) as text rows, to prove nothing changed. */
    List<List<Map<String, String>>> stateOf(String tenant) throws SQLException {
        return List.of(
                rows("SELECT * FROM rez_restore.jobs WHERE tenant_id = ? ORDER BY job_id", tenant),
                rows("SELECT * FROM rez_restore.lock_holds WHERE tenant_id = ? ORDER BY table_name, source", tenant),
                rows("SELECT * FROM rez_restore.lock_queue WHERE tenant_id = ? ORDER BY seq, table_name", tenant),
                rows("SELECT e.* FROM rez_restore.job_events e JOIN rez_restore.jobs j USING (job_id)"
                        + " WHERE j.tenant_id = ? ORDER BY e.seq", tenant),
                rows("SELECT * FROM rez_restore.audit_events WHERE tenant_id = ? ORDER BY event_id", tenant));
    }

    /** {@code status/reason} of a job. */
    String status(String jobId) throws SQLException {
        Map<String, String> row = rows("SELECT status || '/' || status_reason_code AS s FROM rez_restore.jobs"
                + " WHERE job_id = ?", jobId).getFirst();
        return row.get("s");
    }

    Map<String, String> job(String jobId) throws SQLException {
        return rows("SELECT * FROM rez_restore.jobs WHERE job_id = ?", jobId).getFirst();
    }

    /** A job's lock rows: {@code held:table} and {@code queued:table@seq}. */
    List<String> lockRows(String jobId) throws SQLException {
        List<String> rows = new ArrayList<>();
        rows("SELECT table_name FROM rez_restore.lock_holds WHERE job_id = ? ORDER BY table_name", jobId)
                .forEach(row -> rows.add("held:" + row.get("table_name")));
        rows("SELECT table_name, seq FROM rez_restore.lock_queue WHERE job_id = ? ORDER BY table_name", jobId)
                .forEach(row -> rows.add("queued:" + row.get("table_name") + "@" + row.get("seq")));
        return rows;
    }

    /** The job's legacy events with their actor: {@code type, reason, details (json), actor_type, actor_id}. */
    List<Map<String, String>> events(String jobId) throws SQLException {
        return rows("SELECT event_id, event_type, reason_code, details::text AS details, actor_type, actor_id,"
                + " created_at FROM rez_restore.job_events WHERE job_id = ? ORDER BY seq", jobId);
    }

    /** The audit event mirroring a legacy event (same id), as its metadata and actor. */
    Map<String, String> auditEvent(String eventId) throws SQLException {
        return rows("SELECT lifecycle, action, outcome, reason_code, actor::text AS actor, metadata::text AS metadata"
                + " FROM rez_restore.audit_events WHERE event_id = ?", eventId).getFirst();
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    record Answer(int status, String raw) {
        JsonNode json() {
            return Json.parse(raw);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    Answer reconcile(ObjectNode body) throws Exception {
        return post(QueueAdminRoutes.RECONCILE_PATH, Json.write(body), Optional.of(ADMIN_TOKEN), Optional.empty());
    }

    Answer reset(ObjectNode body) throws Exception {
        return post(QueueAdminRoutes.RESET_PATH, Json.write(body), Optional.of(ADMIN_TOKEN), Optional.empty());
    }

    Answer post(String path, String body, Optional<String> adminToken, Optional<String> bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        adminToken.ifPresent(token -> request.header("x-rezilient-admin-token", token));
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A body with an exact scope. */
    static ObjectNode body(String tenant, String source) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("scope").put("tenant_id", tenant).put("instance_id", INSTANCE).put("source", source);
        return body;
    }
}
