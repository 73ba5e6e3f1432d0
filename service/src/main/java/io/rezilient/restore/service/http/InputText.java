package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Schema;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for text that crosses the service's boundary — request bodies, path ids, token claims — applied by
 * every parser, so that nothing PostgreSQL or an index would refuse gets past the first line of defence:
 * <ul>
 *   <li><b>identifiers</b> (tenant, instance, source, plan and job ids, table and column names, sys_ids, subjects,
 *       scopes of admin calls): not blank, no control characters (a NUL cannot be stored in PostgreSQL text, the
 *       others have no place in a name), well-formed Unicode, and at most {@value #MAX_IDENTIFIER_BYTES} bytes of
 *       UTF-8 — so that the widest key, {@code plan_rows_pk} (tenant, instance, source, plan id and a 68-byte row
 *       id), stays far below PostgreSQL's B-tree entry limit of about 2,700 bytes;</li>
 *   <li><b>any other text</b> of a body, member names included: no NUL or other C0 control characters except tab,
 *       line feed and carriage return, and well-formed Unicode — what PostgreSQL text and JSONB can hold as
 *       written.</li>
 * </ul>
 * Problems are phrased to follow the name of the field and never quote the value.
 */
public final class InputText {
    /** The longest identifier, in bytes of UTF-8 (deviation S51: the reference sets no limit). */
    public static final int MAX_IDENTIFIER_BYTES = 256;
    public static final String BLANK = "must not be blank";
    public static final String CONTROL_CHARACTERS = "must not contain control characters";
    public static final String MALFORMED_UNICODE = "must be well-formed Unicode (no unpaired surrogates)";
    public static final String TOO_LONG = "must be at most " + MAX_IDENTIFIER_BYTES + " bytes of UTF-8";
    public static final String TEXT_CONTROL_CHARACTERS = "must not contain NUL or control characters other than "
            + "tab and line breaks";

    private InputText() {
    }

    /** Why {@code value} cannot be an identifier; empty when it can. */
    public static Optional<String> identifierProblem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(BLANK);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(CONTROL_CHARACTERS);
            }
            if (isUnpairedSurrogate(value, i)) {
                return Optional.of(MALFORMED_UNICODE);
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            return Optional.of(TOO_LONG);
        }
        return Optional.empty();
    }

    /** Why {@code value} cannot be stored as text; empty when it can. */
    public static Optional<String> textProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(TEXT_CONTROL_CHARACTERS);
            }
            if (isUnpairedSurrogate(value, i)) {
                return Optional.of(MALFORMED_UNICODE);
            }
        }
        return Optional.empty();
    }

    /**
     * The first string of {@code tree} — member names included — that {@link #textProblem} refuses, as
     * {@code "path: problem"} (for example {@code scope.tables[0]: must not contain NUL …}); empty when all pass.
     */
    public static Optional<String> firstBadText(JsonNode tree) {
        return firstBadText(tree, "");
    }

    /** An identifier field of a contract schema: zod's non-empty string, then {@link #identifierProblem}. */
    public static Schema identifier() {
        return ContractFields.nonEmptyString().refine((value, context) ->
                identifierProblem(value.textValue()).ifPresent(context::addIssue));
    }

    /** The identifier, or 400 {@code invalid_request} naming {@code field}. */
    public static String requireIdentifier(String field, String value) {
        identifierProblem(value).ifPresent(problem -> {
            throw ApiError.invalidRequest(field + ": " + problem);
        });
        return value;
    }

    /** The path parameter {@code name} of the request as an identifier, or 400 {@code invalid_request}. */
    public static String pathId(Context ctx, String name) {
        return requireIdentifier(name, ctx.pathParam(name));
    }

    private static Optional<String> firstBadText(JsonNode node, String path) {
        if (node.isTextual()) {
            return textProblem(node.textValue()).map(problem -> describe(path) + problem);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Optional<String> badName = textProblem(field.getKey())
                        .map(problem -> describe(path) + "a member name " + problem);
                if (badName.isPresent()) {
                    return badName;
                }
                // the name is checked above, so it is safe to show in the path
                Optional<String> badValue = firstBadText(field.getValue(),
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (badValue.isPresent()) {
                    return badValue;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> bad = firstBadText(node.get(i), path + "[" + i + "]");
                if (bad.isPresent()) {
                    return bad;
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(String path) {
        return path.isEmpty() ? "" : shorten(path) + ": ";
    }

    /** Member names are the caller's own text: echo them, but not without bound. */
    private static String shorten(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static boolean isUnpairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
