package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Accepts any value, absent included, unchanged. */
final class UnknownSchema extends Schema {
    static final UnknownSchema INSTANCE = new UnknownSchema();

    private UnknownSchema() {
    }

    @Override
    Payload run(JsonNode input) {
        return new Payload(input);
    }
}
