package io.rezilient.restore.contracts.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsNumbersTest {
    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', value = {
            "1.0                     | 1",
            "2.50000                 | 2.5",
            "100                     | 100",
            "-0.0                    | 0",
            "0.1                     | 0.1",
            "0.30000000000000004     | 0.30000000000000004",
            "999999999999999900000   | 999999999999999900000",
            "1e21                    | 1e+21",
            "1.5e300                 | 1.5e+300",
            "0.000001                | 0.000001",
            "1e-7                    | 1e-7",
            "-1.25e-10               | -1.25e-10",
            "4.9e-324                | 5e-324",
            "1.7976931348623157e308  | 1.7976931348623157e+308",
            "9007199254740993        | 9007199254740992",
            "12345678901234567890    | 12345678901234567000",
            "123.456                 | 123.456",
            "1e16                    | 10000000000000000",
            "-5e-7                   | -5e-7",
            "1.2345e-5               | 0.000012345"})
    void formatsLikeEcmaScriptNumberToString(double value, String expected) {
        assertThat(JsNumbers.toString(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
    void namesNonFiniteValuesLikeJavaScript(double value, String expected) {
        assertThat(JsNumbers.toString(value)).isEqualTo(expected);
    }
}
