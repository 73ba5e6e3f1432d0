package io.rezilient.restore.service.http;

import io.rezilient.restore.contracts.json.Json;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The answers Jetty gives on its own, before a request reaches Javalin — a request line, URI, header or framing it
 * cannot parse (400), headers or a URI too large (431, 414), an unsupported expectation or version — rendered as
 * our JSON error body instead of Jetty's HTML page, and with the same request id header as every other answer.
 *
 * <p>The message is ours, chosen by status: Jetty's own reason ("Illegal character EOL=0xa", or an exception's
 * {@code toString()} when it has none) is logged with the request id, never answered. An HTTP version Jetty does not
 * speak is the caller's error, so its 505 is answered as 400: a malformed request never gets a 5xx (deviation S52).
 */
final class ContainerErrors extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerErrors.class);

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets a body; Jetty's default is only GET, POST and HEAD
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException refusal) {
            status = refusal.getCode();
        }
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 || status < 400) {
            status = HttpStatus.BAD_REQUEST_400;
        }
        String requestId = RequestIds.accept(request.getHeaders().get(RequestIds.HEADER));
        LOG.atInfo().setMessage("http request refused by the HTTP container")
                .addKeyValue("request_id", requestId)
                .addKeyValue("status", status)
                .addKeyValue("reason", String.valueOf(request.getAttribute(ERROR_MESSAGE)))
                .addKeyValue("cause", cause == null ? null : cause.toString()).log();
        response.setStatus(status);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, RestoreServiceServer.JSON);
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        String error = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        byte[] body = Json.write(ErrorBodies.withRequestId(ErrorBodies.render(status, error, null, message(status)),
                requestId)).getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String message(int status) {
        return switch (status) {
            case HttpStatus.BAD_REQUEST_400 -> "the request is not well-formed HTTP/1.1 (request line, URI, header or "
                    + "body framing)";
            case HttpStatus.URI_TOO_LONG_414 -> "the request URI is too long";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "the request headers are too large";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "the request is too large";
            case HttpStatus.EXPECTATION_FAILED_417 -> "the request's Expect header cannot be met";
            default -> HttpStatus.getMessage(status);
        };
    }
}
