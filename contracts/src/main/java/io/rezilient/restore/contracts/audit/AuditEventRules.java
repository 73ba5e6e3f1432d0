package io.rezilient.restore.contracts.audit;

import java.util.regex.Pattern;

/** The field rules of the cross-service audit contract, each stated once with the message that names it. */
final class AuditEventRules {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");

    private AuditEventRules() {
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
    }

    static void requireSnakeCase(String field, String value) {
        requireText(field, value);
        if (!SNAKE_CASE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be snake_case: '" + value + "'");
        }
    }

    static void requireWith(String field, Object value, String needed, Object neededValue) {
        if (value != null && neededValue == null) {
            throw new IllegalArgumentException(field + " requires " + needed);
        }
    }
}
