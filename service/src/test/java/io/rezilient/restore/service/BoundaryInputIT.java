package io.rezilient.restore.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes of bad input a fuzz run once turned into 5xx answers or leaks, each pinned over real HTTP: ids that
 * are blank or hold control characters, an id longer than the plan index allows, a NUL in a validly signed token's
 * claims and in an admin scope, and what Jetty refuses before the service sees it — every one a 4xx with our JSON
 * error body. {@code ServiceFuzzIT} covers the breadth; this test names the cases.
 */
class BoundaryInputIT {
    private static final ResourceScope SCOPE = new ResourceScope("tenant-edge", "sn-edge-01",
            "sn://edge.service-now.com");
    @TempDir
    static Path objects;
    private static PlanScenario.Service service;
    private static PlanScenario plans;

    @BeforeAll
    static void start() throws Exception {
        service = PlanScenario.Service.start("BoundaryInputIT", objects, env -> env);
        plans = PlanScenario.registered(service, SCOPE);
    }

    @AfterAll
    static void stop() {
        service.close();
        service.db().close();
    }

    @Test
    void aPathIdThatIsBlankOrHoldsControlCharactersIs400NotA500() throws Exception {
        assertError(request("GET", "/v1/plans/%20", bearer(plans.token()), null), 400, "invalid_request",
                "plan_id: must not be blank");
        assertError(request("GET", "/v1/jobs/%09%0a", bearer(plans.token()), null), 400, "invalid_request",
                "job_id: must not be blank");
        assertError(request("GET", "/v1/jobs/job%7Fx/events", bearer(plans.token()), null), 400, "invalid_request",
                "job_id: must not contain control characters");
        // Jetty itself refuses an encoded NUL in a path, with our body
        assertError(request("GET", "/v1/jobs/job%00x/events", bearer(plans.token()), null), 400, "bad_request", null);
        assertError(request("POST", "/v1/jobs/job%01/complete", bearer(plans.token()), "{\"status\":\"failed\"}"),
                400, "invalid_request", "job_id: must not contain control characters");
    }

    @Test
    void aPlanIdLongerThanThePlanIndexAllowsIs400NotA503NamingTheIndex() throws Exception {
        String body = Json.write(plans.dryRun("p".repeat(3_000), "incident"));
        RawHttp.Response answer = request("POST", "/v1/plans/dry-run", bearer(plans.token()), body);
        assertError(answer, 400, "invalid_request", "plan_id: must be at most 256 bytes of UTF-8");
        assertError(request("GET", "/v1/plans/" + "p".repeat(257), bearer(plans.token()), null), 400,
                "invalid_request", "plan_id: must be at most 256 bytes of UTF-8");
    }

    @Test
    void aNulInAValidlySignedTokensClaimsIs401NotA503QuotingTheInsert() throws Exception {
        String payload = Json.write(Json.mapper().createObjectNode().put("iss", "edge").put("sub", "operator\u0000")
                .put("aud", "rezilient:rrs").put("jti", "tok_edge").put("iat", PlanScenario.NOW.getEpochSecond() - 10)
                .put("exp", PlanScenario.NOW.getEpochSecond() + 300).put("service_scope", "rrs")
                .put("tenant_id", SCOPE.tenantId()).put("instance_id", SCOPE.instanceId())
                .put("source", SCOPE.source()));
        RawHttp.Response answer = request("POST", "/v1/jobs/job_1/complete", bearer(hs256(payload)),
                "{\"status\":\"failed\"}");
        assertError(answer, 401, "unauthorized", null);
        assertThat(Json.parse(answer.text()).path("reason_code").asText()).isEqualTo("denied_token_malformed");
    }

    @Test
    void aNulInAnAdminScopeOrATableNameIs400() throws Exception {
        RawHttp.Response scope = request("POST", "/v1/admin/ops/queue/reconcile",
                "x-rezilient-admin-token: " + TestKeys.ADMIN_TOKEN, "{\"scope\":{\"tenant_id\":\"t\\u0000\"}}");
        assertError(scope, 400, "invalid_request", "scope.tenant_id: must not contain NUL or control characters "
                + "other than tab and line breaks");
        RawHttp.Response table = request("POST", "/v1/jobs", bearer(plans.token()), Json.write(Json.mapper()
                .createObjectNode().put("tenant_id", SCOPE.tenantId()).put("instance_id", SCOPE.instanceId())
                .put("source", SCOPE.source()).put("plan_id", "p-1").put("plan_hash", "a".repeat(64))
                .put("requested_by", "jane").<com.fasterxml.jackson.databind.node.ObjectNode>set("lock_scope_tables",
                        Json.mapper().createArrayNode().add("incident\u0085"))
                .set("required_capabilities", Json.mapper().createArrayNode().add("restore_execute"))));
        assertError(table, 400, "invalid_request", "lock_scope_tables[0]: must not contain control characters");
    }

    @Test
    void whatJettyRefusesIsAnsweredWithOurJsonErrorBody() throws Exception {
        assertError(raw("GET /v1/plans/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad_request",
                null);
        assertError(raw("GET /v1/plans/%C3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                "bad_request", null);
        assertError(raw("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), 431, "request_header_fields_too_large", null);
        // a version Jetty does not speak is the caller's error: 400, not Jetty's 505
        assertError(raw("GET /livez HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad_request", null);
        assertError(raw("GET /livez HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n"), 426, "upgrade_required",
                null);
        assertError(raw("GET /livez HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n continued\r\nConnection: close\r\n\r\n"),
                400, "bad_request", null);
        assertError(raw("DELETE /v1/plans/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                "bad_request", null);
        // refused once its headers are read, the request keeps the caller's id
        RawHttp.Response answer = raw("GET /v1/plans/%C3%28 HTTP/1.1\r\nHost: x\r\nx-request-id: edge-7\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer.header("x-request-id")).isEqualTo("edge-7");
        assertThat(Json.parse(answer.text()).path("request_id").asText()).isEqualTo("edge-7");
        assertThat(answer.text()).doesNotContain("Illegal", "Bad UTF-8", "<html", "Jetty");
    }

    private static void assertError(RawHttp.Response response, int status, String error, String message) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body = Json.parse(response.text());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("x-request-id"));
        if (message != null) {
            assertThat(body.path("message").asText()).isEqualTo(message);
        }
        assertThat(response.text()).doesNotContain("Exception", "rez_restore", "INSERT", "_pk");
    }

    private static RawHttp.Response request(String method, String target, String header, String body)
            throws Exception {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + content.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] request = new byte[head.length() + content.length];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, request, 0, head.length());
        System.arraycopy(content, 0, request, head.length(), content.length);
        return RawHttp.exchange(service.port(), request, false);
    }

    private static RawHttp.Response raw(String request) throws Exception {
        return RawHttp.exchange(service.port(), request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    /** A token signed with the service's own secret over exactly {@code payloadJson}. */
    private static String hs256(String payloadJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestKeys.HS256_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
