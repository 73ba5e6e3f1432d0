package io.rezilient.restore.contracts.validation;

import java.util.List;

/** Where a {@link Refinement} reports {@code custom} issues, with paths relative to the refined value. */
public final class RefinementContext {
    private final Payload payload;

    RefinementContext(Payload payload) {
        this.payload = payload;
    }

    /** Reports {@code message} at the refined value, or below it at {@code path} (keys and indices). */
    public void addIssue(String message, Object... path) {
        Issue issue = new Issue(IssueCode.CUSTOM, List.of(path), message, List.of());
        payload.findings.add(new Finding(issue, true));
    }
}
