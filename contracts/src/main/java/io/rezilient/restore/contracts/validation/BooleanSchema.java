package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON boolean. */
final class BooleanSchema extends Schema {
    static final BooleanSchema INSTANCE = new BooleanSchema();

    private BooleanSchema() {
    }

    @Override
    Payload run(JsonNode input) {
        return input != null && input.isBoolean() ? new Payload(input) : rejectType(input, "boolean");
    }
}
