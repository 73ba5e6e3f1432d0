package io.rezilient.restore.contracts.pit;

import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.time.LenientDates;

import java.util.List;
import java.util.OptionalLong;

/**
 * Point-in-time ordering of candidate record versions, bit-compatible with the reference's
 * {@code comparePitRowTuple} / {@code selectLatestPitRowTuple}:
 *
 * <ol>
 *   <li>{@code sys_updated_on} of both sides, always parsed (leniently, as UTC);</li>
 *   <li>{@code sys_mod_count}, only when both sides carry one (an explicit null counts as 0);</li>
 *   <li>{@code __time}, parsed only when this level is reached, so a bad value is harmless when an earlier level
 *       decided;</li>
 *   <li>{@code event_id} by JavaScript {@code localeCompare} (ICU root collation).</li>
 * </ol>
 *
 * <p>Skipping the mod-count level when one side lacks it makes the order non-transitive, so it must never be
 * handed to a sort. {@link #selectLatestIndex} is a single left-to-right scan whose result can depend on input
 * order, exactly as the reference's does.
 */
public final class PitOrdering {
    public static final String INVALID_SYS_UPDATED_ON = "invalid ServiceNow datetime value";
    public static final String INVALID_TIME = "invalid ISO datetime value";
    public static final String EMPTY_ROWS = "rows must include at least one PIT tuple";

    private PitOrdering() {
    }

    /**
     * -1, 0 or 1 as {@code left} is older than, level with or newer than {@code right}.
     *
     * @throws IllegalArgumentException with {@link #INVALID_SYS_UPDATED_ON} or {@link #INVALID_TIME} when a value
     *                                  that has to be compared does not parse
     */
    public static int compare(PitTuple left, PitTuple right) {
        long leftUpdated = updatedOnMillis(left);
        long rightUpdated = updatedOnMillis(right);
        if (leftUpdated != rightUpdated) {
            return Long.compare(leftUpdated, rightUpdated);
        }
        SysModCount leftCount = left.sysModCount();
        SysModCount rightCount = right.sysModCount();
        if (leftCount.takesPartInComparison() && rightCount.takesPartInComparison()
                && leftCount.comparisonValue() != rightCount.comparisonValue()) {
            return Long.compare(leftCount.comparisonValue(), rightCount.comparisonValue());
        }
        long leftTime = timeMillis(left);
        long rightTime = timeMillis(right);
        if (leftTime != rightTime) {
            return Long.compare(leftTime, rightTime);
        }
        return JsCollation.compare(left.eventId(), right.eventId());
    }

    /**
     * Position of the latest tuple: a scan that replaces the current best only with a strictly newer tuple, so the
     * first of several equal maxima wins. A single tuple is returned without being parsed.
     *
     * @throws IllegalArgumentException with {@link #EMPTY_ROWS} for an empty list, or a comparison error
     */
    public static int selectLatestIndex(List<PitTuple> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(EMPTY_ROWS);
        }
        int best = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (compare(rows.get(i), rows.get(best)) > 0) {
                best = i;
            }
        }
        return best;
    }

    /** The latest tuple; see {@link #selectLatestIndex}. */
    public static PitTuple selectLatest(List<PitTuple> rows) {
        return rows.get(selectLatestIndex(rows));
    }

    private static long updatedOnMillis(PitTuple tuple) {
        return orThrow(LenientDates.parseServiceNowUtc(tuple.sysUpdatedOn()), INVALID_SYS_UPDATED_ON);
    }

    private static long timeMillis(PitTuple tuple) {
        return orThrow(LenientDates.parse(tuple.time()), INVALID_TIME);
    }

    private static long orThrow(OptionalLong millis, String message) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return millis.getAsLong();
    }
}
