package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;

import java.time.Duration;
import java.util.List;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static io.rezilient.restore.service.plans.PlanScenario.finalizeAll;
import static io.rezilient.restore.service.plans.PlanScenario.sysId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registered source with finalised plans over real HTTP, and the job requests of service-spec §3.4 against it.
 * Plans are built from indexed events the way an operator's would be: dry-run, then finalise every record as
 * existing on the target, with a fresh watermark, so their gate is executable.
 */
final class JobScenario {
    private final PlanScenario plans;
    private final Service service;

    private JobScenario(Service service, PlanScenario plans) {
        this.service = service;
        this.plans = plans;
    }

    static JobScenario registered(Service service, ResourceScope scope) throws Exception {
        PlanScenario plans = PlanScenario.registered(service, scope);
        return new JobScenario(service, plans);
    }

    /** The same scope seen through another service (a replica or a restarted one); registers nothing. */
    static JobScenario on(Service service, ResourceScope scope) {
        return new JobScenario(service, PlanScenario.unregistered(service, scope));
    }

    ResourceScope scope() {
        return plans.scope();
    }

    PlanScenario plans() {
        return plans;
    }

    /** A finalised, executable plan restoring one record per table; returns its plan_hash. */
    String finalizedPlan(String planId, String... tables) throws Exception {
        for (String table : tables) {
            plans.event(table, sysId(planId + "-" + table), planId + "-" + table + "-1", "I",
                    PIT.minus(Duration.ofMinutes(30)), 0);
        }
        // the watermark must cover the events just indexed
        plans.watermark(NOW.minusSeconds(30));
        Answer draft = plans.postDryRun(plans.dryRun(planId, tables));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(202);
        Answer finalized = plans.postFinalize(planId, finalizeAll(draft.json(), "exists"));
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(201);
        assertThat(finalized.json().path("gate").path("executability").asText()).isEqualTo("executable");
        return finalized.json().path("plan").path("plan_hash").asText();
    }

    /** A valid create-job body for this scope. */
    ObjectNode jobBody(String planId, String planHash, String... tables) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", scope().tenantId());
        body.put("instance_id", scope().instanceId());
        body.put("source", scope().source());
        body.put("plan_id", planId);
        body.put("plan_hash", planHash);
        body.putArray("lock_scope_tables").addAll(List.of(tables).stream()
                .map(Json.mapper().getNodeFactory()::textNode).toList());
        body.putArray("required_capabilities").add("restore_execute");
        body.put("requested_by", "ops.jane@acme.example");
        return body;
    }

    Answer createJob(JsonNode body) throws Exception {
        return plans.send("POST", "/v1/jobs", plans.token(), Json.write(body));
    }

    /** Creates a job that must be accepted; returns its record. */
    JsonNode created(String planId, String planHash, String... tables) throws Exception {
        Answer answer = createJob(jobBody(planId, planHash, tables));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("job");
    }

    Answer getJob(String jobId) throws Exception {
        return plans.send("GET", "/v1/jobs/" + jobId, plans.token(), null);
    }

    JsonNode job(String jobId) throws Exception {
        Answer answer = getJob(jobId);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("job");
    }

    Answer events(String jobId) throws Exception {
        return plans.send("GET", "/v1/jobs/" + jobId + "/events", plans.token(), null);
    }

    Answer crossServiceEvents(String jobId) throws Exception {
        return plans.send("GET", "/v1/jobs/" + jobId + "/events/cross-service", plans.token(), null);
    }

    Answer complete(String jobId, String status, String reasonCode) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("status", status);
        if (reasonCode != null) {
            body.put("reason_code", reasonCode);
        }
        return plans.send("POST", "/v1/jobs/" + jobId + "/complete", plans.token(), Json.write(body));
    }

    Answer list(String query) throws Exception {
        return plans.send("GET", "/v1/jobs" + query, plans.token(), null);
    }

    Service service() {
        return service;
    }
}
