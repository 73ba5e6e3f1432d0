package io.rezilient.restore.objectstore.s3;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** An in-process, in-memory S3-compatible server (s3proxy) on a free loopback port. */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "access";
    public static final String SECRET_KEY = "secret";

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3Proxy proxy;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3ProxyServer start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        // start() returns before Jetty is serving; the state flips within milliseconds.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3ProxyServer(proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** A configuration for {@code bucket} on this server with the right credentials. */
    public S3Config.Builder config(String bucket) {
        return S3Config.builder(bucket)
                .endpoint(endpoint())
                .pathStyle(true)
                .credentials(new S3Credentials(ACCESS_KEY, SECRET_KEY, null));
    }

    /** Creates a bucket with a name no other test uses and returns the name. */
    public String newBucket() {
        String bucket = "bucket-" + BUCKETS.incrementAndGet();
        try (var admin = S3ClientFactory.create(config(bucket).build())) {
            admin.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    public void stop() throws Exception {
        proxy.stop();
    }
}
