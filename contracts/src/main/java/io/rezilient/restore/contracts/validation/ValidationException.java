package io.rezilient.restore.contracts.validation;

import java.util.List;

/** A value broke its contract; the message names the first issue's field and rule, {@link #issues()} has them all. */
public final class ValidationException extends IllegalArgumentException {
    private final transient List<Issue> issues;

    public ValidationException(List<Issue> issues) {
        super(summary(issues));
        this.issues = List.copyOf(issues);
    }

    public List<Issue> issues() {
        return issues;
    }

    /** The issue the reference would report. */
    public Issue firstIssue() {
        return issues.get(0);
    }

    private static String summary(List<Issue> issues) {
        if (issues.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one issue");
        }
        String first = issues.get(0).describe();
        return issues.size() == 1 ? first : first + " (and " + (issues.size() - 1) + " more)";
    }
}
