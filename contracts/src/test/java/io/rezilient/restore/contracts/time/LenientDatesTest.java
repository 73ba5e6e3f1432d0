package io.rezilient.restore.contracts.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LenientDatesTest {
    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            // every month takes days up to 31; the surplus rolls over
            "2026-02-30T00:00:00.000Z, 2026-03-02T00:00:00Z",
            "2026-02-29T00:00:00Z,     2026-03-01T00:00:00Z",
            "2024-02-30T12:00:00Z,     2024-03-01T12:00:00Z",
            "2026-04-31T23:59:59.999Z, 2026-05-01T23:59:59.999Z",
            // 24:00 is the next day's midnight, with any all-zero tail
            "2026-02-21T24:00:00Z,     2026-02-22T00:00:00Z",
            "2026-12-31T24:00Z,        2027-01-01T00:00:00Z",
            "2026-02-21T24:00:00.000Z, 2026-02-22T00:00:00Z",
            // offsets are honoured, with or without the colon
            "2026-02-21T12:00:00.000+02:00, 2026-02-21T10:00:00Z",
            "2026-02-21T12:00:00+0200,      2026-02-21T10:00:00Z",
            "2026-02-21T04:30:00-05:30,     2026-02-21T10:00:00Z",
            // shorter forms: date-only and year-month mean UTC midnight of the first missing unit
            "2026,                     2026-01-01T00:00:00Z",
            "2026-02,                  2026-02-01T00:00:00Z",
            "2026-02-21,               2026-02-21T00:00:00Z",
            "2026-02-21T10:00Z,        2026-02-21T10:00:00Z",
            // any fraction length, cut (not rounded) to milliseconds
            "2026-02-21T10:00:00.5Z,         2026-02-21T10:00:00.500Z",
            "2026-02-21T10:00:00.12Z,        2026-02-21T10:00:00.120Z",
            "2026-02-21T10:00:00.123999999Z, 2026-02-21T10:00:00.123Z",
            // case of the separators does not matter
            "2026-02-21t10:00:00z,     2026-02-21T10:00:00Z",
            // signed six-digit years
            "+002026-02-21T10:00:00Z,  2026-02-21T10:00:00Z",
            "0000-01-01T00:00:00Z,     0000-01-01T00:00:00Z",
    })
    void readsTheEcmaScriptGrammarLikeV8(String text, String instant) {
        assertThat(LenientDates.parse(text)).hasValue(millis(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-02-32T00:00:00Z", "2026-02-00T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
            "2026-02-21T25:00:00Z", "2026-02-21T24:00:01Z", "2026-02-21T24:01:00Z", "2026-02-21T24:00:00.001Z",
            "2026-02-21T10:60:00Z", "2026-02-21T10:00:60Z", "2026-02-21T10:00:00+24:00",
            "2026-02-21T10:00:00+02:60", "2026-02-21T10:00:00+02", "2026-02-21T10:00:00.Z",
            "2026-02-21T1:00:00Z", "2026-2-21", "20260-02-21", "-000000-01-01T00:00:00Z",
            "2026-02-21T10:00:00Z ", " 2026-02-21T10:00:00Z", "2026-02-21T10:00:00ZZ", "",
            "\u0662\u0660\u0662\u0666-02-21T10:00:00Z",
    })
    void rejectsWhatV8RejectsOnTheIsoPath(String text) {
        assertThat(LenientDates.parse(text)).isEmpty();
    }

    /** V8's legacy fallback would accept these; we decline it on purpose (docs/deviations.md). */
    @ParameterizedTest
    @ValueSource(strings = {"not-a-date.000Z", "yesterday", "Feb 21 2026 10:00:00 GMT", "2026-02-21Z",
            "2026-02-21 10:00:00", "12/25/2026"})
    void declinesV8sLegacyFallback(String text) {
        assertThat(LenientDates.parse(text)).isEmpty();
    }

    @Test
    void staysWithinEcmaScriptsTimeRange() {
        assertThat(LenientDates.parse("+275760-09-13T00:00:00.000Z")).hasValue(8_640_000_000_000_000L);
        assertThat(LenientDates.parse("-271821-04-20T00:00:00.000Z")).hasValue(-8_640_000_000_000_000L);
        assertThat(LenientDates.parse("+275760-09-13T00:00:00.001Z")).isEmpty();
        assertThat(LenientDates.parse("-271821-04-19T23:59:59.999Z")).isEmpty();
    }

    @Test
    void readsAZonelessDateTimeAsUtcNotHostLocal() {
        assertThat(LenientDates.parse("2026-02-21T10:00:00")).hasValue(millis("2026-02-21T10:00:00Z"));
    }

    @Test
    void nullIsInvalid() {
        assertThat(LenientDates.parse(null)).isEmpty();
        assertThat(LenientDates.parseServiceNowUtc(null)).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20260221})
    void agreesWithTheStrictParserOnEveryStrictTimestamp(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            long epochMillis = random.nextLong(-62_167_219_200_000L, 253_402_300_799_999L);
            String canonical = IsoUtc.format(Instant.ofEpochMilli(epochMillis));
            assertThat(LenientDates.parse(canonical)).as(canonical).hasValue(epochMillis);
            String secondsOnly = canonical.substring(0, 19) + "Z";
            assertThat(LenientDates.parse(secondsOnly)).as(secondsOnly)
                    .hasValue(IsoUtc.parse(secondsOnly).orElseThrow().toEpochMilli());
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "2026-02-21 10:00:00, 2026-02-21T10:00:00Z",
            "2026-02-30 10:00:00, 2026-03-02T10:00:00Z",
            "2026-02-21 24:00:00, 2026-02-22T00:00:00Z",
            "0001-01-01 00:00:00, 0001-01-01T00:00:00Z",
    })
    void readsServiceNowTimestampsAsUtc(String sysUpdatedOn, String instant) {
        assertThat(LenientDates.parseServiceNowUtc(sysUpdatedOn)).hasValue(millis(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-32 10:00:00", "2026-13-01 00:00:00", "2026-02-21 25:00:00", "not-a-date",
            "2026-02-21 10:00:00.000", "2026-02-21 10:00"})
    void rejectsServiceNowTimestampsV8CannotReadOnTheIsoPath(String sysUpdatedOn) {
        assertThat(LenientDates.parseServiceNowUtc(sysUpdatedOn)).isEqualTo(OptionalLong.empty());
    }
}
