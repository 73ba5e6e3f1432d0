package io.rezilient.restore.service.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code http_server_requests}-style timer, exported as {@code rez_http_server_requests_seconds_*}: one series
 * per method, route template (never the raw path, which would let callers mint series) and status.
 */
public final class HttpMetrics {
    public static final String NAME = "rez.http.server.requests";
    /** Route tag of requests that matched no route (404/405), so junk paths cannot grow the series count. */
    public static final String UNMATCHED = "UNMATCHED";

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public void record(String method, String route, int status, Duration duration) {
        Timer.builder(NAME)
                .description("HTTP requests served by the restore service")
                .tag("method", method)
                .tag("route", route == null ? UNMATCHED : route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(duration);
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        return status >= 300 ? "REDIRECTION" : "SUCCESS";
    }
}
