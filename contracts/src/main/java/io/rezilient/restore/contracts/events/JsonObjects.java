package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds and reads the flat JSON objects of the event records; {@code null} fields are simply left out. */
final class JsonObjects {
    private final ObjectNode node = JsonNodeFactory.instance.objectNode();

    JsonObjects put(String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
        return this;
    }

    /**
     * A whole number, as the node a parser would make of its text (an int node when it fits): a record built here
     * then equals the same record read back from JSON, so nobody has to round-trip it through text to compare.
     */
    JsonObjects put(String key, Long value) {
        if (value != null) {
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                node.put(key, value.intValue());
            } else {
                node.put(key, value);
            }
        }
        return this;
    }

    JsonObjects put(String key, JsonNode value) {
        if (value != null) {
            node.set(key, value);
        }
        return this;
    }

    ObjectNode build() {
        return node;
    }

    static String text(JsonNode owner, String key) {
        JsonNode value = owner.get(key);
        return value == null ? null : value.textValue();
    }

    static Long integer(JsonNode owner, String key) {
        JsonNode value = owner.get(key);
        return value == null ? null : value.longValue();
    }
}
