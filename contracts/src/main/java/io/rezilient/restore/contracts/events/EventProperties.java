package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads event properties the way JavaScript optional chaining does: anything that is not an object has none. */
final class EventProperties {
    private EventProperties() {
    }

    /** {@code owner?.[key]}: the property, or {@code null} (undefined) when absent or when owner is no object. */
    static JsonNode get(JsonNode owner, String key) {
        return owner != null && owner.isObject() ? owner.get(key) : null;
    }
}
