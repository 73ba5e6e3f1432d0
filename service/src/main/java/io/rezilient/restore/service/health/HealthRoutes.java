package io.rezilient.restore.service.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.service.http.ErrorBodies;
import io.rezilient.restore.service.http.RestoreServiceServer;
import io.rezilient.restore.service.http.RouteGroup;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The unauthenticated operational routes:
 * <ul>
 *   <li>{@code GET /v1/health}: the reference's liveness body {@code {"ok":true}} (service-spec §3.2 #1);</li>
 *   <li>{@code GET /livez}: the process serves requests;</li>
 *   <li>{@code GET /readyz}: 200 when every {@link Readiness} check passes, else 503 naming each failing check and
 *       its reason code — never a dependency's message, since the route is open (the 503 body is also an error
 *       body, {@code not_ready});</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition, the one non-JSON response.</li>
 * </ul>
 */
public final class HealthRoutes implements RouteGroup {
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;

    public HealthRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/health", ctx -> RestoreServiceServer.json(ctx, 200, NODES.objectNode().put("ok", true)));
        routes.get("/livez", ctx -> RestoreServiceServer.json(ctx, 200, NODES.objectNode().put("status", "ok")));
        routes.get("/readyz", this::readyz);
        routes.get("/metrics", ctx -> ctx.status(200).contentType(PROMETHEUS_CONTENT_TYPE)
                .result(registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }

    private void readyz(Context ctx) {
        ReadinessReport report = readiness.check();
        ArrayNode checks = NODES.arrayNode();
        StringBuilder failing = new StringBuilder();
        for (CheckResult result : report.checks()) {
            ObjectNode check = checks.addObject().put("name", result.name()).put("ok", result.ok())
                    .put("duration_ms", result.durationMs());
            if (!result.ok()) {
                check.put("reason_code", result.reasonCode());
                failing.append(failing.isEmpty() ? "" : ", ").append(result.name());
            }
        }
        ObjectNode body;
        if (report.ready()) {
            body = NODES.objectNode().put("ready", true);
        } else {
            body = ErrorBodies.withRequestId(ErrorBodies.render(503, "not_ready", null, "not ready: " + failing),
                    RestoreServiceServer.requestId(ctx));
            body.put("ready", false);
        }
        body.set("checks", checks);
        RestoreServiceServer.json(ctx, report.ready() ? 200 : 503, body);
    }
}
