package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's job stage: creates a job for the finalised plan (it takes the lock on the plan's tables and runs),
 * creates a second job on the same tables (it queues behind the first), completes the first and shows the second
 * promoted to running with its event trail, then completes the second too, so the demo leaves no job running. All
 * through the service's job routes with the demo's token.
 */
final class DemoJobStage {
    private final PrintWriter out;
    private final DemoService service;
    private final DemoPlanStage.FinalPlan plan;

    DemoJobStage(PrintWriter out, DemoService service, DemoPlanStage.FinalPlan plan) {
        this.out = out;
        this.service = service;
        this.plan = plan;
    }

    int run() {
        out.println("== 5. jobs: run the plan as a job; a second job on the same table queues until the first completes");
        if (!"executable".equals(plan.executability())) {
            out.println("the plan's gate is " + plan.executability() + " and the service takes jobs only for an"
                    + " executable plan; no job created");
            out.flush();
            return 0;
        }
        JsonNode first = create();
        if (first == null) {
            return 1;
        }
        out.println("created   " + describe(first));
        JsonNode second = create();
        if (second == null) {
            return 1;
        }
        out.println("created   " + describe(second));
        if (!complete(first.path("job_id").asText())) {
            return 1;
        }
        String secondId = second.path("job_id").asText();
        JsonNode promoted = service.get("/v1/jobs/" + secondId);
        JsonNode events = service.get("/v1/jobs/" + secondId + "/events");
        if (promoted == null || events == null) {
            return 1;
        }
        out.println("now       " + describe(promoted.path("job")) + "; events " + eventTypes(events));
        if (!complete(secondId)) {
            return 1;
        }
        out.println("no demo job left running (GET /v1/jobs/{job_id} and /v1/jobs/{job_id}/events show them)");
        out.flush();
        return 0;
    }

    /** {@code POST /v1/jobs} for the plan, locking its tables; the job, or {@code null} when refused. */
    private JsonNode create() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", DemoCommand.TENANT).put("instance_id", DemoCommand.INSTANCE)
                .put("source", DemoCommand.SOURCE).put("plan_id", plan.planId()).put("plan_hash", plan.planHash())
                .put("requested_by", DemoService.OPERATOR);
        plan.tables().forEach(body.putArray("lock_scope_tables")::add);
        body.putArray("required_capabilities").add(Capability.RESTORE_EXECUTE.wire());
        JsonNode answer = service.post("/v1/jobs", body);
        return answer == null ? null : answer.path("job");
    }

    /** {@code POST /v1/jobs/{id}/complete}, printing the job's new status and the jobs promoted behind it. */
    private boolean complete(String jobId) {
        ObjectNode body = Json.mapper().createObjectNode().put("status", "completed");
        JsonNode answer = service.post("/v1/jobs/" + jobId + "/complete", body);
        if (answer == null) {
            return false;
        }
        List<String> promoted = texts(answer.path("promoted_job_ids"));
        out.println(answer.path("job").path("status").asText() + " " + jobId + "; promoted: "
                + (promoted.isEmpty() ? "(none)" : String.join(", ", promoted)));
        return true;
    }

    /** A job's id and status with what it holds (running) or waits for (queued). */
    private static String describe(JsonNode job) {
        String status = job.path("status").asText();
        String line = job.path("job_id").asText() + " " + status;
        return switch (status) {
            case "running" -> line + ", holds the lock on " + String.join(", ", texts(job.path("lock_scope_tables")));
            case "queued" -> line + " at position " + job.path("queue_position").asText() + " ("
                    + job.path("wait_reason_code").asText() + "), waits for "
                    + String.join(", ", texts(job.path("wait_tables"))) + " held by "
                    + String.join(", ", texts(job.path("wait_blocker_job_ids")));
            default -> line;
        };
    }

    private static String eventTypes(JsonNode answer) {
        List<String> types = new ArrayList<>();
        answer.path("events").forEach(event -> types.add(event.path("event_type").asText()));
        return String.join(" → ", types);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
