package io.rezilient.restore.service.http;

import io.rezilient.restore.contracts.validation.Schemas;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyTest {
    private static ApiError rejected(String body) {
        return (ApiError) assertThatThrownBy(() -> JsonBody.parseObject(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiError.class).actual();
    }

    @Test
    void nestedDuplicateKeysAreRejectedToo() {
        assertThat(rejected("{\"a\":{\"b\":1,\"b\":2}}").getMessage()).isEqualTo("duplicate key in request body: b");
    }

    @Test
    void validationMapsTheFirstIssueToInvalidRequest() {
        ApiError error = (ApiError) assertThatThrownBy(() -> JsonBody.validate(JsonBody.parseObject("{}".getBytes()),
                Schemas.object().field("plan_id", Schemas.string()))).isInstanceOf(ApiError.class).actual();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.error()).isEqualTo("invalid_request");
        assertThat(error.getMessage()).isNotBlank();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        byte[] latin1 = "{\"table\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ApiError error = (ApiError) assertThatThrownBy(() -> JsonBody.parseObject(latin1)).isInstanceOf(ApiError.class)
                .actual();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.getMessage()).isEqualTo(JsonBody.NOT_UTF8);
        // an encoded unpaired surrogate (ED A0 80) is not UTF-8 either
        assertThatThrownBy(() -> JsonBody.parseObject(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED,
                (byte) 0xA0, (byte) 0x80, '"', '}'})).hasMessage(JsonBody.NOT_UTF8);
    }

    @Test
    void aNulOrControlCharacterAnywhereInTheBodyIsRefusedWithItsPath() {
        ApiError deep = rejected("{\"scope\":{\"tables\":[\"incident\",\"a\\u0000b\"]}}");
        assertThat(deep.error()).isEqualTo("invalid_request");
        assertThat(deep.getMessage()).isEqualTo("scope.tables[1]: " + InputText.TEXT_CONTROL_CHARACTERS);
        assertThat(rejected("{\"a\\u0001\":1}").getMessage()).isEqualTo("a member name "
                + InputText.TEXT_CONTROL_CHARACTERS);
        assertThat(rejected("{\"note\":\"\\ud800\"}").getMessage()).isEqualTo("note: " + InputText.MALFORMED_UNICODE);
        // tabs and line breaks are text
        assertThat(JsonBody.parseObject("{\"reason\":\"line one\\nline two\\tend\"}"
                .getBytes(StandardCharsets.UTF_8)).path("reason").asText()).contains("\n");
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new JsonBody(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
