package io.rezilient.restore.objectstore.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import io.rezilient.restore.objectstore.retry.FakeRetryClock;
import io.rezilient.restore.objectstore.retry.Retrier;
import io.rezilient.restore.objectstore.retry.RetriesExhaustedException;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.objectstore.s3.ScriptedS3Server.Reply;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 store against scripted failures on a real loopback HTTP connection: what is retried, how
 * often, and what the caller finally sees. Backoff waits go to a fake clock, so nothing sleeps.
 */
class S3ObjectStoreOverHttpTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(1));

    private final FakeRetryClock clock = new FakeRetryClock();
    private final CountDownLatch releaseHang = new CountDownLatch(1);
    private ScriptedS3Server server;
    private ObjectStore store;

    @AfterEach
    void tearDown() {
        releaseHang.countDown();
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ObjectStore storeOn(ScriptedS3Server s, Duration attemptTimeout) {
        S3Config config = S3Config.builder("bucket")
                .endpoint(s.endpoint())
                .pathStyle(true)
                .credentials(new S3Credentials("access", "secret", null))
                .attemptTimeout(attemptTimeout)
                .retry(POLICY)
                .build();
        return S3ObjectStore.open(config, new Retrier(POLICY, clock, new SplittableRandom(42)));
    }

    @Test
    void twoServiceUnavailableAnswersAreRetriedAndTheThirdAttemptSucceeds() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(503, "SlowDown"), Reply.error(503, "ServiceUnavailable"),
                Reply.object("text/plain", "hello"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThat(store.get("some/key")).hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("hello"));
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/bucket/some/key");
        });
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void openIsRetriedUntilTheHeadersArrive() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(500, "InternalError"), Reply.object("application/json", "{}"));
        store = storeOn(server, Duration.ofSeconds(10));

        try (var object = store.open("m.json").orElseThrow()) {
            assertThat(object.readAllBytes()).asString(UTF_8).isEqualTo("{}");
            assertThat(object.contentType()).hasValue("application/json");
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void throttledPutsAreRetriedWithTheWholeBodyResent() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(429, "TooManyRequests"), Reply.error(400, "Throttling"),
                Reply.stored());
        store = storeOn(server, Duration.ofSeconds(10));

        store.put("a/manifest.json", "{\"payload\":1}".getBytes(UTF_8), "application/json");

        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.bodyText()).contains("{\"payload\":1}");
        });
    }

    @Test
    void anOutageLongerThanThePolicyFailsNamingOperationKeyAndAttempts() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(503, "SlowDown"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThatThrownBy(() -> store.get("tenant/x.artifact.json"))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageStartingWith("get s3://bucket/tenant/x.artifact.json failed after 4 attempts")
                .hasMessageContaining("HTTP 503 SlowDown")
                .satisfies(e -> {
                    RetriesExhaustedException exhausted = (RetriesExhaustedException) e;
                    assertThat(exhausted.attempts()).isEqualTo(4);
                    assertThat(exhausted.isTransient()).isTrue();
                });
        // Exactly our four attempts reached the wire: the SDK added no retries of its own.
        assertThat(server.requests()).hasSize(4);
        assertThat(clock.sleeps()).hasSize(3);
    }

    @Test
    void aHungAttemptTimesOutAndIsRetried() throws Exception {
        server = ScriptedS3Server.start((request, index) -> {
            if (index == 0) {
                releaseHang.await(30, TimeUnit.SECONDS); // answers only after the client gave up
            }
            return Reply.object("text/plain", "late but fine");
        });
        store = storeOn(server, Duration.ofMillis(300));

        assertThat(store.get("slow")).hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("late but fine"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void accessDeniedIsNotRetried() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(403, "AccessDenied"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThatThrownBy(() -> store.delete("k"))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("delete s3://bucket/k failed: HTTP 403 AccessDenied");
        assertThat(server.requests()).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void noSuchKeyIsNotFoundAtOnceButNoSuchBucketIsAFailure() throws Exception {
        server = ScriptedS3Server.replying(Reply.error(404, "NoSuchKey"), Reply.error(404, "NoSuchBucket"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThat(store.get("missing")).isEmpty();
        assertThatThrownBy(() -> store.get("missing"))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("NoSuchBucket");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void listingFollowsContinuationTokensAndStartsAfterOnlyOnTheFirstPage() throws Exception {
        server = ScriptedS3Server.replying(
                listing(true, "tok-2", "p/a", "p/Ａ"),
                listing(false, null, "p/\uD800\uDC00", "p/😀"));
        store = storeOn(server, Duration.ofSeconds(10));

        ListPage page = store.list("p", "p/0", 2500);

        assertThat(page).isEqualTo(new ListPage(List.of("p/a", "p/Ａ", "p/\uD800\uDC00", "p/😀"), false));
        var first = server.requests().get(0).query();
        var second = server.requests().get(1).query();
        assertThat(first).containsEntry("list-type", "2").containsEntry("prefix", "p/")
                .containsEntry("start-after", "p/0").containsEntry("max-keys", "1000")
                .doesNotContainKey("continuation-token");
        assertThat(second).containsEntry("continuation-token", "tok-2").containsEntry("max-keys", "1000")
                .doesNotContainKey("start-after");
    }

    @Test
    void aFullPageWithMoreBehindItEndsTheListingWithoutAnotherRequest() throws Exception {
        server = ScriptedS3Server.replying(listing(true, "tok-2", "p/1", "p/2"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThat(store.list("p", 2)).isEqualTo(new ListPage(List.of("p/1", "p/2"), true));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).query()).containsEntry("max-keys", "2");
    }

    @Test
    void aServerThatSortsByJavaStringOrderIsRefused() throws Exception {
        server = ScriptedS3Server.replying(listing(false, null, "p/😀", "p/Ａ"));
        store = storeOn(server, Duration.ofSeconds(10));

        assertThatThrownBy(() -> store.list("p", 10))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("not UTF-8 byte order");
    }

    /** A ListObjectsV2 answer in S3's own form, keys URL-encoded as asked. */
    private static Reply listing(boolean truncated, String nextToken, String... keys) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>bucket</Name><Prefix>p/</Prefix><KeyCount>" + keys.length + "</KeyCount>"
                + "<MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>"
                + "<IsTruncated>" + truncated + "</IsTruncated>");
        if (nextToken != null) {
            xml.append("<NextContinuationToken>").append(nextToken).append("</NextContinuationToken>");
        }
        for (String key : keys) {
            xml.append("<Contents><Key>").append(URLEncoder.encode(key, UTF_8)).append("</Key><Size>1</Size></Contents>");
        }
        return Reply.xml(xml.append("</ListBucketResult>").toString());
    }
}
