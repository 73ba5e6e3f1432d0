package io.rezilient.restore.contracts.validation;

/** The zod 4 issue codes the contract schemas produce; they are wire facts (API error bodies carry them). */
public final class IssueCode {
    /** Wrong JSON type, a missing required field, or a non-integer where an integer is required. */
    public static final String INVALID_TYPE = "invalid_type";
    /** A literal or enum value that is not allowed. */
    public static final String INVALID_VALUE = "invalid_value";
    /** A string that fails a pattern. */
    public static final String INVALID_FORMAT = "invalid_format";
    /** Below a minimum length, count or value. */
    public static final String TOO_SMALL = "too_small";
    /** Above a maximum length, count or value. */
    public static final String TOO_BIG = "too_big";
    /** Keys a strict object does not declare. */
    public static final String UNRECOGNIZED_KEYS = "unrecognized_keys";
    /** No variant of a union matches (for a discriminated union: unknown or missing discriminator). */
    public static final String INVALID_UNION = "invalid_union";
    /** A contract rule written as a refinement, transform failure or cross-field check. */
    public static final String CUSTOM = "custom";

    private IssueCode() {
    }
}
