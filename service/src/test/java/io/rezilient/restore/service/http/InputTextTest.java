package io.rezilient.restore.service.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rezilient.restore.contracts.validation.ParseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The boundary rule for identifiers and text: what PostgreSQL and its indexes can hold, and nothing else. */
class InputTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"incident", "sn://acme.service-now.com", "tenant-acme", "ops.jane@acme.example",
            "\u8868\u540d", "caf\u00e9 au lait", "\ud83d\ude00", "x"})
    void ordinaryNamesAreIdentifiers(String value) {
        assertThat(InputText.identifierProblem(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", "\u2003"})
    void blankIsNotAnIdentifier(String value) {
        assertThat(InputText.identifierProblem(value)).contains(InputText.BLANK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "plan\u0000id", "a\tb", "a\nb", "\u0007", "\u001b[31m", "\u007f", "\u0085",
            "\u009f"})
    void controlCharactersAreNotInIdentifiers(String value) {
        assertThat(InputText.identifierProblem(value)).contains(InputText.CONTROL_CHARACTERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udfffb", "\udc00\ud800", "x\ud83d"})
    void unpairedSurrogatesAreNotUnicode(String value) {
        assertThat(InputText.identifierProblem(value)).contains(InputText.MALFORMED_UNICODE);
        assertThat(InputText.textProblem(value)).contains(InputText.MALFORMED_UNICODE);
    }

    @Test
    void identifiersAreCappedAt256BytesOfUtf8() {
        assertThat(InputText.identifierProblem("x".repeat(256))).isEmpty();
        assertThat(InputText.identifierProblem("x".repeat(257))).contains(InputText.TOO_LONG);
        // bytes count, not characters: 128 two-byte characters fit, 129 do not
        assertThat(InputText.identifierProblem("\u00e9".repeat(128))).isEmpty();
        assertThat(InputText.identifierProblem("\u00e9".repeat(129))).contains(InputText.TOO_LONG);
        assertThat(InputText.identifierProblem("\ud83d\ude00".repeat(65))).contains(InputText.TOO_LONG);
    }

    @Test
    void textMayHoldTabsLineBreaksAndAnyWellFormedCharacterButNoOtherControl() {
        assertThat(InputText.textProblem("a reason\non two lines\twith a tab\r\n")).isEmpty();
        assertThat(InputText.textProblem("x".repeat(100_000) + "\u007f\u0085\ufffd")).isEmpty();
        assertThat(InputText.textProblem("a\u0000b")).contains(InputText.TEXT_CONTROL_CHARACTERS);
        assertThat(InputText.textProblem("\u001f")).contains(InputText.TEXT_CONTROL_CHARACTERS);
    }

    @Test
    void theSchemaFormKeepsZodsEmptyStringMessageAndAddsTheRule() {
        ParseResult empty = InputText.identifier().parse(JsonNodeFactory.instance.textNode(""));
        assertThat(empty.firstIssue().orElseThrow().message()).contains(">=1 characters");
        ParseResult nul = InputText.identifier().parse(JsonNodeFactory.instance.textNode("a\u0000"));
        assertThat(nul.firstIssue().orElseThrow().message()).isEqualTo(InputText.CONTROL_CHARACTERS);
        assertThat(InputText.identifier().parse(JsonNodeFactory.instance.textNode("incident")).isValid()).isTrue();
    }

    @Test
    void requireIdentifierNamesTheFieldAndNeverTheValue() {
        assertThatThrownBy(() -> InputText.requireIdentifier("plan_id", "secret\u0000value"))
                .isInstanceOfSatisfying(ApiError.class, error -> {
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.error()).isEqualTo("invalid_request");
                    assertThat(error.getMessage()).isEqualTo("plan_id: " + InputText.CONTROL_CHARACTERS)
                            .doesNotContain("secret");
                });
    }
}
