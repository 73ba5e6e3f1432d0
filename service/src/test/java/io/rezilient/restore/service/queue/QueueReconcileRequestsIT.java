package io.rezilient.restore.service.queue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin authentication and request validation of the queue routes over HTTP (service-spec §2.7, §3.7). */
class QueueReconcileRequestsIT {
    private static final String SCOPE = "\"scope\":{\"tenant_id\":\"t1\",\"instance_id\":\"prod\",\"source\":\"sn\"}";

    @TempDir
    static Path objects;
    private static QueueWorld world;

    @BeforeAll
    static void start() {
        world = QueueWorld.start("QueueReconcileRequestsIT", objects);
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    private static QueueWorld.Answer post(String path, String body) throws Exception {
        return world.post(path, body, Optional.of(QueueWorld.ADMIN_TOKEN), Optional.empty());
    }

    private static void assertInvalid(QueueWorld.Answer answer, String message) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.json().path("message").asText()).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {QueueAdminRoutes.RECONCILE_PATH, QueueAdminRoutes.RESET_PATH})
    void withoutTheAdminTokenItIs403(String path) throws Exception {
        QueueWorld.Answer missing = world.post(path, "{}", Optional.empty(), Optional.empty());
        QueueWorld.Answer wrong = world.post(path, "{}", Optional.of("not-the-token"), Optional.empty());

        for (QueueWorld.Answer answer : new QueueWorld.Answer[] {missing, wrong}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.json().path("reason_code").asText()).isEqualTo("admin_auth_required");
        }
    }

    @Test
    void anEmptyBodyIsATenantWideDryRun() throws Exception {
        QueueWorld.Answer answer = post(QueueAdminRoutes.RECONCILE_PATH, "");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("dry_run").asBoolean()).isTrue();
        assertThat(answer.json().path("applied").asBoolean()).isFalse();
        assertThat(answer.json().path("stale_cutoff_at").isNull()).isTrue();
        assertThat(answer.json().path("scope").path("tenant_id").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_stale_status", "force_status", "force_reason_code"})
    void reconcileNeverForces(String field) throws Exception {
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{" + SCOPE + ",\"" + field + "\":\"failed\"}"),
                field + " is only supported on queue/reset");
    }

    @Test
    void anApplyNeedsTenantInstanceAndSource() throws Exception {
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH,
                        "{\"dry_run\":false,\"scope\":{\"tenant_id\":\"t1\",\"instance_id\":\"prod\"}}"),
                "dry_run:false requires scope.tenant_id, scope.instance_id and scope.source");
    }

    @Test
    void resetNeedsAnExactScopeAndAStaleness() throws Exception {
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{\"stale_after_ms\":0}"),
                "queue/reset requires scope.tenant_id, scope.instance_id and scope.source");
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{\"stale_after_ms\":0,\"scope\":{\"tenant_id\":\"t1\"}}"),
                "queue/reset requires scope.tenant_id");
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{" + SCOPE + "}"), "stale_after_ms is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "\"5000\"", "1.5", "true", "1e300"})
    void staleAfterMsMustBeANonNegativeWholeNumber(String value) throws Exception {
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{" + SCOPE + ",\"stale_after_ms\":" + value + "}"),
                "stale_after_ms must be a whole number of milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"made_up_reason", "", "queued_scope_lock"})
    void resetAcceptsOnlyKnownTerminalReasonCodes(String reason) throws Exception {
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{" + SCOPE + ",\"stale_after_ms\":0,"
                + "\"force_reason_code\":\"" + reason + "\"}"), "force_reason_code must be a known reason code");
    }

    @Test
    void resetRefusesANonTerminalForceStatus() throws Exception {
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{" + SCOPE + ",\"stale_after_ms\":0,"
                + "\"force_status\":\"running\"}"), "force_status must be one of completed, failed, cancelled");
    }

    @Test
    void aKnownReasonAndStatusAreAcceptedAndADryRunIsTheDefault() throws Exception {
        QueueWorld.Answer answer = post(QueueAdminRoutes.RESET_PATH, "{" + SCOPE + ",\"stale_after_ms\":0,"
                + "\"force_status\":\"cancelled\",\"force_reason_code\":\"failed_internal_error\"}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("dry_run").asBoolean()).isTrue();
    }

    @Test
    void malformedScopesAndUnknownFieldsAreRefused() throws Exception {
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"scope\":{\"lock_scope_tables\":[]}}"),
                "scope.lock_scope_tables must be a non-empty array of non-empty strings");
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"scope\":{\"lock_scope_tables\":[\" \"]}}"),
                "scope.lock_scope_tables must be a non-empty array of non-empty strings");
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"scope\":{\"tenant_id\":\"\"}}"),
                "scope.tenant_id must be a non-empty string");
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"scope\":[]}"), "scope must be an object");
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"dryrun\":false}"), "unknown field: dryrun");
        assertInvalid(post(QueueAdminRoutes.RECONCILE_PATH, "{\"dry_run\":\"false\"}"), "dry_run must be a boolean");
        assertInvalid(post(QueueAdminRoutes.RESET_PATH, "{" + SCOPE + ",\"stale_after_ms\":0,"
                + "\"preserve_stale_job_ids\":[1]}"), "preserve_stale_job_ids must be an array of non-empty strings");
    }
}
