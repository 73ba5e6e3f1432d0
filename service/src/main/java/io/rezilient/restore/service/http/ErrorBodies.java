package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Renders error bodies. Every error carries the reference's fields ({@code error}, {@code reason_code} when there
 * is one, {@code message}) for compatibility, and the RFC 9457 problem fields ({@code type}, {@code title},
 * {@code status}, {@code detail}) for generic clients, and our {@code request_id}. The content type stays
 * {@code application/json}, as the reference answers, rather than {@code application/problem+json} (deviation S5).
 */
public final class ErrorBodies {
    /** Problem types are URNs: stable identifiers that do not pretend to be documentation links. */
    public static final String TYPE_PREFIX = "urn:rezilient:restore:error:";

    private ErrorBodies() {
    }

    /** Ours: the id the caller can quote to an operator, who finds every log line of the request under it. */
    public static final String REQUEST_ID = "request_id";

    public static ObjectNode render(ApiError error) {
        ObjectNode body = render(error.status(), error.error(), error.reasonCode(), error.getMessage());
        body.setAll(error.extras());
        return body;
    }

    public static ObjectNode render(int status, String error, String reasonCode, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error);
        if (reasonCode != null) {
            body.put("reason_code", reasonCode);
        }
        body.put("message", message);
        body.put("type", TYPE_PREFIX + error);
        body.put("title", HttpStatus.getMessage(status));
        body.put("status", status);
        body.put("detail", message);
        return body;
    }

    /** {@code body} with the request's id added (every error the server answers carries it). */
    public static ObjectNode withRequestId(ObjectNode body, String requestId) {
        if (requestId != null) {
            body.put(REQUEST_ID, requestId);
        }
        return body;
    }
}
