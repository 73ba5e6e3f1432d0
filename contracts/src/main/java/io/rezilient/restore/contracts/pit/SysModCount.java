package io.rezilient.restore.contracts.pit;

/**
 * The {@code sys_mod_count} of a PIT tuple, which the reference handles in three distinct ways: an absent value
 * skips the mod-count level of the comparison entirely, while an explicit JSON {@code null} takes part and
 * compares like {@code 0} (JavaScript's relational coercion). Keeping the three apart lets the comparator and the
 * JSON round trip (precondition hashes, PIT resolutions) reproduce both.
 */
public record SysModCount(Kind kind, long value) {
    public enum Kind {
        /** The key is missing: the comparator skips to {@code __time}. */
        ABSENT,
        /** Explicit JSON {@code null}: compared, as 0. */
        NULL,
        /** A number. */
        NUMBER
    }

    public static final SysModCount ABSENT = new SysModCount(Kind.ABSENT, 0);
    public static final SysModCount EXPLICIT_NULL = new SysModCount(Kind.NULL, 0);

    public SysModCount {
        if (kind == null) {
            throw new IllegalArgumentException("sys_mod_count kind is required");
        }
        if (kind != Kind.NUMBER && value != 0) {
            throw new IllegalArgumentException("only a numeric sys_mod_count carries a value");
        }
    }

    public static SysModCount of(long value) {
        return new SysModCount(Kind.NUMBER, value);
    }

    /** True when the comparator looks at this value (a number or an explicit null). */
    public boolean takesPartInComparison() {
        return kind != Kind.ABSENT;
    }

    /** The value the comparator uses: the number, or 0 for an explicit null. */
    public long comparisonValue() {
        return value;
    }
}
