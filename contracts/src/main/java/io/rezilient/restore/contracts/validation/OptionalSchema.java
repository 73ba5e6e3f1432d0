package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Absent passes as absent; anything else (JSON {@code null} included) must satisfy the inner schema. */
final class OptionalSchema extends Schema {
    private final Schema inner;

    OptionalSchema(Schema inner) {
        this.inner = inner;
    }

    @Override
    Payload run(JsonNode input) {
        return input == null ? new Payload(null) : inner.run(input);
    }
}
