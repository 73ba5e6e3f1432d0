package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The value being parsed and what was found so far, as zod threads it through a schema: the (possibly transformed)
 * value, the findings in order, and whether a transform step already marked the result as aborted.
 */
final class Payload {
    /** The parsed value; {@code null} means absent (JavaScript {@code undefined}). */
    JsonNode value;
    final List<Finding> findings = new ArrayList<>();
    /** Set by a transform whose input had issues: checks attached after it must not run. */
    boolean aborted;

    Payload(JsonNode value) {
        this.value = value;
    }

    static Payload rejected(JsonNode input, Finding finding) {
        Payload payload = new Payload(input);
        payload.findings.add(finding);
        return payload;
    }

    /** True when a check attached now must be skipped (zod's {@code util.aborted}). */
    boolean isAborted() {
        if (aborted) {
            return true;
        }
        for (Finding finding : findings) {
            if (!finding.continues()) {
                return true;
            }
        }
        return false;
    }

    /** Takes over a child's findings, prefixing their paths with the child's key or index. */
    void adopt(Object segment, Payload child) {
        for (Finding finding : child.findings) {
            findings.add(finding.under(segment));
        }
    }

    /** Runs checks in order, stopping as soon as one leaves the payload aborted. */
    void runChecks(List<Check> checks) {
        for (Check check : checks) {
            if (isAborted()) {
                return;
            }
            check.apply(this);
        }
    }

    List<Issue> issues() {
        return findings.stream().map(Finding::issue).toList();
    }

    /** One check of a schema: reads {@link #value} and may add findings. */
    @FunctionalInterface
    interface Check {
        void apply(Payload payload);
    }
}
