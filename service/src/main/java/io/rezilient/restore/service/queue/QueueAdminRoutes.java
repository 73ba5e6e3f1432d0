package io.rezilient.restore.service.queue;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.contracts.audit.ActorType;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.service.auth.AdminActor;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RouteGroup;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code POST /v1/admin/ops/queue/reconcile} and {@code POST /v1/admin/ops/queue/reset} (service-spec §3.7, §5.5).
 * Admin authentication happened in {@link RequestAuthentication}'s filter; the admin becomes the actor of every
 * event an apply writes.
 */
public final class QueueAdminRoutes implements RouteGroup {
    public static final String RECONCILE_PATH = "/v1/admin/ops/queue/reconcile";
    public static final String RESET_PATH = "/v1/admin/ops/queue/reset";
    private static final String JSON = "application/json";

    private final JsonBody bodies;
    private final QueueReconciler reconciler;

    public QueueAdminRoutes(JsonBody bodies, QueueReconciler reconciler) {
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    }

    /** The routes over the service's pool, source-mapping check and clock. */
    public static QueueAdminRoutes on(DataSource pool, JsonBody bodies, SourceMappingEnforcement sourceMappings,
                                      Clock clock) {
        return new QueueAdminRoutes(bodies, new QueueReconciler(pool, new PostgresLockManager(), new JobEventLog(clock),
                sourceMappings, clock));
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(RECONCILE_PATH, ctx -> handle(ctx, QueueOperation.RECONCILE));
        routes.post(RESET_PATH, ctx -> handle(ctx, QueueOperation.RESET));
    }

    private void handle(Context ctx, QueueOperation operation) {
        AdminActor admin = RequestAuthentication.adminActor(ctx);
        AuditActor actor = auditActor(admin);
        QueueReconcileRequest parsed = QueueReconcileRequest.parse(operation, bodies.readObject(ctx));
        // a token's rrs.admin is granted for its own scope only; the shared admin token is the operator's master key
        QueueReconcileRequest request = admin.principal()
                .map(principal -> parsed.withScope(parsed.scope().confinedTo(principal.scope())))
                .orElse(parsed);
        QueueReconcileResult result = reconciler.run(request, actor);
        ctx.status(200).contentType(JSON).result(result.toJson().toString());
    }

    /**
     * A token admin is a person (its {@code sub}); the shared admin token names nobody, so its events say
     * {@code service/admin_token}.
     */
    static AuditActor auditActor(AdminActor admin) {
        return admin.principal().isPresent()
                ? new AuditActor(ActorType.USER, admin.id(), null)
                : new AuditActor(ActorType.SERVICE, AdminActor.ADMIN_TOKEN_ACTOR, null);
    }
}
