package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.conformance.CaseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the issues we report with a reference rejection recorded in a conformance vector: the first issue's
 * {@code code}, {@code path}, {@code message} and {@code keys}, and, when the vector records them, the issue count
 * and every message in order.
 */
public final class IssueConformance {
    private IssueConformance() {
    }

    /**
     * @param expectedFirst    {@code {code, path, message, keys?}} of the reference's first issue
     * @param expectedCount    the reference's number of issues, or {@code null} when not recorded
     * @param expectedMessages every message in the reference's order, or a missing node when not recorded
     * @param actual           our issues
     */
    public static CaseResult compare(JsonNode expectedFirst, JsonNode expectedCount, JsonNode expectedMessages,
                                     List<Issue> actual) {
        if (actual.isEmpty()) {
            return CaseResult.failed("expected rejection " + expectedFirst + " but the input was accepted");
        }
        JsonNode first = actual.get(0).toJson();
        for (String field : List.of("code", "path", "message", "keys")) {
            if (expectedFirst.has(field) && !expectedFirst.get(field).equals(first.get(field))) {
                return CaseResult.failed("first issue " + field, expectedFirst, first + " (all: " + messages(actual) + ")");
            }
        }
        if (expectedCount != null && expectedCount.isNumber() && expectedCount.intValue() != actual.size()) {
            return CaseResult.failed("issue count", expectedCount.intValue(), actual.size() + " " + messages(actual));
        }
        if (expectedMessages != null && expectedMessages.isArray()) {
            List<String> expected = new ArrayList<>();
            expectedMessages.forEach(message -> expected.add(message.asText()));
            return CaseResult.expectEqual("all messages", expected, messages(actual));
        }
        return CaseResult.passed();
    }

    private static List<String> messages(List<Issue> issues) {
        return issues.stream().map(Issue::message).toList();
    }
}
