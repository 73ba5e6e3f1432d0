package io.rezilient.restore.service.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.config.AcpEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The auth control plane's internal resolve API (service-spec §2.4): {@code POST
 * {base}/v1/internal/source-mapping/resolve} with the internal token. Every failure is an {@link
 * SourceResolution.Outage} carrying the reference's message; only the ACP's explicit
 * {@code tenant_instance_mapping_not_found} is a {@link SourceResolution.NotFound}.
 */
public final class AcpSourceRegistry implements SourceRegistry {
    public static final String RESOLVE_PATH = "/v1/internal/source-mapping/resolve";
    public static final String TOKEN_HEADER = "x-rezilient-internal-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI resolveUri;
    private final String internalToken;
    private final Duration timeout;
    private final HttpClient client;

    public AcpSourceRegistry(AcpEndpoint endpoint, Duration timeout) {
        this(endpoint, timeout, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).build());
    }

    AcpSourceRegistry(AcpEndpoint endpoint, Duration timeout, HttpClient client) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the ACP request timeout must be positive, got " + timeout);
        }
        this.resolveUri = URI.create(endpoint.baseUrl().toString().replaceAll("/+$", "") + RESOLVE_PATH);
        this.internalToken = endpoint.internalToken();
        this.timeout = timeout;
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public SourceResolution resolve(String tenantId, String instanceId, String serviceScope) {
        ObjectNode body = JSON.createObjectNode().put("tenant_id", tenantId).put("instance_id", instanceId)
                .put("service_scope", serviceScope);
        HttpRequest request = HttpRequest.newBuilder(resolveUri)
                .timeout(timeout)
                .header(TOKEN_HEADER, internalToken)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = exchange(request);
        } catch (TimeoutException e) {
            return timedOut();
        } catch (IOException e) {
            return e instanceof HttpTimeoutException ? timedOut()
                    : SourceResolution.Outage.of("ACP request failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SourceResolution.Outage.of("ACP request failed: interrupted");
        }
        return AcpResolveResponse.map(response.statusCode(), response.body(), serviceScope);
    }

    /**
     * The request's own timeout only covers the wait for the response headers; waiting on the future with the same
     * bound also covers a slow body, so no call outlives {@code RRS_ACP_REQUEST_TIMEOUT_MS} by much.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request)
            throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(describe(cause), cause);
        }
    }

    private SourceResolution.Outage timedOut() {
        return new SourceResolution.Outage("ACP request timed out after " + timeout.toMillis() + "ms",
                OptionalInt.empty());
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null || failure.getMessage().isBlank()
                ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** Exposed for {@link AcpResolveResponse}: the reason code of an error body, if it has one. */
    static String reasonCode(byte[] body) {
        try {
            JsonNode parsed = JSON.readTree(body);
            JsonNode reason = parsed == null ? null : parsed.get("reason_code");
            return reason != null && reason.isTextual() ? reason.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parse(byte[] body) throws IOException {
        return JSON.readTree(body);
    }
}
