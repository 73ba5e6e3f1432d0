package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One of a fixed set of strings (zod's {@code literal} and {@code enum}). Anything else, an absent value included,
 * is an aborting {@code invalid_value} issue naming the allowed values.
 */
final class LiteralSchema extends Schema {
    private final List<String> allowed;

    LiteralSchema(List<String> allowed) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("a literal schema needs at least one allowed value");
        }
        this.allowed = List.copyOf(allowed);
    }

    @Override
    Payload run(JsonNode input) {
        if (input != null && input.isTextual() && allowed.contains(input.textValue())) {
            return new Payload(input);
        }
        return reject(input, IssueCode.INVALID_VALUE, BuiltInMessages.invalidValue(allowed));
    }
}
