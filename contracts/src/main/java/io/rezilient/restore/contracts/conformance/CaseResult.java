package io.rezilient.restore.contracts.conformance;

/**
 * Outcome of one conformance case.
 *
 * @param status whether our behaviour matched the reference
 * @param detail why it failed, or which documented deviation applies; empty when it passed
 */
public record CaseResult(Status status, String detail) {
    public enum Status {
        /** Our output equals the reference's. */
        PASSED,
        /** Our output differs where the family must match. */
        FAILED,
        /** The case pins a reference behaviour we deliberately do not copy (listed in docs/deviations.md). */
        DEVIATION
    }

    public static CaseResult passed() {
        return new CaseResult(Status.PASSED, "");
    }

    public static CaseResult failed(String detail) {
        return new CaseResult(Status.FAILED, detail);
    }

    public static CaseResult failed(String what, Object expected, Object actual) {
        return failed(what + ": expected " + expected + " but was " + actual);
    }

    public static CaseResult deviation(String detail) {
        return new CaseResult(Status.DEVIATION, detail);
    }

    /** Passes when {@code expected.equals(actual)}, else fails describing both. */
    public static CaseResult expectEqual(String what, Object expected, Object actual) {
        return java.util.Objects.equals(expected, actual) ? passed() : failed(what, expected, actual);
    }
}
