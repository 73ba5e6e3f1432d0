package io.rezilient.restore.contracts.env;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class HttpUriTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "https://s3.eu-west-1.amazonaws.com", "http://minio:9000/base"})
    void absoluteHttpUrisWithAHostAreAccepted(String value) {
        assertThat(HttpUri.parse(value)).contains(URI.create(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s3.amazonaws.com", "/relative", "ftp://host/x", "http://", "http:///path",
            "file:///tmp/x", "http://host name/", "mailto:ops@example.com"})
    void anythingElseIsRefused(String value) {
        assertThat(HttpUri.parse(value)).isEmpty();
    }
}
