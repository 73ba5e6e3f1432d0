package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A request that fails with a client-visible error. Handlers (and the body reader) throw it; the server renders it
 * with {@link ErrorBodies} as {@code {"error","reason_code"?,"message"}} (service-spec §3.1) plus the RFC 9457 fields
 * and the request id. Carries no stack trace of its own: it is an answer, not a bug.
 *
 * <p>The message is always written for the caller. When a dependency failed, {@link #unavailable} keeps the failure
 * as the cause, which the server logs with the request id and never renders: exception text can quote SQL, hosts,
 * constraint names or the caller's own data, none of which belongs in a response.
 *
 * @see ErrorBodies
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final String reasonCode;
    private final ObjectNode extras = JsonNodeFactory.instance.objectNode();

    public ApiError(int status, String error, String reasonCode, String message) {
        this(status, error, reasonCode, message, null);
    }

    private ApiError(int status, String error, String reasonCode, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.reasonCode = reasonCode;
    }

    /**
     * A dependency (database, object store, registry) failed: {@code 5xx} with a stable {@code message}; the
     * {@code cause} is logged with the request id by the server, never rendered.
     */
    public static ApiError unavailable(int status, String error, String reasonCode, String message, Throwable cause) {
        if (status < 500) {
            throw new IllegalArgumentException("an unavailable dependency is a 5xx, got " + status);
        }
        return new ApiError(status, error, reasonCode, message, Objects.requireNonNull(cause, "cause"));
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", null, message);
    }

    /** A validation failure (zod in the reference): {@code 400 invalid_request}. */
    public static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request", null, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", null, message);
    }

    public static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "method_not_allowed", null, message);
    }

    public static ApiError payloadTooLarge(long maxBytes) {
        return new ApiError(413, "payload_too_large", "request_body_too_large",
                "request body exceeds " + maxBytes + " bytes");
    }

    /**
     * Adds an endpoint-specific field to the body (e.g. {@code freshness_unknown_detail},
     * {@code requested_record_count}), written after the standard fields.
     */
    public ApiError with(String field, JsonNode value) {
        extras.set(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public ApiError with(String field, String value) {
        return with(field, JsonNodeFactory.instance.textNode(value));
    }

    public ApiError with(String field, long value) {
        return with(field, JsonNodeFactory.instance.numberNode(value));
    }

    /** The endpoint-specific fields, in the order they were added. */
    public ObjectNode extras() {
        return extras.deepCopy();
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The reason code, or null when the error has none. */
    public String reasonCode() {
        return reasonCode;
    }
}
