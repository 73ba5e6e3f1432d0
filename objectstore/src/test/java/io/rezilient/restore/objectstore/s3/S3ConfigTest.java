package io.rezilient.restore.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.objectstore.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

    @Test
    void credentialsAreBothOrNeither() {
        assertThat(S3Credentials.fromParts(null, null, null)).isEmpty();
        assertThat(S3Credentials.fromParts(" ", "", null)).as("blank counts as unset").isEmpty();
        assertThat(S3Credentials.fromParts("AKIA1", "s3cr3t", null)).hasValue(new S3Credentials("AKIA1", "s3cr3t", null));
        assertThat(S3Credentials.fromParts("AKIA1", "s3cr3t", "tok")).hasValue(new S3Credentials("AKIA1", "s3cr3t", "tok"));
        assertThatThrownBy(() -> S3Credentials.fromParts("AKIA1", null, null))
                .hasMessageContaining("secret access key is missing; set both or neither");
        assertThatThrownBy(() -> S3Credentials.fromParts(null, "s3cr3t", null))
                .hasMessageContaining("access key id is missing; set both or neither");
        assertThatThrownBy(() -> S3Credentials.fromParts(null, null, "tok"))
                .hasMessageContaining("session token is set without");
    }

    @Test
    void secretsNeverAppearInToString() {
        S3Credentials credentials = new S3Credentials("AKIA1", "s3cr3t", "t0k3n");
        S3Config config = S3Config.builder("b").credentials(credentials).build();

        assertThat(credentials.toString()).contains("AKIA1").doesNotContain("s3cr3t").doesNotContain("t0k3n");
        assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("t0k3n");
    }

    @Test
    void theBuilderStartsFromDocumentedDefaults() {
        S3Config config = S3Config.builder("restore-artifacts").build();

        assertThat(config).isEqualTo(new S3Config("restore-artifacts", "us-east-1", Optional.empty(), false,
                Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.DEFAULT, 50));
        assertThat(config.describe()).isEqualTo("s3://restore-artifacts");
        assertThat(config.withMaxConnections(136).maxConnections()).isEqualTo(136);
        assertThatThrownBy(() -> config.withMaxConnections(0)).hasMessageContaining("maxConnections");
        assertThat(S3Config.builder("b").endpoint(URI.create("http://minio:9000")).build().describe())
                .isEqualTo("s3://b at http://minio:9000");
    }

    @Test
    void badSettingsAreRefusedNamingTheBucket() {
        assertThatThrownBy(() -> S3Config.builder(" ").build()).hasMessage("S3 bucket must be set");
        assertThatThrownBy(() -> S3Config.builder("a/b").build()).hasMessageContaining("'a/b' must not contain '/'");
        assertThatThrownBy(() -> S3Config.builder("b").region("").build()).hasMessageContaining("region for bucket 'b'");
        assertThatThrownBy(() -> S3Config.builder("b").endpoint(URI.create("minio:9000")).build())
                .hasMessageContaining("endpoint for bucket 'b' must be an absolute http(s) URI");
        assertThatThrownBy(() -> S3Config.builder("b").attemptTimeout(Duration.ZERO).build())
                .hasMessageContaining("attemptTimeout for bucket 'b' must be positive");
    }
}
