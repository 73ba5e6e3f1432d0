package io.rezilient.restore.contracts.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoUtcTest {
    @Test
    void padsSecondsToMilliseconds() {
        assertThat(IsoUtc.canonicalize("2026-02-21T10:00:00Z")).isEqualTo("2026-02-21T10:00:00.000Z");
        assertThat(IsoUtc.canonicalize("0000-01-01T00:00:00Z")).isEqualTo("0000-01-01T00:00:00.000Z");
    }

    /** Unlike {@link LenientDates}, the strict rule wants a real calendar instant and the exact shape. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2026-02-21T24:00:00Z",
            "2026-04-31T00:00:00Z", "2026-02-21T10:00:00+00:00", "2026-02-21T10:00:00.1Z", "2026-02-21T10:00:00z",
            "2026-02-21T10:00:00Z\n", "+002026-02-21T10:00:00Z", "2026-02-21"})
    void rejectsWhatTheLenientParserWouldAccept(String text) {
        assertThat(LenientDates.parse(text.strip())).as("lenient reading of %s", text).isPresent();
        assertThatThrownBy(() -> IsoUtc.canonicalize(text)).hasMessage(IsoUtc.RULE_MESSAGE);
    }
}
