package io.rezilient.restore.service.plans.query;

import java.util.List;
import java.util.Objects;

/**
 * One {@code field<operator>value} term. A field the version does not carry (null) equals nothing, so it fails
 * {@code =}, {@code IN} and {@code STARTSWITH} and passes {@code !=}, as ServiceNow treats an empty field.
 *
 * @param values one value, or the alternatives of {@code IN}; never empty
 * @param text   the condition as written, for messages
 */
public record Condition(QueryField field, QueryOperator operator, List<String> values, String text) {
    public Condition {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one value");
        }
        Objects.requireNonNull(text, "text");
    }

    public boolean matches(RecordFacts facts) {
        String actual = field.read(facts);
        return switch (operator) {
            case EQUALS -> values.get(0).equals(actual);
            case NOT_EQUALS -> !values.get(0).equals(actual);
            case IN -> actual != null && values.contains(actual);
            case STARTS_WITH -> actual != null && actual.startsWith(values.get(0));
        };
    }
}
