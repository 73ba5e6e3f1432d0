package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split into its parts, before anything is trusted (RFC 7515 §7.1).
 *
 * @param signingInput the bytes the signature covers: {@code "{header}.{payload}"} as received
 */
record Jwt(ObjectNodeView header, ObjectNodeView payload, byte[] signingInput, byte[] signature) {

    /** Duplicate member names are refused: two parsers picking different values is how claim smuggling starts. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    static final Base64.Encoder BASE64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** Splits and decodes; any structural problem is {@code denied_token_malformed}, as in the reference. */
    static Jwt parse(String compact) {
        String[] segments = compact.split("\\.", -1);
        if (segments.length != 3) {
            throw TokenRejectedException.malformed("token must have three segments, has " + segments.length);
        }
        ObjectNodeView header = jsonObject(segments[0], "header");
        ObjectNodeView payload = jsonObject(segments[1], "payload");
        byte[] signature = decode(segments[2], "signature");
        byte[] signingInput = (segments[0] + "." + segments[1]).getBytes(StandardCharsets.US_ASCII);
        return new Jwt(header, payload, signingInput, signature);
    }

    private static ObjectNodeView jsonObject(String segment, String what) {
        byte[] bytes = decode(segment, what);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw TokenRejectedException.malformed("token " + what + " is not a JSON object");
            }
            return new ObjectNodeView(node);
        } catch (IOException e) {
            throw TokenRejectedException.malformed("token " + what + " is not valid JSON");
        }
    }

    private static byte[] decode(String segment, String what) {
        // The JDK's URL decoder tolerates '=' padding; JWS segments never carry it, so refuse it explicitly.
        if (segment.indexOf('=') >= 0) {
            throw TokenRejectedException.malformed("token " + what + " is not base64url");
        }
        try {
            return BASE64URL.decode(segment);
        } catch (IllegalArgumentException e) {
            throw TokenRejectedException.malformed("token " + what + " is not base64url");
        }
    }

    /** A read-only JSON object; keeps Jackson's mutable node types out of the records that travel further. */
    record ObjectNodeView(JsonNode node) {
        boolean has(String name) {
            return node.has(name);
        }

        JsonNode get(String name) {
            return node.get(name);
        }
    }
}
