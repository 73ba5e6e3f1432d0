package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Renders error bodies. Every error carries the reference's fields ({@code error}, {@code reason_code} when there
 * is one, {@code message}) for compatibility, and the RFC 9457 problem fields ({@code type}, {@code title},
 * {@code status}, {@code detail}) for generic clients. The content type stays {@code application/json}, as the
 * reference answers, rather than {@code application/problem+json} (deviation S5).
 */
public final class ErrorBodies {
    /** Problem types are URNs: stable identifiers that do not pretend to be documentation links. */
    public static final String TYPE_PREFIX = "urn:rezilient:restore:error:";

    private ErrorBodies() {
    }

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
}
