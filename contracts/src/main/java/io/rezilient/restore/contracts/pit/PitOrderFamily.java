package io.rezilient.restore.contracts.pit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Conformance family {@code pit_order}: {@code compare} gives {@code {sign, reverse_sign}}, {@code select_latest}
 * gives {@code {index, winner}}; errors are the reference's exact messages.
 */
public final class PitOrderFamily implements ConformanceFamily {
    /** Jackson tells an int node from a long node of the same value; JSON does not. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : (a.equals(b) ? 0 : 1);

    @Override
    public String name() {
        return "pit_order";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        String op = vectorCase.path("op").asText();
        JsonNode input = vectorCase.path("input");
        JsonNode expectedError = vectorCase.get("expected_error");
        JsonNode actual;
        try {
            actual = switch (op) {
                case "compare" -> compare(input);
                case "select_latest" -> selectLatest(input);
                default -> null;
            };
        } catch (IllegalArgumentException rejected) {
            if (expectedError == null) {
                return CaseResult.failed("unexpected error: " + rejected.getMessage());
            }
            return CaseResult.expectEqual("error", expectedError.asText(), rejected.getMessage());
        }
        if (actual == null) {
            return CaseResult.failed("unknown op " + op);
        }
        if (expectedError != null) {
            return CaseResult.failed("rejection", expectedError.asText(), actual);
        }
        JsonNode expected = vectorCase.get("expected");
        return expected != null && expected.equals(NUMBERS_BY_VALUE, actual)
                ? CaseResult.passed()
                : CaseResult.failed("output", expected, actual);
    }

    private static JsonNode compare(JsonNode input) {
        PitTuple left = PitTuple.fromJson(input.get("left"));
        PitTuple right = PitTuple.fromJson(input.get("right"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("sign", PitOrdering.compare(left, right));
        out.put("reverse_sign", PitOrdering.compare(right, left));
        return out;
    }

    private static JsonNode selectLatest(JsonNode input) {
        List<PitTuple> rows = new ArrayList<>();
        input.path("rows").forEach(row -> rows.add(PitTuple.fromJson(row)));
        int index = PitOrdering.selectLatestIndex(rows);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("index", index);
        out.set("winner", rows.get(index).toJson());
        return out;
    }
}
