package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.contracts.audit.CrossServiceAuditEvent;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.List;
import java.util.Objects;

/** The job routes (service-spec §3.4, plus the listing): parse, authorise, call {@link JobService}, render. */
public final class JobRoutes implements RouteGroup {
    private static final String JSON = "application/json";

    private final JsonBody bodies;
    private final JobService jobs;

    public JobRoutes(JsonBody bodies, JobService jobs) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/jobs", this::create);
        routes.get("/v1/jobs", this::list);
        routes.get("/v1/jobs/{job_id}", this::get);
        routes.get("/v1/jobs/{job_id}/events", this::events);
        routes.get("/v1/jobs/{job_id}/events/cross-service", this::auditEvents);
        routes.post("/v1/jobs/{job_id}/complete", this::complete);
    }

    private void create(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        CreateJobRequest request = CreateJobRequest.parse(bodies.readObject(ctx));
        JobView job = jobs.create(caller, request);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("job", job.toJson());
        respond(ctx, 201, body);
    }

    private void list(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        JobListQuery query = JobListQuery.parse(ctx.queryParam("status"), ctx.queryParam("limit"),
                ctx.queryParam("cursor"));
        JobService.JobPage page = jobs.list(caller, query);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("jobs");
        page.jobs().forEach(job -> array.add(job.toJson()));
        if (page.nextCursor().isPresent()) {
            body.put("next_cursor", page.nextCursor().get());
        } else {
            body.putNull("next_cursor");
        }
        respond(ctx, 200, body);
    }

    private void get(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        JobView job = jobs.find(caller, InputText.pathId(ctx, "job_id")).orElseThrow(JobErrors::jobNotFound);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("job", job.toJson());
        respond(ctx, 200, body);
    }

    private void events(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        List<ObjectNode> events = jobs.events(caller, InputText.pathId(ctx, "job_id"))
                .orElseThrow(JobErrors::jobNotFound);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("events").addAll(events);
        respond(ctx, 200, body);
    }

    private void auditEvents(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        List<CrossServiceAuditEvent> events =
                jobs.auditEvents(caller, InputText.pathId(ctx, "job_id")).orElseThrow(JobErrors::jobNotFound);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("events");
        events.forEach(event -> array.add(event.toJson()));
        respond(ctx, 200, body);
    }

    private void complete(Context ctx) {
        Principal caller = RequestAuthentication.principal(ctx);
        CompleteJobRequest request = CompleteJobRequest.parse(bodies.readObject(ctx));
        JobTransitions.Terminated done = jobs.complete(caller, InputText.pathId(ctx, "job_id"), request);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("job", JobView.notQueued(done.job()).toJson());
        body.putArray("promoted_job_ids")
                .addAll(done.promotedJobIds().stream().map(JsonNodeFactory.instance::textNode).toList());
        respond(ctx, 200, body);
    }

    private static void respond(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }
}
