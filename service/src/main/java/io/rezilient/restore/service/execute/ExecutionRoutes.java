package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.Objects;
import java.util.Optional;

/** The execution routes (service-spec §3.5, plus {@code /pause}): parse, authorise, call {@link ExecutionService}, render. */
public final class ExecutionRoutes implements RouteGroup {
    private static final String JSON = "application/json";
    private static final String JOB = "/v1/jobs/{job_id}";

    private final JsonBody bodies;
    private final ExecutionService executions;

    public ExecutionRoutes(JsonBody bodies, ExecutionService executions) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.executions = Objects.requireNonNull(executions, "executions");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(JOB + "/execution", this::execute);
        routes.get(JOB + "/execution", ctx -> read(ctx, "execution", executions.execution(caller(ctx), jobId(ctx))));
        routes.post(JOB + "/resume", this::resume);
        routes.post(JOB + "/pause", this::pause);
        routes.get(JOB + "/checkpoint", ctx -> read(ctx, "checkpoint", executions.checkpoint(caller(ctx), jobId(ctx))));
        routes.get(JOB + "/rollback-journal", this::journal);
        routes.get(JOB + "/execute-batches/next", ctx -> respond(ctx, 200,
                executions.nextRows(caller(ctx), jobId(ctx), maxRows(ctx), afterClaimId(ctx))));
        routes.post(JOB + "/execute-batches/claim", ctx -> respond(ctx, 200,
                executions.claim(caller(ctx), jobId(ctx), bodies.readObject(ctx))));
        routes.post(JOB + "/execute-batches/commit", ctx -> respond(ctx, 200,
                executions.commit(caller(ctx), jobId(ctx), bodies.readObject(ctx), rowAttempts(ctx))));
    }

    private void execute(Context ctx) {
        Principal caller = caller(ctx);
        String jobId = jobId(ctx);
        ExecutionService.Answer answer = executions.execute(caller, jobId, bodies.readObject(ctx));
        respond(ctx, answer.status(), answer.body());
    }

    private void resume(Context ctx) {
        Principal caller = caller(ctx);
        String jobId = jobId(ctx);
        ExecutionService.Answer answer = executions.resume(caller, jobId, bodies.readObject(ctx));
        respond(ctx, answer.status(), answer.body());
    }

    private void pause(Context ctx) {
        Principal caller = caller(ctx);
        ExecutionService.Answer answer = executions.pause(caller, jobId(ctx));
        respond(ctx, answer.status(), answer.body());
    }

    private void journal(Context ctx) {
        Optional<ObjectNode> bundle = executions.rollbackJournal(caller(ctx), jobId(ctx));
        if (bundle.isEmpty()) {
            throw ExecutionErrors.nothingYet("rollback journal");
        }
        respond(ctx, 200, bundle.get());
    }

    private static void read(Context ctx, String field, Optional<ObjectNode> value) {
        if (value.isEmpty()) {
            throw ExecutionErrors.nothingYet(field);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set(field, value.get());
        respond(ctx, 200, body);
    }

    /** {@code max_rows}: a whole number 1..1000, default 100. */
    private static int maxRows(Context ctx) {
        String given = ctx.queryParam("max_rows");
        if (given == null) {
            return 100;
        }
        if (!given.matches("[0-9]{1,4}") || Integer.parseInt(given) < 1 || Integer.parseInt(given) > 1000) {
            throw io.rezilient.restore.service.http.ApiError.invalidRequest("max_rows must be a whole number 1..1000");
        }
        return Integer.parseInt(given);
    }

    /** {@code after_claim_id} (ours, S71): the rows after this held claim instead of after the checkpoint. */
    private static java.util.Optional<String> afterClaimId(Context ctx) {
        String given = ctx.queryParam("after_claim_id");
        return given == null ? java.util.Optional.empty()
                : java.util.Optional.of(InputText.requireIdentifier("after_claim_id", given));
    }

    /** {@code row_attempts} (ours): absent or {@code all}, or {@code claimed}. */
    private static ExecutionService.RowAttempts rowAttempts(Context ctx) {
        String given = ctx.queryParam("row_attempts");
        if (given == null || given.equals("all")) {
            return ExecutionService.RowAttempts.ALL;
        }
        if (given.equals("claimed")) {
            return ExecutionService.RowAttempts.CLAIMED;
        }
        throw io.rezilient.restore.service.http.ApiError.invalidRequest("row_attempts must be all or claimed");
    }

    private static Principal caller(Context ctx) {
        return RequestAuthentication.principal(ctx);
    }

    private static String jobId(Context ctx) {
        return InputText.pathId(ctx, "job_id");
    }

    private static void respond(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }
}
