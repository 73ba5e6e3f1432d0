package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.rezilient.restore.contracts.json.Json;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The restore service's HTTP server: Javalin 7 on virtual threads, with the cross-cutting behaviour of
 * service-spec §3.1 that every route gets for free:
 * <ul>
 *   <li>a request id per request (a sane incoming {@code x-request-id} or a fresh one), echoed in the response and
 *       put in the SLF4J MDC so every log line of the request carries it;</li>
 *   <li>{@code content-type: application/json} unless a route says otherwise (only {@code /metrics} does);</li>
 *   <li>JSON error bodies ({@link ErrorBodies}, carrying the request id) for {@link ApiError}s, unknown routes
 *       (404), known paths with the wrong method (405) and unhandled exceptions (500); an exception's text — ours, a
 *       dependency's, Javalin's — is logged with the request id and never echoed to the caller;</li>
 *   <li>the same JSON error body for what Jetty itself refuses — unparseable request lines, URIs and headers
 *       ({@link ContainerErrors});</li>
 *   <li>load shedding ({@link InFlightLimit}, {@link InFlightFilter}): beyond the limit of requests in flight,
 *       {@code 503 overloaded}, decided before authentication;</li>
 *   <li>one structured access-log line and one {@link HttpMetrics} sample per request.</li>
 * </ul>
 */
public final class RestoreServiceServer implements AutoCloseable {
    public static final String JSON = "application/json";
    static final String INTERNAL_MESSAGE = "an unexpected error occurred";
    private static final Logger LOG = LoggerFactory.getLogger(RestoreServiceServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.rezilient.restore.service.access");
    private static final String ROUTE = "rez.route";
    private static final String REQUEST_ID = "rez.request_id";

    private final Javalin app;

    private RestoreServiceServer(Javalin app) {
        this.app = app;
    }

    /**
     * Binds {@code host:port} (port 0: ephemeral) and starts serving {@code groups}.
     *
     * @throws RuntimeException when the address cannot be bound
     */
    public static RestoreServiceServer start(String host, int port, HttpMetrics metrics, List<RouteGroup> groups) {
        return start(host, port, metrics, groups, new InFlightLimit(InFlightLimit.DEFAULT_MAX_IN_FLIGHT));
    }

    /** As {@link #start(String, int, HttpMetrics, List)}, shedding load beyond {@code limit}. */
    public static RestoreServiceServer start(String host, int port, HttpMetrics metrics, List<RouteGroup> groups,
                                             InFlightLimit limit) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(metrics, "metrics");
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = JSON;
            // Jetty builds a ~100 KB header-field trie per connection and keeps it while the connection lives; with
            // hundreds of keep-alive clients that was most of the live heap (bench/results/jobs.json) and made the
            // collector run often. The static cache of common header fields still applies.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            // the in-flight permit wraps all of Javalin, authentication included (see InFlightFilter)
            config.jetty.modifyServletContextHandler(context -> {
                context.addFilter(new FilterHolder(new InFlightFilter(limit)), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                context.setErrorHandler(new ContainerErrors());
            });
            // what Jetty refuses before Javalin sees it is answered with our JSON error body too
            config.jetty.modifyServer(server -> server.setErrorHandler(new ContainerErrors()));
            // remember the matched template for metrics; before/after filters are not routes
            config.router.handlerWrapper(endpoint -> ctx -> {
                if (endpoint.method.isHttpMethod()) {
                    ctx.attribute(ROUTE, endpoint.path);
                }
                endpoint.handler.handle(ctx);
            });
            // the first before-filter: every later one (authentication) runs only for requests that hold a permit
            config.routes.before(ctx -> beginRequest(ctx, limit));
            config.routes.exception(ApiError.class, (error, ctx) -> respond(ctx, error));
            config.routes.exception(HttpResponseException.class, RestoreServiceServer::routingError);
            config.routes.exception(Exception.class, RestoreServiceServer::unexpected);
            groups.forEach(group -> group.addTo(config.routes));
            config.requestLogger.http((ctx, millis) -> endRequest(ctx, millis, metrics));
        });
        app.start(host, port);
        return new RestoreServiceServer(app);
    }

    /**
     * Every route served, as {@code "GET /v1/health"}, in registration order (before-filters excluded). Read from
     * Javalin's router, the only place that knows them all; the OpenAPI check compares them with the document.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(handler -> handler.endpoint.method.isHttpMethod())
                .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path)
                .toList();
    }

    /** The bound port (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests and shuts Jetty down. Idempotent. */
    @Override
    public void close() {
        app.stop();
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The request id of the current request (set before any handler runs). */
    public static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID);
    }

    private static void beginRequest(Context ctx, InFlightLimit limit) {
        String id = RequestIds.accept(ctx.header(RequestIds.HEADER));
        ctx.attribute(REQUEST_ID, id);
        ctx.header(RequestIds.HEADER, id);
        ctx.contentType(JSON);
        MDC.put(RequestIds.MDC_KEY, id);
        if (Boolean.TRUE.equals(ctx.attribute(InFlightFilter.SHED))) {
            ctx.header("Retry-After", InFlightLimit.RETRY_AFTER_SECONDS);
            throw limit.overloaded();
        }
    }

    private static void respond(Context ctx, ApiError error) {
        if (error.getCause() != null) {
            // the cause's text stays here: the caller gets the stable message and the id to quote
            LOG.atWarn().setMessage("dependency failure while serving a request")
                    .addKeyValue("request_id", requestId(ctx))
                    .addKeyValue("error", error.error())
                    .addKeyValue("status", error.status())
                    .setCause(error.getCause()).log();
        }
        json(ctx, error.status(), ErrorBodies.withRequestId(ErrorBodies.render(error), requestId(ctx)));
    }

    /** Javalin signals "no such route" (404) and "no such method here" (405) with its own exceptions. */
    private static void routingError(HttpResponseException failure, Context ctx) {
        ApiError error = switch (failure.getStatus()) {
            case 404 -> ApiError.notFound("no route for " + ctx.method().name() + " " + ctx.path());
            case 405 -> ApiError.methodNotAllowed("method " + ctx.method().name() + " is not allowed on "
                    + ctx.path());
            // Javalin's own refusals: their text is Javalin's, so answer with the status's reason phrase only
            default -> {
                int status = failure.getStatus() >= 400 && failure.getStatus() <= 599 ? failure.getStatus() : 500;
                yield new ApiError(status, "http_error", null, HttpStatus.getMessage(status));
            }
        };
        respond(ctx, error);
    }

    private static void unexpected(Exception failure, Context ctx) {
        LOG.atError().setMessage("unhandled exception while serving a request")
                .addKeyValue("request_id", requestId(ctx))
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("path", ctx.path())
                .setCause(failure).log();
        json(ctx, 500, ErrorBodies.withRequestId(ErrorBodies.render(500, "internal_error", null, INTERNAL_MESSAGE),
                requestId(ctx)));
    }

    private static void endRequest(Context ctx, Float millis, HttpMetrics metrics) {
        try {
            int status = ctx.statusCode();
            String route = ctx.attribute(ROUTE);
            double duration = millis == null ? 0 : millis;
            metrics.record(ctx.method().name(), route, status, Duration.ofNanos((long) (duration * 1_000_000)));
            ACCESS.atInfo().setMessage("http request")
                    .addKeyValue("method", ctx.method().name())
                    .addKeyValue("path", ctx.path())
                    .addKeyValue("route", route == null ? HttpMetrics.UNMATCHED : route)
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", Math.round(duration * 1000) / 1000.0)
                    .addKeyValue("request_id", requestId(ctx)).log();
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
