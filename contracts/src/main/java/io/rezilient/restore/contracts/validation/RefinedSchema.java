package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The inner schema plus one refinement, which runs only if nothing before it aborted. */
final class RefinedSchema extends Schema {
    private final Schema inner;
    private final Refinement refinement;

    RefinedSchema(Schema inner, Refinement refinement) {
        this.inner = inner;
        this.refinement = refinement;
    }

    @Override
    Payload run(JsonNode input) {
        Payload payload = inner.run(input);
        payload.runChecks(List.of(p -> refinement.check(p.value, new RefinementContext(p))));
        return payload;
    }
}
