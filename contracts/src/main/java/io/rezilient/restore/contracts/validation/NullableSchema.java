package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON {@code null} passes; anything else must satisfy the inner schema. */
final class NullableSchema extends Schema {
    private final Schema inner;

    NullableSchema(Schema inner) {
        this.inner = inner;
    }

    @Override
    Payload run(JsonNode input) {
        return input != null && input.isNull() ? new Payload(input) : inner.run(input);
    }
}
