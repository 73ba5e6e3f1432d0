package io.rezilient.restore.service.api;

import io.javalin.config.RoutesConfig;
import io.rezilient.restore.service.http.RestoreServiceServer;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.Objects;

/** {@code GET /openapi.json}: the OpenAPI document, unauthenticated like the reference's health route. */
public final class OpenApiRoutes implements RouteGroup {
    public static final String PATH = "/openapi.json";

    private final OpenApiDocument document;

    public OpenApiRoutes(OpenApiDocument document) {
        this.document = Objects.requireNonNull(document, "document");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PATH, ctx -> RestoreServiceServer.json(ctx, 200, document.json()));
    }
}
