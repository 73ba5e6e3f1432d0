package io.rezilient.restore.indexer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rezilient.restore.indexer.config.MetricsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text exposition format 0.0.4), {@code GET /healthz} (JSON,
 * {@link Health}) and {@code GET /readyz} (JSON, {@link Readiness}). Any other path answers 404 and any other method 405, both with a JSON {@code {error, message}}
 * body. One daemon thread handles requests: scrapes and probes are rare and cheap, and a slow client must not be able
 * to spawn threads in the indexer.
 */
public final class MetricsHttpServer implements AutoCloseable {
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<String> scrape;
    private final Supplier<Health> health;
    private final Supplier<Readiness> readiness;

    private MetricsHttpServer(HttpServer server, ExecutorService executor, Supplier<String> scrape,
                              Supplier<Health> health, Supplier<Readiness> readiness) {
        this.server = server;
        this.executor = executor;
        this.scrape = scrape;
        this.health = health;
        this.readiness = readiness;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (port taken, address not local): the start fails
     */
    public static MetricsHttpServer start(MetricsEndpoint endpoint, Supplier<String> scrape, Supplier<Health> health) {
        return start(endpoint, scrape, health, () -> Readiness.READY);
    }

    /** As {@link #start(MetricsEndpoint, Supplier, Supplier)}, also serving {@code GET /readyz}. */
    public static MetricsHttpServer start(MetricsEndpoint endpoint, Supplier<String> scrape, Supplier<Health> health,
                                          Supplier<Readiness> readiness) {
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(health, "health");
        HttpServer server;
        try {
            server = HttpServer.create(endpoint.socketAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve indexer metrics on " + endpoint.bind().getHostAddress()
                    + ":" + endpoint.port() + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rez-indexer-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        MetricsHttpServer http = new MetricsHttpServer(server, executor, scrape, health, readiness);
        server.createContext("/", http::handle);
        server.setExecutor(executor);
        server.start();
        return http;
    }

    /** The bound address; its port is the one chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException failure) {
                // without an answer the JDK server just drops the connection; say what went wrong instead
                LOG.warn("restore-indexer metrics request failed: {}", failure.toString());
                error(exchange, 500, "internal_error", String.valueOf(failure.getMessage()));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/metrics") && !path.equals("/healthz") && !path.equals("/readyz")) {
            error(exchange, 404, "not_found", "no such path: " + path + " (try /metrics, /healthz or /readyz)");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            error(exchange, 405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed on " + path
                    + "; use GET");
            return;
        }
        if (path.equals("/metrics")) {
            send(exchange, 200, PROMETHEUS_CONTENT_TYPE, scrape.get());
        } else if (path.equals("/readyz")) {
            Readiness current = readiness.get();
            send(exchange, current.httpStatus(), JSON, json(current.fields()));
        } else {
            Health current = health.get();
            send(exchange, current.httpStatus(), JSON, json(current.fields()));
        }
    }

    private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        send(exchange, status, JSON, json(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(Map<String, Object> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + fields.keySet() + " as JSON", e);
        }
    }
}
