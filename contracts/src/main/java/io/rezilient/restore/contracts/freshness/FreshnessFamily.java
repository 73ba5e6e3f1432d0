package io.rezilient.restore.contracts.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.validation.IssueConformance;
import io.rezilient.restore.contracts.validation.ValidationException;

/**
 * Conformance family {@code freshness}: {@link FreshnessGate#evaluate(String, String, String)} with the case's
 * policy must give exactly the reference's decision, or reject where it rejected (the same first issue for a
 * malformed {@code now}/{@code wait_started_at}, the same message for an unreadable watermark time).
 */
public final class FreshnessFamily implements ConformanceFamily {
    private static final String SCHEMA_ERROR = "ZodError";

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.path("input");
        JsonNode expectedError = vectorCase.get("expected_error");
        FreshnessDecision decision;
        try {
            FreshnessGate gate = new FreshnessGate(new FreshnessPolicy(
                    input.path("stale_after_seconds").doubleValue(), input.path("timeout_seconds").doubleValue()));
            decision = gate.evaluate(textOrNull(input, "indexed_through_time"), textOrNull(input, "now"),
                    textOrNull(input, "wait_started_at"));
        } catch (ValidationException invalid) {
            if (expectedError == null || !SCHEMA_ERROR.equals(expectedError.asText())) {
                return CaseResult.failed("rejection", expectedError, invalid.getMessage());
            }
            return IssueConformance.compare(vectorCase.path("expected_error_detail"), null, null, invalid.issues());
        } catch (IllegalArgumentException rejected) {
            if (expectedError == null) {
                return CaseResult.failed("unexpected rejection: " + rejected.getMessage());
            }
            return CaseResult.expectEqual("rejection", expectedError.asText(), rejected.getMessage());
        }
        if (expectedError != null) {
            return CaseResult.failed("rejection", expectedError.asText(), toJson(decision));
        }
        return CaseResult.expectEqual("decision", vectorCase.get("expected"), toJson(decision));
    }

    /** The decision in the vectors' shape. */
    static ObjectNode toJson(FreshnessDecision decision) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("freshness", decision.freshness().wire())
                .put("executability", decision.executability().wire())
                .put("reason_code", decision.reasonCode().wire())
                .put("gate_timed_out", decision.gateTimedOut());
        Long lag = decision.lagSeconds();
        if (lag == null) {
            json.putNull("lag_seconds");
        } else if (lag <= Integer.MAX_VALUE) {
            // Parsed vectors hold small integers as int nodes, which never equal long nodes.
            json.put("lag_seconds", lag.intValue());
        } else {
            json.put("lag_seconds", lag);
        }
        return json;
    }

    private static String textOrNull(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
