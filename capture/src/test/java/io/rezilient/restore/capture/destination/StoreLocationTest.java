package io.rezilient.restore.capture.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {

    @Test
    void directoriesAndS3UrisAreUnderstood() {
        assertThat(StoreLocation.parse("out/dir", "rez/a")).isEqualTo(new StoreLocation(Path.of("out/dir"), null, "rez/a"));
        assertThat(StoreLocation.parse("file:/tmp/x", "rez/a").directory()).isEqualTo(Path.of("/tmp/x"));
        StoreLocation s3 = StoreLocation.parse("s3://bucket-1/tenants/acme/", "rez/a");
        assertThat(s3.isS3()).isTrue();
        assertThat(s3.bucket()).isEqualTo("bucket-1");
        assertThat(s3.prefix()).isEqualTo("tenants/acme");
        assertThat(StoreLocation.parse("s3://bucket-1", "rez/a").prefix()).isEqualTo("rez/a");
        assertThatThrownBy(() -> StoreLocation.parse("s3:///x", "p")).hasMessageContaining("names no bucket");
        assertThat(StoreLocation.parse("out", "/mine/", "rez/a").prefix()).isEqualTo("mine");
        assertThat(StoreLocation.parse("s3://b", "mine", "rez/a").prefix()).isEqualTo("mine");
        assertThat(StoreLocation.parse("s3://b/mine/", "mine", "rez/a").prefix()).isEqualTo("mine");
        assertThatThrownBy(() -> StoreLocation.parse("s3://b/theirs", "mine", "rez/a"))
                .hasMessage("--prefix mine contradicts the prefix theirs of --out s3://b/theirs");
        assertThatThrownBy(() -> StoreLocation.parse(" ", "p")).hasMessageContaining("--out must be");
    }
}
