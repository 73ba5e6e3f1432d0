package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.validation.IssueConformance;
import io.rezilient.restore.contracts.validation.ParseResult;

import java.util.function.Supplier;

/**
 * Conformance family {@code cloudevents}: {@code validate} (validity, first issue, issue count),
 * {@code partition_key} and {@code map_topic} (value or exact error message).
 */
public final class CloudEventsFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "cloudevents";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.get("input");
        String op = vectorCase.path("op").asText();
        return switch (op) {
            case "validate" -> validate(input.get("event"), vectorCase.get("expected"));
            case "partition_key" -> expectValueOrError(vectorCase, () -> PartitionKeys.derive(input.get("event")));
            case "map_topic" -> expectValueOrError(vectorCase, () -> EventTopics.map(
                    input.path("type").textValue(), input.path("use_test_topics").asBoolean(), input.get("data")));
            default -> CaseResult.failed("unknown cloudevents op: " + op);
        };
    }

    private static CaseResult validate(JsonNode event, JsonNode expected) {
        ParseResult result = CloudEventSchema.validate(event);
        if (expected.path("valid").asBoolean()) {
            return result.isValid() ? CaseResult.passed() : CaseResult.failed("rejected a valid event: " + result.issues());
        }
        return IssueConformance.compare(expected.get("first_issue"), expected.get("issue_count"), null,
                result.issues());
    }

    private static CaseResult expectValueOrError(JsonNode vectorCase, Supplier<String> call) {
        String value;
        try {
            value = call.get();
        } catch (IllegalArgumentException rejected) {
            return vectorCase.has("expected_error")
                    ? CaseResult.expectEqual("error", vectorCase.get("expected_error").textValue(), rejected.getMessage())
                    : CaseResult.failed("unexpected error: " + rejected.getMessage());
        }
        if (vectorCase.has("expected_error")) {
            return CaseResult.failed("expected error " + vectorCase.get("expected_error") + " but got " + value);
        }
        return CaseResult.expectEqual("value", vectorCase.get("expected").textValue(), value);
    }
}
