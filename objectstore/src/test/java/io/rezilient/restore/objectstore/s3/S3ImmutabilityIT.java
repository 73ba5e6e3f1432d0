package io.rezilient.restore.objectstore.s3;

import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Write-once objects against the S3-compatible server the tests use (s3proxy): it honours {@code If-None-Match: *}
 * and has no Object Lock, so the store finds conditional creates and refuses a retention it cannot apply.
 */
class S3ImmutabilityIT {
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private static ObjectStore store() {
        return S3ObjectStore.open(server.config(server.newBucket()).build());
    }

    @Test
    void theServerEnforcesConditionalCreatesAndTheProbeLeavesNothingBehind() {
        try (ObjectStore store = store()) {
            assertThat(store.immutability("evidence/.probe")).isEqualTo(Immutability.CONDITIONAL_CREATE);
            assertThat(store.listAll("evidence", 10)).isEmpty();
        }
    }

    @Test
    void aKeyIsCreatedOnceAndNeverReplaced() {
        try (ObjectStore store = store()) {
            byte[] first = "first".getBytes(UTF_8);
            byte[] second = "second, longer".getBytes(UTF_8);

            assertThat(store.create("once/a.json", () -> new ByteArrayInputStream(first), first.length,
                    "application/json", Optional.empty())).isTrue();
            assertThat(store.create("once/a.json", () -> new ByteArrayInputStream(second), second.length,
                    "application/json", Optional.empty())).isFalse();

            assertThat(store.get("once/a.json")).hasValue(first);
        }
    }

    @Test
    void largeContentIsStreamedFromItsSource() {
        byte[] big = new byte[6 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        try (ObjectStore store = store()) {
            assertThat(store.create("big/blob", () -> new ByteArrayInputStream(big), big.length, null,
                    Optional.empty())).isTrue();
            assertThat(Arrays.equals(store.get("big/blob").orElseThrow(), big)).isTrue();
        }
    }

    @Test
    void aRetentionTheBucketCannotApplyIsAnErrorNotASilentPlainWrite() {
        try (ObjectStore store = store()) {
            byte[] bytes = "locked".getBytes(UTF_8);
            assertThatThrownBy(() -> store.create("lock/a", () -> new ByteArrayInputStream(bytes), bytes.length,
                    null, Optional.of(Instant.now().plusSeconds(3600))))
                    .isInstanceOf(PermanentObjectStoreException.class).hasMessageContaining("501");
            assertThat(store.get("lock/a")).isEmpty();
        }
    }
}
