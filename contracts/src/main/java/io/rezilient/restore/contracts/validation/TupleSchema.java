package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.List;

/** A JSON array of exactly as many elements as there are item schemas, each checked against its own schema. */
final class TupleSchema extends Schema {
    private static final String ORIGIN = "array";

    private final List<Schema> items;

    TupleSchema(List<Schema> items) {
        this.items = List.copyOf(items);
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isArray()) {
            return rejectType(input, "tuple");
        }
        if (input.size() > items.size()) {
            return reject(input, IssueCode.TOO_BIG, BuiltInMessages.tooBig(ORIGIN, items.size(), true));
        }
        if (input.size() < items.size()) {
            return reject(input, IssueCode.TOO_SMALL, BuiltInMessages.tooSmall(ORIGIN, items.size(), true));
        }
        ArrayNode parsed = JsonNodeFactory.instance.arrayNode(items.size());
        Payload payload = new Payload(parsed);
        for (int i = 0; i < items.size(); i++) {
            Payload item = items.get(i).run(input.get(i));
            payload.adopt(i, item);
            parsed.add(item.value == null ? NullNode.getInstance() : item.value);
        }
        return payload;
    }
}
