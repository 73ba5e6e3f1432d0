package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** An absent value becomes a fresh copy of the default, without running the inner schema (zod's {@code .default}). */
final class DefaultSchema extends Schema {
    private final Schema inner;
    private final JsonNode defaultValue;

    DefaultSchema(Schema inner, JsonNode defaultValue) {
        this.inner = inner;
        this.defaultValue = defaultValue.deepCopy();
    }

    @Override
    Payload run(JsonNode input) {
        return input == null ? new Payload(defaultValue.deepCopy()) : inner.run(input);
    }
}
