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
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new JsonBody(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
