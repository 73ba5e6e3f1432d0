package io.rezilient.restore.service.rollback;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.Objects;

/** {@code POST /v1/jobs/{job_id}/rollback} (ours): parse, authorise, call {@link RollbackService}, render 201. */
public final class RollbackRoutes implements RouteGroup {
    private final JsonBody bodies;
    private final RollbackService rollbacks;

    public RollbackRoutes(JsonBody bodies, RollbackService rollbacks) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.rollbacks = Objects.requireNonNull(rollbacks, "rollbacks");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/jobs/{job_id}/rollback", this::rollback);
    }

    private void rollback(Context ctx) {
        RollbackService.Created created = rollbacks.rollback(RequestAuthentication.principal(ctx),
                InputText.pathId(ctx, "job_id"), bodies.readObject(ctx));
        ctx.status(201).contentType("application/json").result(created.toJson().toString());
    }
}
