package io.rezilient.restore.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The restore service's HTTP API as the agent uses it: claims, commits, execution and plan reads, finalize, rollback. The token
 * is asked for on every request, so a token file an operator refreshes is picked up without a restart. Errors the
 * service answers are returned as {@link ServiceAnswer}s (the caller decides what a 409 means); only a transport
 * failure throws.
 */
public final class RestoreServiceClient {
    /** An artifact of a large restore is hundreds of megabytes. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final Supplier<String> token;
    private final HttpClient http;

    public RestoreServiceClient(URI base, Supplier<String> token) {
        this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** A client sending its requests through {@code http} (the execute benchmark passes one that times them). */
    public RestoreServiceClient(URI base, Supplier<String> token, HttpClient http) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
    }

    public ServiceAnswer job(String jobId) {
        return get("/v1/jobs/" + encode(jobId));
    }

    /** The running jobs of the token's scope, oldest first. */
    public ServiceAnswer runningJobs() {
        return get("/v1/jobs?status=running&limit=100");
    }

    public ServiceAnswer execution(String jobId) {
        return get("/v1/jobs/" + encode(jobId) + "/execution");
    }

    /** The rows the next claim would take: after the checkpoint, or after {@code afterClaimId} while it is held. */
    public ServiceAnswer nextRows(String jobId, int maxRows, Optional<String> afterClaimId) {
        return get("/v1/jobs/" + encode(jobId) + "/execute-batches/next?max_rows=" + maxRows
                + afterClaimId.map(claimId -> "&after_claim_id=" + encode(claimId)).orElse(""));
    }

    public ServiceAnswer claim(String jobId, JsonNode body) {
        return post("/v1/jobs/" + encode(jobId) + "/execute-batches/claim", body);
    }

    /**
     * Commits a claim. The answer's checkpoint lists the attempts of the claim's rows only ({@code row_attempts=
     * claimed}): the full map grows with every row of the execution, and the agent reads nothing from it.
     */
    public ServiceAnswer commit(String jobId, JsonNode body) {
        return post("/v1/jobs/" + encode(jobId) + "/execute-batches/commit?row_attempts=claimed", body);
    }

    public ServiceAnswer rollbackJournal(String jobId) {
        return get("/v1/jobs/" + encode(jobId) + "/rollback-journal");
    }

    public ServiceAnswer rollback(String jobId, JsonNode body) {
        return post("/v1/jobs/" + encode(jobId) + "/rollback", body);
    }

    public ServiceAnswer targetReconciliation(String planId) {
        return get("/v1/plans/" + encode(planId) + "/target-reconciliation");
    }

    public ServiceAnswer finalizePlan(String planId, JsonNode body) {
        return post("/v1/plans/" + encode(planId) + "/target-reconciliation/finalize", body);
    }

    public ServiceAnswer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET());
    }

    public ServiceAnswer post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(base.resolve(base.getPath() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)));
    }

    /**
     * GETs {@code path} into {@code file} as bytes (an evidence artifact, byte for byte); a non-200 answer leaves no
     * file and is returned with its JSON error body.
     */
    public ServiceAnswer download(String path, java.nio.file.Path file) {
        HttpRequest built = HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET()
                .timeout(DOWNLOAD_TIMEOUT).header("authorization", "Bearer " + token.get()).build();
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() == 200) {
                    java.nio.file.Files.copy(body, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return new ServiceAnswer(200, null);
                }
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                JsonNode error;
                try {
                    error = text.isEmpty() ? null : Json.parse(text);
                } catch (RuntimeException notJson) {
                    error = null;
                }
                return new ServiceAnswer(response.statusCode(), error);
            }
        } catch (IOException failed) {
            throw new ServiceUnreachableException("GET " + built.uri() + " failed: " + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException("GET " + built.uri() + " interrupted", interrupted);
        }
    }

    private ServiceAnswer send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).header("authorization", "Bearer " + token.get()).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException failed) {
            throw new ServiceUnreachableException(built.method() + " " + built.uri() + " failed: "
                    + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException(built.method() + " " + built.uri() + " interrupted", interrupted);
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? null : Json.parse(response.body());
        } catch (RuntimeException notJson) {
            body = null;
        }
        return new ServiceAnswer(response.statusCode(), body);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
