package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * What parsing found.
 *
 * @param value  the normalised value (transforms and defaults applied); meaningful only when {@link #isValid()};
 *               {@code null} when the value was absent
 * @param issues every issue, in zod's order; the first is what the reference reports
 */
public record ParseResult(JsonNode value, List<Issue> issues) {
    public ParseResult {
        issues = List.copyOf(issues);
    }

    public boolean isValid() {
        return issues.isEmpty();
    }

    public Optional<Issue> firstIssue() {
        return issues.stream().findFirst();
    }

    /**
     * The normalised value.
     *
     * @throws ValidationException naming the first broken rule's field and message
     */
    public JsonNode valueOrThrow() {
        if (!isValid()) {
            throw new ValidationException(issues);
        }
        return value;
    }
}
