package io.rezilient.restore.service.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.contracts.validation.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The strict request-body reader of every POST route (service-spec §3.1):
 * <ul>
 *   <li>streamed with a cap: a {@code Content-Length} above it is refused before reading, a chunked body as soon as
 *       it passes the cap (413 {@code payload_too_large}/{@code request_body_too_large});</li>
 *   <li>an empty or whitespace-only body is {@code {}};</li>
 *   <li>malformed JSON, trailing content, or a duplicate key → 400 {@code bad_request} (the reference keeps the
 *       last duplicate; we refuse ambiguity, deviation S4);</li>
 *   <li>a JSON value that is not an object (42, null, [], "x") → 400 {@code invalid_request} (the reference
 *       answers 500, deviation S1);</li>
 *   <li>bytes that are not UTF-8 → 400 {@code bad_request}; a string or member name anywhere in the body that is
 *       not storable text ({@link InputText#textProblem}: NUL and other control characters, unpaired surrogates) →
 *       400 {@code invalid_request} naming where it is (deviation S51).</li>
 * </ul>
 * {@link #read(Context, Schema)} then validates with a contracts schema, mapping the first issue to 400
 * {@code invalid_request} with the issue's message, as the reference maps zod's.
 */
public final class JsonBody {
    public static final String MALFORMED = "malformed JSON in request body";
    public static final String NOT_UTF8 = "request body is not valid UTF-8";
    private static final int CHUNK = 8192;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final long maxBytes;

    /** @param maxBytes {@code RRS_MAX_JSON_BODY_BYTES} */
    public JsonBody(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The body as a JSON object, or an {@link ApiError} as described above. */
    public ObjectNode readObject(Context ctx) {
        long announced = ctx.req().getContentLengthLong();
        if (announced > maxBytes) {
            throw ApiError.payloadTooLarge(maxBytes);
        }
        byte[] bytes;
        try {
            bytes = readCapped(ctx.req().getInputStream());
        } catch (IOException e) {
            // the client went away or sent a broken chunked stream: its problem, not an internal error
            throw ApiError.badRequest("could not read request body");
        }
        return parseObject(bytes);
    }

    /** Reads the body and validates it with {@code schema}; returns the schema's parsed (normalised) value. */
    public JsonNode read(Context ctx, Schema schema) {
        return validate(readObject(ctx), schema);
    }

    /**
     * Validates an already-parsed value; the first issue becomes 400 {@code invalid_request}, its message prefixed
     * by where it is (e.g. {@code lock_scope_tables[0]: …}) unless it concerns the whole body.
     */
    public static JsonNode validate(JsonNode body, Schema schema) {
        ParseResult result = schema.parse(body);
        if (!result.isValid()) {
            Issue first = result.firstIssue().orElseThrow();
            throw ApiError.invalidRequest(first.path().isEmpty() ? first.message() : first.describe());
        }
        return result.value();
    }

    /** Parses bytes already known to be within the cap (exposed for tests and non-HTTP callers). */
    public static ObjectNode parseObject(byte[] bytes) {
        String text = utf8(bytes);
        if (text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed;
        try {
            parsed = STRICT.readTree(text);
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw ApiError.badRequest("duplicate key in request body: " + duplicateName(e.getOriginalMessage()));
            }
            throw ApiError.badRequest(MALFORMED);
        } catch (IOException e) {
            throw ApiError.badRequest(MALFORMED);
        }
        if (parsed == null || !parsed.isObject()) {
            throw ApiError.invalidRequest("request body must be a JSON object");
        }
        // every string, wherever it is, must be storable text before any parser looks at it (InputText)
        InputText.firstBadText(parsed).ifPresent(problem -> {
            throw ApiError.invalidRequest(problem);
        });
        return (ObjectNode) parsed;
    }

    /**
     * Strict UTF-8 (RFC 8259 §8.1): a malformed byte sequence is refused rather than silently replaced by U+FFFD,
     * which would let two different bodies parse as one.
     */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(NOT_UTF8);
        }
    }

    private byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw ApiError.payloadTooLarge(maxBytes); // stop reading: the rest is never buffered
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Jackson says {@code Duplicate field 'x'}; keep the name, which is the caller's own input. */
    private static String duplicateName(String message) {
        int open = message.indexOf('\'');
        int close = message.lastIndexOf('\'');
        String name = open >= 0 && close > open ? message.substring(open + 1, close) : "(unknown)";
        return name.length() > 100 ? name.substring(0, 100) + "…" : name;
    }
}
