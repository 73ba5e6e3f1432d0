package io.rezilient.restore.service.http;

import io.javalin.config.RoutesConfig;

/**
 * A set of routes a feature contributes to the server (health, OpenAPI, plans, jobs, queue administration; each
 * later feature adds its own). Handlers stay thin: parse (with {@link JsonBody}), authorise, call one domain service,
 * render; failures are {@link ApiError}s.
 */
@FunctionalInterface
public interface RouteGroup {
    void addTo(RoutesConfig routes);
}
