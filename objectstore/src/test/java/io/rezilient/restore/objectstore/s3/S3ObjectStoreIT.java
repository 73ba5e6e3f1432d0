package io.rezilient.restore.objectstore.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStoreContract;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The object-store contract against a real S3 protocol server (s3proxy, in process). */
class S3ObjectStoreIT extends ObjectStoreContract {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected ObjectStore newStore() {
        return S3ObjectStore.open(server.config(server.newBucket()).build());
    }

    /**
     * s3proxy 4.1.0 lists in Java String (UTF-16) order, unlike AWS S3, so the inherited test cannot
     * pass against it. What the store must do with such a server is refuse the misordered listing;
     * for characters where the two orders agree, the listing must still come back in order.
     */
    @Override
    @Test
    protected void listingIsInUtf8ByteOrderNotJavaStringOrder() throws Exception {
        putAll(UTF8_ORDERED);
        List<String> bmp = List.of("bmp/a", "bmp/z", "bmp/é", "bmp/ÿ", "bmp/Ａ", "bmp/\uFFFD");
        putAll(bmp.reversed());

        assertThatThrownBy(() -> store.list("order", 100))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("'order/Ａ' after 'order/😀'")
                .hasMessageContaining("not UTF-8 byte order");
        assertThat(store.listAll("bmp", 10)).containsExactlyElementsOf(bmp);
    }

    @Test
    void theContentTypeIsStoredWithTheObject() throws Exception {
        store.put("typed/manifest.json", "{}".getBytes(UTF_8), "application/json");
        store.put("typed/blob", new byte[] {1, 2, 3});

        try (ObjectStream json = store.open("typed/manifest.json").orElseThrow();
             ObjectStream blob = store.open("typed/blob").orElseThrow()) {
            assertThat(json.contentType()).hasValue("application/json");
            assertThat(json.length()).isEqualTo(2);
            assertThat(blob.contentType()).hasValue(ObjectStore.DEFAULT_CONTENT_TYPE);
        }
    }

    @Test
    void aMissingBucketIsAPermanentFailureNotAnEmptyStore() {
        try (ObjectStore missing = S3ObjectStore.open(server.config("no-such-bucket").build())) {
            assertThatThrownBy(() -> missing.list("", 10))
                    .isInstanceOf(PermanentObjectStoreException.class)
                    .hasMessageContaining("s3://no-such-bucket")
                    .hasMessageContaining("NoSuchBucket");
            assertThatThrownBy(() -> missing.get("some/key"))
                    .isInstanceOf(PermanentObjectStoreException.class)
                    .hasMessageContaining("s3://no-such-bucket/some/key");
        }
    }

    @Test
    void wrongCredentialsArePermanentAndNotRetried() {
        String bucket = server.newBucket();
        try (ObjectStore denied = S3ObjectStore.open(server.config(bucket)
                .credentials(new S3Credentials(S3ProxyServer.ACCESS_KEY, "wrong-secret", null)).build())) {
            assertThatThrownBy(() -> denied.put("k", new byte[1]))
                    .isInstanceOf(PermanentObjectStoreException.class)
                    .hasMessageContaining("put s3://" + bucket + "/k failed: HTTP 403");
        }
    }
}
