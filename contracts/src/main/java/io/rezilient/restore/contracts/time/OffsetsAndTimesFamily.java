package io.rezilient.restore.contracts.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.offsets.Offsets;

/**
 * Conformance family {@code offsets_and_times}: offset canonicalisation, strict ISO-UTC canonicalisation and the
 * regex-only ServiceNow timestamp schema. Besides the output, each case's {@code schema_valid} must agree with
 * our validity predicate.
 */
public final class OffsetsAndTimesFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "offsets_and_times";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        String op = vectorCase.path("op").asText();
        return switch (op) {
            case "canonicalize_offset" -> canonicalizeOffset(vectorCase);
            case "canonicalize_iso_utc" -> canonicalizeIsoUtc(vectorCase);
            case "servicenow_datetime_schema" -> serviceNowSchema(vectorCase);
            default -> CaseResult.failed("unknown op " + op);
        };
    }

    private static CaseResult canonicalizeOffset(JsonNode vectorCase) {
        // The raw literal matters where JSON re-serialisation already normalised it (7.0, -0, 1e21).
        JsonNode rawText = vectorCase.get("input_json_text");
        JsonNode input = rawText != null ? Json.parse(rawText.asText()) : vectorCase.get("input");
        CaseResult validity = schemaValidity(vectorCase, Offsets.isValid(input));
        if (validity != null) {
            return validity;
        }
        String actual;
        try {
            actual = Offsets.canonicalize(input);
        } catch (IllegalArgumentException rejected) {
            return rejection(vectorCase, rejected);
        }
        return output(vectorCase, actual);
    }

    private static CaseResult canonicalizeIsoUtc(JsonNode vectorCase) {
        String input = vectorCase.path("input").asText();
        CaseResult validity = schemaValidity(vectorCase, IsoUtc.isValid(input));
        if (validity != null) {
            return validity;
        }
        String actual;
        try {
            actual = IsoUtc.canonicalize(input);
        } catch (IllegalArgumentException rejected) {
            return rejection(vectorCase, rejected);
        }
        return output(vectorCase, actual);
    }

    private static CaseResult serviceNowSchema(JsonNode vectorCase) {
        boolean valid = ServiceNowDateTime.isValid(vectorCase.path("input").asText());
        ObjectNode actual = JsonNodeFactory.instance.objectNode().put("valid", valid);
        if (!valid) {
            actual.put("message", ServiceNowDateTime.RULE_MESSAGE);
        }
        return CaseResult.expectEqual("output", vectorCase.get("expected"), actual);
    }

    /** A failed result when {@code schema_valid} disagrees with our predicate, else null. */
    private static CaseResult schemaValidity(JsonNode vectorCase, boolean ours) {
        JsonNode expected = vectorCase.get("schema_valid");
        if (expected != null && expected.asBoolean() != ours) {
            return CaseResult.failed("schema_valid", expected.asBoolean(), ours);
        }
        return null;
    }

    private static CaseResult rejection(JsonNode vectorCase, IllegalArgumentException rejected) {
        JsonNode expectedError = vectorCase.get("expected_error");
        if (expectedError == null) {
            return CaseResult.failed("unexpected error: " + rejected.getMessage());
        }
        return CaseResult.expectEqual("error", expectedError.asText(), rejected.getMessage());
    }

    private static CaseResult output(JsonNode vectorCase, String actual) {
        JsonNode expectedError = vectorCase.get("expected_error");
        if (expectedError != null) {
            return CaseResult.failed("rejection", expectedError.asText(), actual);
        }
        return CaseResult.expectEqual("output", vectorCase.path("expected").asText(), actual);
    }
}
