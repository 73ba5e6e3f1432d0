package io.rezilient.restore.contracts.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict ISO-8601 UTC timestamps of the restore contracts: {@code YYYY-MM-DDTHH:mm:ssZ} or
 * {@code YYYY-MM-DDTHH:mm:ss.sssZ}, which must name a real calendar instant (no Feb 30, hour 24 or leap second),
 * always emitted with milliseconds ({@code 2026-02-16T12:00:00.000Z}).
 */
public final class IsoUtc {
    /** Message of the reference's {@code isoDateTime} schema, used wherever a field fails this rule. */
    public static final String RULE_MESSAGE = "must be ISO datetime (UTC Z) with second or millisecond precision";

    private static final Pattern SHAPE =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))?Z");
    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private IsoUtc() {
    }

    /** Parses a strict timestamp, or empty when the text breaks the rule. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
            LocalTime time = LocalTime.of(num(m, 4), num(m, 5), num(m, 6),
                    m.group(7) == null ? 0 : num(m, 7) * 1_000_000);
            return Optional.of(LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException invalidCalendarValue) {
            return Optional.empty();
        }
    }

    /** True when {@code text} is a strict contract timestamp. */
    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /**
     * Canonical millisecond form of a strict timestamp.
     *
     * @throws IllegalArgumentException naming the rule when the text is not a strict timestamp
     */
    public static String canonicalize(String text) {
        return format(parse(text).orElseThrow(() -> new IllegalArgumentException(RULE_MESSAGE)));
    }

    /** Formats an instant as {@code YYYY-MM-DDTHH:mm:ss.sssZ} (truncated to milliseconds), like {@code Date.toISOString()}. */
    public static String format(Instant instant) {
        return CANONICAL.format(instant);
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
