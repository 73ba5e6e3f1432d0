package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A JSON string with optional length and format checks, run in declaration order; their issues do not abort. */
public final class StringSchema extends Schema {
    private static final String ORIGIN = "string";

    private final List<Payload.Check> checks;

    StringSchema(List<Payload.Check> checks) {
        this.checks = checks;
    }

    /** At least {@code length} UTF-16 code units, as JavaScript's {@code length} counts. */
    public StringSchema min(int length) {
        return with(payload -> {
            if (payload.value.textValue().length() < length) {
                payload.findings.add(Finding.continuing(IssueCode.TOO_SMALL,
                        BuiltInMessages.tooSmall(ORIGIN, length, true)));
            }
        });
    }

    /** The whole string must match {@code pattern} (Java regex, anchored like {@link java.util.regex.Matcher#matches}). */
    public StringSchema regex(Pattern pattern, String message) {
        return format(text -> pattern.matcher(text).matches(), message);
    }

    /** The string must satisfy {@code rule}; otherwise an {@code invalid_format} issue with {@code message}. */
    public StringSchema format(Predicate<String> rule, String message) {
        return with(payload -> {
            if (!rule.test(payload.value.textValue())) {
                payload.findings.add(Finding.continuing(IssueCode.INVALID_FORMAT, message));
            }
        });
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isTextual()) {
            return rejectType(input, ORIGIN);
        }
        Payload payload = new Payload(input);
        payload.runChecks(checks);
        return payload;
    }

    private StringSchema with(Payload.Check check) {
        return new StringSchema(append(checks, check));
    }
}
