package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A rule set for one JSON value, with zod 4's parse semantics: the value's type is checked first, then its checks
 * and refinements in the order they were declared; parsing never stops at the first problem but returns every
 * issue in the order zod would report them, so the first issue (what the reference's API returns) matches.
 *
 * <p>Schemas are immutable; the fluent methods return new schemas. Build them with {@link Schemas}.
 */
public abstract class Schema {
    Schema() {
    }

    /** Parses {@code input}; {@code null} stands for an absent value (JavaScript {@code undefined}). */
    abstract Payload run(JsonNode input);

    /** Parses and normalises {@code input} ({@code null} = absent), returning the normalised value and all issues. */
    public final ParseResult parse(JsonNode input) {
        Payload payload = run(input);
        return new ParseResult(payload.value, payload.issues());
    }

    /** Also accepts an absent value, which stays absent (the key is left out of the parsed object). */
    public Schema optional() {
        return new OptionalSchema(this);
    }

    /** Also accepts JSON {@code null}. */
    public Schema nullable() {
        return new NullableSchema(this);
    }

    /** Replaces an absent value with a copy of {@code value} (which is not validated, as in zod). */
    public Schema withDefault(JsonNode value) {
        return new DefaultSchema(this, value);
    }

    /**
     * Adds a cross-field or custom rule that runs only when everything before it passed without an aborting issue
     * (a wrong type or unknown key anywhere inside suppresses it). Its issues do not abort enclosing refinements.
     */
    public Schema refine(Refinement refinement) {
        return new RefinedSchema(this, refinement);
    }

    /** Shorthand for a refinement that reports {@code message} at this value when {@code rule} is false. */
    public Schema refine(Predicate<JsonNode> rule, String message) {
        return refine((value, context) -> {
            if (!rule.test(value)) {
                context.addIssue(message);
            }
        });
    }

    /**
     * Normalises the value after it passed every earlier rule (it is skipped when there were any issues). A transform
     * rejects by throwing {@link IllegalArgumentException}; its message becomes an aborting {@code custom} issue.
     */
    public Schema transform(Transform transform) {
        return new PipeSchema(this, transform);
    }

    /** The findings of a one-issue rejection at this value. */
    static Payload reject(JsonNode input, String code, String message) {
        return Payload.rejected(input, Finding.aborting(code, message));
    }

    static Payload rejectType(JsonNode input, String expected) {
        return reject(input, IssueCode.INVALID_TYPE, BuiltInMessages.invalidType(expected, input));
    }

    static <T> List<T> append(List<T> list, T element) {
        List<T> longer = new ArrayList<>(list);
        longer.add(element);
        return List.copyOf(longer);
    }
}
