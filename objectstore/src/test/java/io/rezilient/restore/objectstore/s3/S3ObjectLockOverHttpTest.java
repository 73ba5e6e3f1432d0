package io.rezilient.restore.objectstore.s3;

import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.retry.FakeRetryClock;
import io.rezilient.restore.objectstore.retry.Retrier;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.objectstore.s3.ScriptedS3Server.Reply;
import io.rezilient.restore.objectstore.s3.ScriptedS3Server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes on the wire for write-once objects, against scripted S3 answers (s3proxy has no Object Lock): a bucket
 * whose Object Lock is enabled gets compliance-mode retention headers with the conditional create, and a server that
 * ignores {@code If-None-Match} is found out by the probe.
 */
class S3ObjectLockOverHttpTest {
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofSeconds(30));
    private ScriptedS3Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ObjectStore storeOn(ScriptedS3Server s) {
        S3Config config = S3Config.builder("locked").endpoint(s.endpoint()).pathStyle(true)
                .credentials(new S3Credentials("a", "b", null)).retry(POLICY).build();
        return S3ObjectStore.open(config, new Retrier(POLICY, new FakeRetryClock(), new SplittableRandom(42)));
    }

    @Test
    void anObjectLockBucketGetsComplianceRetentionOnEveryCreate() throws Exception {
        server = ScriptedS3Server.start((request, index) -> request.query().containsKey("object-lock")
                ? Reply.xml("<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                + "</ObjectLockConfiguration>") : Reply.stored());
        ObjectStore store = storeOn(server);
        Instant until = Instant.parse("2033-12-07T00:00:00Z");
        byte[] bytes = "{\"evidence\":{}}".getBytes(UTF_8);

        assertThat(store.immutability("evidence/.probe")).isEqualTo(Immutability.OBJECT_LOCK);
        assertThat(store.create("evidence/p/evidence.json", () -> new ByteArrayInputStream(bytes), bytes.length,
                "application/json", Optional.of(until))).isTrue();

        Request put = server.requests().getLast();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/locked/evidence/p/evidence.json");
        assertThat(put.headers()).containsEntry("if-none-match", "*")
                .containsEntry("x-amz-object-lock-mode", "COMPLIANCE")
                .containsEntry("x-amz-object-lock-retain-until-date", "2033-12-07T00:00:00Z");
        // a streamed body goes aws-chunked (signed chunks, a checksum trailer) around the content
        assertThat(put.bodyText()).contains("{\"evidence\":{}}");
    }

    @Test
    void aServerThatIgnoresTheConditionIsFoundOut() throws Exception {
        // no Object Lock (404), every PUT accepted, the probe object reads back as the second write
        server = ScriptedS3Server.start((request, index) -> request.query().containsKey("object-lock")
                ? Reply.error(404, "ObjectLockConfigurationNotFoundError")
                : request.method().equals("GET") ? Reply.object("application/octet-stream", "second")
                : request.method().equals("DELETE") ? new Reply(204, java.util.Map.of(), new byte[0])
                : Reply.stored());
        ObjectStore store = storeOn(server);

        assertThat(store.immutability("evidence/.probe")).isEqualTo(Immutability.NONE);
        List<String> methods = server.requests().stream().map(Request::method).toList();
        assertThat(methods).containsSubsequence("PUT", "PUT", "GET", "DELETE");
    }

    @Test
    void aConditionalCreateRefusedWith412WritesNothingAndSaysSo() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(412, "PreconditionFailed"));
        ObjectStore store = storeOn(server);
        byte[] bytes = "x".getBytes(UTF_8);

        assertThat(store.create("evidence/a", () -> new ByteArrayInputStream(bytes), 1, null, Optional.empty()))
                .isFalse();
        assertThat(server.requests()).hasSize(1);
    }
}
