package io.rezilient.restore.contracts.validation;

/**
 * An issue plus zod's {@code continue} flag. Issues from a type's own parse (wrong type, unknown key, wrong
 * literal, failed transform) abort: the refinements of the enclosing objects no longer run. Issues from checks
 * (length, pattern, bounds, refinements) continue, so later checks still run and can add their own issues.
 */
record Finding(Issue issue, boolean continues) {
    static Finding aborting(String code, String message) {
        return new Finding(Issue.of(code, message), false);
    }

    static Finding continuing(String code, String message) {
        return new Finding(Issue.of(code, message), true);
    }

    Finding under(Object segment) {
        return new Finding(issue.under(segment), continues);
    }
}
