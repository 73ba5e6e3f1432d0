package io.rezilient.restore.contracts.json;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;

import java.util.Comparator;

/**
 * String order of JavaScript's {@code String.prototype.localeCompare} under Node with the en-US/root locale:
 * ICU root collation at tertiary strength. The reference uses it for canonical-JSON key order, sortedness checks
 * and the PIT {@code event_id} tie-break, so every such comparison in this project must go through here.
 *
 * <p>{@code java.text.Collator} does not match (hyphen, dot, underscore and supplementary characters differ);
 * ICU4J's root collator matched every pair in the conformance vectors.
 */
public final class JsCollation {
    /** Frozen collators are immutable and safe to share between threads. */
    private static final Collator ROOT = frozenRoot();

    /** Comparator with {@code localeCompare} semantics; equal-comparing strings keep their order in a stable sort. */
    public static final Comparator<String> LOCALE_COMPARE = JsCollation::compare;

    private JsCollation() {
    }

    /** Negative, zero or positive as {@code left.localeCompare(right)} would be. */
    public static int compare(String left, String right) {
        return Integer.signum(ROOT.compare(left, right));
    }

    private static Collator frozenRoot() {
        Collator collator = Collator.getInstance(ULocale.ROOT);
        collator.setStrength(Collator.TERTIARY);
        return collator.freeze();
    }
}
