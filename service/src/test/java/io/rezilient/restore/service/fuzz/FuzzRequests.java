package io.rezilient.restore.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one served route into one hostile HTTP/1.1 request. Each request attacks one part ({@link Focus}): a path
 * whose ids are nasty (percent-encoded, raw or broken), a query, a body built from the route's OpenAPI schema and then
 * mutated (or not JSON, or not UTF-8), the bearer or admin token, the headers and body framing, or the request line.
 * The other parts stay honest, because a request that fails on its first defect tests nothing behind it.
 */
final class FuzzRequests {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final List<String> OTHER_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "HEAD", "TRACE", "FOO", "get", "M-SEARCH");
    /** Path segments no encoder would produce: broken escapes, invalid UTF-8, encoded separators. */
    private static final List<String> RAW_SEGMENTS = List.of("%zz", "%", "%4", "%C3%28", "%FF", "%C0%AF",
            "%ED%A0%80", "%F4%90%80%80", "%00", "%0a", "%2F", "%2f..%2f", "%2e%2e", "..", ".", "a%20b", "%20",
            "%E2%80%A8", ";x", "a;b=c", "%3B", "~", "*", "x".repeat(3_000), "%41".repeat(800), "");

    private final JsonNode document;
    private final Map<String, String> knownIds;
    private final Map<String, JsonNode> hints;
    private final String adminToken;
    private final String tokenSecret;
    private final io.rezilient.restore.service.auth.ResourceScope scope;
    private final java.time.Instant now;

    /** A request, its bytes and a readable form for failure reports. */
    record FuzzRequest(String route, String method, String target, byte[] bytes, boolean head) {
        String describe() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            StringBuilder shown = new StringBuilder();
            for (char c : (text.length() > 1500 ? text.substring(0, 1500) + "…(" + text.length() + " bytes)"
                    : text).toCharArray()) {
                shown.append(c == '\r' ? "\\r" : c == '\n' ? "\\n\n    " : c < 0x20 || c > 0x7e
                        ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return shown.toString();
        }
    }

    FuzzRequests(JsonNode document, Map<String, String> knownIds, Map<String, JsonNode> hints, String adminToken,
                 String tokenSecret, io.rezilient.restore.service.auth.ResourceScope scope, java.time.Instant now) {
        this.document = document;
        this.knownIds = knownIds;
        this.hints = hints;
        this.adminToken = adminToken;
        this.tokenSecret = tokenSecret;
        this.scope = scope;
        this.now = now;
    }

    /**
     * The part of a request a fuzz case attacks. The other parts stay honest — a valid token, a real id, a
     * schema-shaped body — so that the attack reaches the code behind them instead of failing at the first check.
     */
    enum Focus { PATH, QUERY, BODY, TOKEN, HEADERS, REQUEST_LINE }

    private static final List<Focus> FOCUS_WEIGHTS = List.of(Focus.PATH, Focus.PATH, Focus.QUERY, Focus.BODY,
            Focus.BODY, Focus.BODY, Focus.TOKEN, Focus.TOKEN, Focus.HEADERS, Focus.REQUEST_LINE);

    /** The request for route {@code "POST /v1/jobs/{job_id}/complete"}, fully determined by {@code values}. */
    FuzzRequest build(String route, FuzzValues values) {
        Focus focus = values.pick(FOCUS_WEIGHTS);
        String[] methodAndPath = route.split(" ", 2);
        String method = focus == Focus.REQUEST_LINE && values.chance(0.6) ? values.pick(OTHER_METHODS)
                : methodAndPath[0];
        String template = methodAndPath[1];
        String target = path(template, focus == Focus.PATH, values) + (focus == Focus.QUERY ? query(values) : "");
        boolean admin = template.startsWith("/v1/admin/");
        FuzzTokens tokens = new FuzzTokens(tokenSecret, scope, now, values);
        boolean hostileHeaders = focus == Focus.HEADERS;

        List<String> headers = new ArrayList<>();
        if (!hostileHeaders || values.chance(0.8)) {
            headers.add("Host: 127.0.0.1");
        } else {
            headers.add(values.pick(List.of("Host: ", "Host: a\u0000b", "Host: 127.0.0.1\r\nHost: other")));
        }
        if (focus == Focus.TOKEN) {
            if (admin && values.chance(0.3)) {
                headers.add("x-rezilient-admin-token: " + values.shortString());
            } else if (values.chance(0.95)) {
                headers.add("Authorization: " + tokens.authorization(admin));
            }
        } else if (admin && values.chance(0.5)) {
            headers.add("x-rezilient-admin-token: " + adminToken);
        } else {
            headers.add("Authorization: Bearer " + tokens.valid(admin));
        }
        if (hostileHeaders && values.chance(0.5)) {
            headers.add("x-request-id: " + values.shortString());
        }
        if (hostileHeaders && values.chance(0.5)) {
            headers.add(hostileHeader(values));
        }

        byte[] body = new byte[0];
        JsonNode schema = SchemaInstances.requestSchema(document, methodAndPath[0], template);
        if (schema != null || (focus == Focus.BODY && values.chance(0.3))) {
            body = body(schema, focus == Focus.BODY, values);
            headers.add("Content-Type: " + (!hostileHeaders || values.chance(0.5) ? "application/json"
                    : values.pick(List.of("text/plain", "application/json; charset=latin1", "multipart/form-data",
                    "application/x-www-form-urlencoded", ""))));
        }
        headers.add("Connection: close");

        String version = focus == Focus.REQUEST_LINE && values.chance(0.5) ? values.pick(List.of("HTTP/1.0",
                "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTPS/1.1", "HTTP/1.1 extra", "")) : "HTTP/1.1";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " " + target + " " + version + "\r\n");
        for (String header : headers) {
            write(out, header + "\r\n");
        }
        framedBody(out, body, hostileHeaders, values);
        return new FuzzRequest(route, method, target, out.toByteArray(), "HEAD".equals(method));
    }

    private String path(String template, boolean hostile, FuzzValues values) {
        Matcher param = PARAM.matcher(template);
        StringBuilder path = new StringBuilder();
        while (param.find()) {
            String known = knownIds.get(param.group(1));
            String id;
            if (known != null && (!hostile || values.chance(0.1))) {
                id = known;
            } else if (values.chance(0.35)) {
                id = values.pick(RAW_SEGMENTS);
            } else {
                id = percentEncode(values.shortString(), values.chance(0.3));
            }
            param.appendReplacement(path, Matcher.quoteReplacement(id));
        }
        param.appendTail(path);
        return path.toString();
    }

    private static String query(FuzzValues values) {
        String key = values.pick(List.of("limit", "status", "cursor", "dry_run", "x", "%zz", ""));
        String value = values.chance(0.5) ? values.pick(List.of("-1", "0", "501", "1e3", "99999999999999999999",
                "queued", "QUEUED", "%00", "%FF", "", "a&limit=2")) : percentEncode(values.shortString(), false);
        return "?" + key + "=" + value + (values.chance(0.2) ? "&" + key + "=" + value : "");
    }

    /** Percent-encodes every byte outside unreserved ASCII; {@code raw} leaves non-ASCII bytes unencoded. */
    private static String percentEncode(String text, boolean raw) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : FuzzJson.bytes(text)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
                    || (raw && c >= 0x80)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static String hostileHeader(FuzzValues values) {
        return switch (values.random().nextInt(7)) {
            case 0 -> "X-Big: " + "b".repeat(values.pick(List.of(4_000, 9_000)));
            case 1 -> "Bad Header: x";
            case 2 -> "X-Control: a\u0000b\u0001";
            case 3 -> "X-Fold: a\r\n continued";
            case 4 -> "no colon here";
            case 5 -> "X-Latin: \u00e9\u00ff";
            default -> "Expect: " + values.pick(List.of("100-continue", "nonsense"));
        };
    }

    private byte[] body(JsonNode schema, boolean hostile, FuzzValues values) {
        if (schema == null || (hostile && values.chance(0.15))) {
            return textBody(values);
        }
        JsonNode instance = new SchemaInstances(document, hints, values).instance(schema);
        int mutations = !hostile || values.chance(0.1) ? 0 : 1 + values.random().nextInt(3);
        for (int i = 0; i < mutations; i++) {
            instance = mutate(instance, values);
        }
        String json = !hostile || values.chance(0.8) ? FuzzJson.escaped(instance) : FuzzJson.raw(instance);
        if (hostile && values.chance(0.1)) {
            json = textMutation(json, values);
        }
        return FuzzJson.bytes(json);
    }

    private static byte[] textBody(FuzzValues values) {
        return switch (values.random().nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> "   \n".getBytes(StandardCharsets.US_ASCII);
            case 2 -> FuzzJson.bytes(values.pick(List.of("[]", "42", "null", "\"x\"", "true", "{", "}", "{]",
                    "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1}x", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":1,}")));
            case 3 -> new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
            case 4 -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            case 5 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
            case 6 -> FuzzJson.bytes(FuzzJson.escaped(
                    FuzzValues.nested(500 + values.random().nextInt(FuzzValues.MAX_NESTING - 500))));
            case 7 -> FuzzJson.bytes("{\"a\":\"" + "\\u0000".repeat(10) + "\"}");
            case 8 -> ("{\"x\":\"" + "p".repeat(ServiceFuzzIT.BODY_CAP) + "\"}").getBytes(StandardCharsets.US_ASCII);
            default -> FuzzJson.bytes(values.randomString(values.random().nextInt(64)));
        };
    }

    /** One structural change somewhere in the tree: a value replaced, a key removed or added, a type changed. */
    private static JsonNode mutate(JsonNode root, FuzzValues values) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty() || values.chance(0.03)) {
            return values.value();
        }
        JsonNode container = values.pick(containers);
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int op = values.random().nextInt(5);
            if (names.isEmpty() || op == 0) {
                object.set(values.shortString(), values.value());
            } else if (op == 1) {
                object.remove(values.pick(names));
            } else {
                object.set(values.pick(names), values.value());
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || values.chance(0.3)) {
                array.add(values.value());
            } else {
                array.set(values.random().nextInt(array.size()), values.value());
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode() && containers.size() < 500) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    /** Breaks the text: cut short, a duplicate key, trailing garbage, a raw byte where none belongs. */
    private static String textMutation(String json, FuzzValues values) {
        return switch (values.random().nextInt(4)) {
            case 0 -> json.substring(0, values.random().nextInt(Math.max(1, json.length())));
            case 1 -> json.startsWith("{\"") ? json.replaceFirst("^\\{(\"[^\"]*\":[^,}]*)", "{$1,$1") : json;
            case 2 -> json + values.pick(List.of("x", "{}", ",", "\u0000", " /* */"));
            default -> {
                int at = values.random().nextInt(Math.max(1, json.length()));
                yield json.substring(0, at) + values.pick(List.of("\u0000", "\u0001", "\ud800", "\"", "\\"))
                        + json.substring(at);
            }
        };
    }

    private static void framedBody(ByteArrayOutputStream out, byte[] body, boolean hostile, FuzzValues values) {
        int framing = hostile ? values.random().nextInt(8) : 99;
        if (framing == 0 && body.length > 0) {
            write(out, "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n");
            out.writeBytes(body);
            write(out, "\r\n0\r\n\r\n");
        } else if (framing == 1) {
            write(out, "Transfer-Encoding: chunked\r\n\r\nZZ\r\n"); // not a chunk size: refused at once
        } else if (framing == 2) {
            write(out, "Content-Length: " + values.pick(List.of("-1", "abc", "1e3", "99999999999999999999",
                    "5, 6")) + "\r\n\r\n");
            out.writeBytes(body);
        } else if (framing == 3 && body.length > 1) {
            write(out, "Content-Length: " + (body.length / 2) + "\r\n\r\n");
            out.writeBytes(body); // the rest is a second request the server must not mistake for this one
        } else {
            write(out, "Content-Length: " + body.length + "\r\n\r\n");
            out.writeBytes(body);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(FuzzJson.bytes(text));
    }
}
