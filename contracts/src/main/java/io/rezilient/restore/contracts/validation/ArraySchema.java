package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.List;

/** A JSON array whose every element satisfies one schema; element issues come first, then the array's checks. */
public final class ArraySchema extends Schema {
    private static final String ORIGIN = "array";

    private final Schema element;
    private final List<Payload.Check> checks;

    ArraySchema(Schema element, List<Payload.Check> checks) {
        this.element = element;
        this.checks = checks;
    }

    /** At least {@code count} elements. */
    public ArraySchema min(int count) {
        return new ArraySchema(element, append(checks, payload -> {
            if (payload.value.size() < count) {
                payload.findings.add(Finding.continuing(IssueCode.TOO_SMALL,
                        BuiltInMessages.tooSmall(ORIGIN, count, true)));
            }
        }));
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isArray()) {
            return rejectType(input, ORIGIN);
        }
        ArrayNode parsed = JsonNodeFactory.instance.arrayNode(input.size());
        Payload payload = new Payload(parsed);
        for (int i = 0; i < input.size(); i++) {
            Payload item = element.run(input.get(i));
            payload.adopt(i, item);
            // JSON.stringify writes an undefined array element as null; keep the index either way
            parsed.add(item.value == null ? NullNode.getInstance() : item.value);
        }
        payload.runChecks(checks);
        return payload;
    }
}
