package io.rezilient.restore.service.http;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: a caller's {@code x-request-id} is kept when it is short and made of safe characters (so it can be
 * logged and echoed without header or log injection); otherwise the service makes one up.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    /** The MDC key under which every log line of a request carries its id. */
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when sane, else a fresh {@code req_<uuid>}. */
    public static String accept(String incoming) {
        if (incoming != null && SANE.matcher(incoming).matches()) {
            return incoming;
        }
        return "req_" + UUID.randomUUID();
    }
}
