package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Normalises a valid value (lower-case hex, canonical offset); throws {@link IllegalArgumentException} to reject. */
@FunctionalInterface
public interface Transform {
    JsonNode apply(JsonNode value);
}
