package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The inner schema followed by a transform (zod's pipe). If the inner schema reported anything, the transform is
 * skipped and the result is marked aborted so later checks on it do not run either.
 */
final class PipeSchema extends Schema {
    private final Schema inner;
    private final Transform transform;

    PipeSchema(Schema inner, Transform transform) {
        this.inner = inner;
        this.transform = transform;
    }

    @Override
    Payload run(JsonNode input) {
        Payload payload = inner.run(input);
        if (!payload.findings.isEmpty()) {
            payload.aborted = true;
            return payload;
        }
        try {
            payload.value = transform.apply(payload.value);
        } catch (IllegalArgumentException rejected) {
            payload.findings.add(Finding.aborting(IssueCode.CUSTOM, rejected.getMessage()));
        }
        return payload;
    }
}
