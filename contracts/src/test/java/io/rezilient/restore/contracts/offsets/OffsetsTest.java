package io.rezilient.restore.contracts.offsets;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'\"000123\"', 123", "'\"0000\"', 0", "'\"18446744073709551616000\"', 18446744073709551616000",
            "0, 0", "-0, 0", "7.0, 7", "1e3, 1000", "9007199254740991, 9007199254740991",
            "'\"9007199254740992\"', 9007199254740992",
    })
    void canonicalisesDigitStringsAndSafeIntegerLiterals(String jsonLiteral, String canonical) {
        assertThat(Offsets.canonicalize(Json.parse(jsonLiteral))).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740992", "1e21", "1.5", "-1", "\"-1\"", "\"+1\"", "\"1_000\"", "\"0x1F\"",
            "\" 12\"", "\"12\\n\"", "\"\"", "\"\u0661\u0662\"", "null", "true", "[1]"})
    void rejectsEverythingElse(String jsonLiteral) {
        assertThat(Offsets.isValid(Json.parse(jsonLiteral))).isFalse();
        assertThatThrownBy(() -> Offsets.canonicalize(Json.parse(jsonLiteral))).hasMessage(Offsets.RULE_MESSAGE);
    }

    @Test
    void comparesNumericallyWhateverTheLeadingZeros() {
        assertThat(Offsets.compare("0010", "9")).isPositive();
        assertThat(Offsets.compare("18446744073709551616", "18446744073709551615")).isPositive();
        assertThat(Offsets.compare("007", "7")).isZero();
    }
}
