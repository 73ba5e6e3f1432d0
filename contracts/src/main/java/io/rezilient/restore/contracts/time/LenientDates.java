package io.rezilient.restore.contracts.time;

import java.time.LocalDate;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lenient date reading the reference gets from V8's {@code Date.parse}, which it uses where a strict check
 * would have been expected: the PIT comparator (both {@code sys_updated_on} and {@code __time}), the freshness
 * gate's {@code indexed_through_time} and the dry-run gate's timestamp validity check. Those call sites must agree
 * with the reference on which values are valid and on the instant they denote, so this class reproduces V8's
 * behaviour for the ECMAScript date-time grammar:
 *
 * <ul>
 *   <li>{@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD} ({@code ±YYYYYY} six-digit years too), optionally
 *       followed by {@code THH:mm}, {@code :ss}, {@code .fraction} and {@code Z}, {@code ±hh:mm} or
 *       {@code ±hhmm}; {@code T} and {@code Z} in either case;</li>
 *   <li>every month accepts days 01–31 and the surplus rolls into the next month ({@code 2026-02-30} is
 *       {@code 2026-03-02}); hour 24 is accepted when the rest of the time is zero and means the next day's
 *       midnight; day 00 or 32, month 00 or 13, hour 25, minute or second 60 are invalid;</li>
 *   <li>fractions of any length are cut to milliseconds; offsets are honoured;</li>
 *   <li>results beyond ±8.64e15 ms (ECMAScript's time range) are invalid.</li>
 * </ul>
 *
 * <p>Two things are deliberately not copied (see docs/deviations.md). V8 falls back to a legacy, browser-compatible
 * parser for anything outside that grammar, which accepts garbage such as {@code not-a-date.000Z} (as 2000-01-01);
 * here such text is simply invalid, so callers fail closed. And V8 reads a date-time without zone as host-local
 * time; here it is read as UTC, so results never depend on the machine's time zone (the reference vectors were
 * generated on a UTC host, where both agree).
 */
public final class LenientDates {
    /** ECMAScript's TimeClip bound: a Date holds at most ±100 000 000 days around the epoch. */
    static final long MAX_ABSOLUTE_EPOCH_MILLIS = 8_640_000_000_000_000L;

    private static final Pattern DATE_TIME = Pattern.compile(
            "(?<year>[+-]\\d{6}|\\d{4})(?:-(?<month>\\d{2})(?:-(?<day>\\d{2}))?)?"
                    + "(?:[Tt](?<hour>\\d{2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d+))?)?"
                    + "(?<zone>[Zz]|(?<zoneSign>[+-])(?<zoneHour>\\d{2}):?(?<zoneMinute>\\d{2}))?)?");

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private LenientDates() {
    }

    /** Epoch milliseconds of {@code text} as {@code Date.parse} reads it, or empty where it would give NaN. */
    public static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches() || "-000000".equals(m.group("year"))) {
            // The grammar forbids writing year zero as negative.
            return OptionalLong.empty();
        }
        int month = intOr(m, "month", 1);
        int day = intOr(m, "day", 1);
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return OptionalLong.empty();
        }
        int hour = intOr(m, "hour", 0);
        int minute = intOr(m, "minute", 0);
        int second = intOr(m, "second", 0);
        String fraction = m.group("fraction");
        boolean fractionIsZero = fraction == null || fraction.chars().allMatch(c -> c == '0');
        boolean endOfDay = hour == 24 && minute == 0 && second == 0 && fractionIsZero;
        if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) {
            return OptionalLong.empty();
        }
        long offsetMinutes = 0;
        if (m.group("zoneSign") != null) {
            int zoneHour = Integer.parseInt(m.group("zoneHour"));
            int zoneMinute = Integer.parseInt(m.group("zoneMinute"));
            if (zoneHour > 23 || zoneMinute > 59) {
                return OptionalLong.empty();
            }
            offsetMinutes = (zoneHour * 60L + zoneMinute) * ("-".equals(m.group("zoneSign")) ? -1 : 1);
        }
        // Day overflow is intended: days past the month's end count on into the following month.
        long epochDay = LocalDate.of(Integer.parseInt(m.group("year")), month, 1).toEpochDay() + (day - 1);
        long millis = epochDay * MILLIS_PER_DAY
                + hour * 3_600_000L + minute * 60_000L + second * 1_000L + millisOf(fraction)
                - offsetMinutes * 60_000L;
        return Math.abs(millis) > MAX_ABSOLUTE_EPOCH_MILLIS ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    /**
     * Epoch milliseconds of a ServiceNow {@code sys_updated_on} ({@code YYYY-MM-DD HH:mm:ss}, UTC) the way the
     * reference's PIT comparator reads it: the space becomes {@code T}, {@code .000Z} is appended and the result
     * goes through {@link #parse}. So {@code 2026-02-30 10:00:00} is March 2nd and {@code 24:00:00} the next day.
     */
    public static OptionalLong parseServiceNowUtc(String sysUpdatedOn) {
        if (sysUpdatedOn == null) {
            return OptionalLong.empty();
        }
        return parse(sysUpdatedOn.replaceFirst(" ", "T") + ".000Z");
    }

    /** The first three fraction digits as milliseconds (".5" is 500 ms, ".123456" is 123 ms). */
    private static long millisOf(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String firstThree = (fraction + "00").substring(0, 3);
        return Integer.parseInt(firstThree);
    }

    private static int intOr(Matcher m, String group, int fallback) {
        String digits = m.group(group);
        return digits == null ? fallback : Integer.parseInt(digits);
    }
}
