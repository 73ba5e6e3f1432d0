package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** A custom rule over an already type-checked value (zod's {@code superRefine}); it reports through the context. */
@FunctionalInterface
public interface Refinement {
    void check(JsonNode value, RefinementContext context);
}
