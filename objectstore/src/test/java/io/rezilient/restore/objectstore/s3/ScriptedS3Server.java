package io.rezilient.restore.objectstore.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on a loopback port that answers S3 requests from a script, and records every
 * request it got. It lets tests put real 503s, throttling and hangs on the wire, which an S3 server
 * cannot be asked to do.
 */
final class ScriptedS3Server implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, Map<String, String> query, byte[] body, Map<String, String> headers) {
        String bodyText() {
            return new String(body, UTF_8);
        }
    }

    /** One scripted answer. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        static Reply error(int status, String code) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>scripted "
                    + code + "</Message><RequestId>r1</RequestId></Error>";
            return new Reply(status, Map.of("Content-Type", "application/xml"), xml.getBytes(UTF_8));
        }

        static Reply object(String contentType, String body) {
            return new Reply(200, Map.of("Content-Type", contentType, "ETag", "\"e1\""), body.getBytes(UTF_8));
        }

        static Reply stored() {
            return new Reply(200, Map.of("ETag", "\"e1\""), new byte[0]);
        }

        static Reply xml(String xml) {
            return new Reply(200, Map.of("Content-Type", "application/xml"), xml.getBytes(UTF_8));
        }
    }

    /** Decides the answer to the {@code index}-th request (0-based). */
    @FunctionalInterface
    interface Responder {
        Reply answer(Request request, int index) throws Exception;
    }

    private final HttpServer http;
    private final ExecutorService threads;
    private final List<Request> requests = new ArrayList<>();

    private ScriptedS3Server(HttpServer http, ExecutorService threads) {
        this.http = http;
        this.threads = threads;
    }

    /** Answers request i with {@code replies[i]}, and every later request with the last reply. */
    static ScriptedS3Server replying(Reply... replies) throws IOException {
        return start((request, index) -> replies[Math.min(index, replies.length - 1)]);
    }

    static ScriptedS3Server start(Responder responder) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A thread per request: a scripted hang must not block the retry that follows it.
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        ScriptedS3Server server = new ScriptedS3Server(http, threads);
        http.setExecutor(threads);
        http.createContext("/", exchange -> server.handle(exchange, responder));
        http.start();
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, Responder responder) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), in.readAllBytes(), headers);
            int index;
            synchronized (this) {
                index = requests.size();
                requests.add(request);
            }
            Reply reply;
            try {
                reply = responder.answer(request, index);
            } catch (Exception e) {
                reply = Reply.error(500, "ScriptFailed");
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            boolean head = "HEAD".equals(request.method());
            exchange.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
            if (!head && reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
            query.put(name, value);
        }
        return query;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
