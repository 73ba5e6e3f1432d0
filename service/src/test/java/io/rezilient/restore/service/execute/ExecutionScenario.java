package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeAll;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Execution scenarios over real HTTP: a registered source, a finalised plan of indexed incident records, a running
 * job; and the request bodies an agent sends (commits carry well-formed envelopes, not real ciphertext: the service
 * never opens them). Each scenario works in a source of its own.
 */
public final class ExecutionScenario {
    public static final Set<Capability> EXECUTE = Set.of(Capability.RESTORE_EXECUTE);
    private static final AtomicInteger SCOPES = new AtomicInteger();

    private ExecutionScenario() {
    }

    /** A registered scope with a running job over a finalised plan of {@code records} incident records. */
    public record Running(Service service, PlanScenario plans, String jobId, String planHash) {
        public String token(Set<Capability> capabilities) {
            return DevTokenIssuer.hs256(TestKeys.HS256_SECRET, service.clock()).issue(TokenRequest.rrs(plans.scope(),
                    "operator-1", Optional.of(capabilities), Duration.ofMinutes(5)));
        }

        public Answer post(String path, Set<Capability> capabilities, JsonNode body) throws Exception {
            return plans.send("POST", "/v1/jobs/" + jobId + path, token(capabilities), Json.write(body));
        }

        /** The same job, addressed through {@code other} (another service on the same database). */
        public Running on(Service other) {
            return new Running(other, PlanScenario.unregistered(other, plans.scope()), jobId, planHash);
        }

        public Answer get(String path) throws Exception {
            return plans.send("GET", "/v1/jobs/" + jobId + path, token(EXECUTE), null);
        }
    }

    public static Running running(Service service, int records) throws Exception {
        return running(service, records, 0, draft -> draft, List.of("restore_execute"));
    }

    /**
     * A running job over {@code records} incident records that existed at the PIT and {@code createdAfter} records
     * created after it (delete candidates, decided by {@code dryRun}'s caller), with the job's required capabilities.
     */
    public static Running running(Service service, int records, int createdAfter,
                           java.util.function.UnaryOperator<ObjectNode> dryRun,
                                   List<String> required) throws Exception {
        int n = SCOPES.incrementAndGet();
        ResourceScope scope = new ResourceScope("tenant-acme", "exec-" + n, "sn://exec-" + n + ".service-now.com");
        PlanScenario plans = PlanScenario.registered(service, scope);
        String planId = "plan-exec-" + n;
        for (int i = 0; i < records; i++) {
            plans.event("incident", sysId(planId + "-" + i), planId + "-ev-" + i, "I",
                    PIT.minus(Duration.ofMinutes(30)), 0);
        }
        for (int i = 0; i < createdAfter; i++) {
            plans.event("incident", sysId(planId + "-late-" + i), planId + "-late-ev-" + i, "I",
                    PIT.plus(Duration.ofMinutes(10)), 0);
        }
        plans.watermark(NOW.minusSeconds(30));
        Answer draft = plans.postDryRun(dryRun.apply(plans.dryRun(planId, "incident")));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(202);
        Answer finalized = plans.postFinalize(planId, finalizeAll(draft.json(), "exists"));
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(201);
        String planHash = finalized.json().path("plan").path("plan_hash").asText();
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("tenant_id", scope.tenantId());
        job.put("instance_id", scope.instanceId());
        job.put("source", scope.source());
        job.put("plan_id", planId);
        job.put("plan_hash", planHash);
        job.putArray("lock_scope_tables").add("incident");
        ArrayNode capabilities = job.putArray("required_capabilities");
        required.forEach(capabilities::add);
        job.put("requested_by", "operator-1");
        Answer created = plans.send("POST", "/v1/jobs", plans.token(), Json.write(job));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("job").path("status").asText()).isEqualTo("running");
        return new Running(service, plans, created.json().path("job").path("job_id").asText(), planHash);
    }

    /** The row ids of the claimed rows, in claim order. */
    public static List<String> rowIds(Answer claim) {
        List<String> ids = new ArrayList<>();
        claim.json().path("claimed_rows").forEach(row -> ids.add(row.path("row_id").asText()));
        return ids;
    }

    public static ObjectNode body() {
        return Json.mapper().createObjectNode();
    }

    public static ObjectNode claimBody(int maxRows) {
        return body().put("max_rows", maxRows);
    }

    public static ObjectNode envelope() {
        return body().put("v", 1).put("alg", "AES-256-GCM").put("kid", "tenant-acme:k1").put("module", "rez.agent")
                .put("format", "rez.aes-gcm.v1").put("compression", "none")
                .put("ciphertext", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    }

    /** A commit that reports every claimed row applied, with a captured before-image. */
    public static ObjectNode commitAll(JsonNode claim) {
        ObjectNode commit = body().put("claim_id", claim.path("claim_id").asText());
        ArrayNode outcomes = commit.putArray("row_outcomes");
        for (JsonNode row : claim.path("claimed_rows")) {
            ObjectNode outcome = outcomes.addObject().put("row_id", row.path("row_id").asText())
                    .put("outcome", "applied").put("reason_code", "none");
            outcome.putObject("before_image").put("state", "exists").set("enc", envelope());
        }
        return commit;
    }

    public static void assertError(Answer answer, int status, String error, String reasonCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).as(answer.toString()).isEqualTo(error);
        if (reasonCode != null) {
            assertThat(answer.json().path("reason_code").asText()).as(answer.toString()).isEqualTo(reasonCode);
        }
    }
}
