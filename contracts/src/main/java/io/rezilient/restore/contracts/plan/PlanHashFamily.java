package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.validation.IssueConformance;
import io.rezilient.restore.contracts.validation.ParseResult;

/**
 * Conformance family {@code plan_hash}: valid inputs must reproduce {@code plan_hash} and {@code canonical_json}
 * exactly; invalid ones must be rejected with the reference's first issue, issue count and messages.
 */
public final class PlanHashFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "plan_hash";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        ParseResult parsed = PlanHashInputSchema.SCHEMA.parse(vectorCase.get("input"));
        if (vectorCase.has("expected_error")) {
            JsonNode detail = vectorCase.path("expected_error_detail");
            return IssueConformance.compare(detail, detail.get("issue_count"), detail.get("all_messages"),
                    parsed.issues());
        }
        if (!parsed.isValid()) {
            return CaseResult.failed("rejected a valid input: " + parsed.issues());
        }
        PlanHash.PlanHashResult result = PlanHash.ofParsed(parsed.value());
        JsonNode expected = vectorCase.get("expected");
        CaseResult json = CaseResult.expectEqual("canonical_json", expected.get("canonical_json").textValue(),
                result.canonicalJson());
        if (json.status() != CaseResult.Status.PASSED) {
            return json;
        }
        return CaseResult.expectEqual("plan_hash", expected.get("plan_hash").textValue(), result.planHash());
    }
}
