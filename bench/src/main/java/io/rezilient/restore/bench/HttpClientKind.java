package io.rezilient.restore.bench;

import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.objectstore.retry.Retrier;
import io.rezilient.restore.objectstore.s3.S3ClientFactory;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;

/**
 * The S3 SDK's sync HTTP clients the indexer benchmark compares, each built from the indexer's {@link S3Config} as
 * {@link S3ClientFactory} builds the production one: same connect and socket timeouts where the client has them, its
 * pool sized to the configured connections, SDK retries off (the factory's), attempt timeouts from the config.
 */
enum HttpClientKind {
    /** Apache HttpClient 4 with a pool of {@code maxConnections}. */
    APACHE("apache") {
        @Override
        SdkHttpClient.Builder<?> builder(S3Config config) {
            return ApacheHttpClient.builder().maxConnections(config.maxConnections())
                    .connectionTimeout(config.connectTimeout()).socketTimeout(config.attemptTimeout());
        }
    },
    /**
     * The JDK's HttpURLConnection. It has no pool setting of its own: the JDK keeps {@code http.maxConnections} idle
     * connections per destination (default 5), so the benchmark raises that system property to the pool size.
     */
    URL_CONNECTION("url-connection") {
        @Override
        SdkHttpClient.Builder<?> builder(S3Config config) {
            return UrlConnectionHttpClient.builder().connectionTimeout(config.connectTimeout())
                    .socketTimeout(config.attemptTimeout());
        }
    },
    /** The AWS Common Runtime's native HTTP client (sync API), at most {@code maxConnections} requests at once. */
    CRT("crt") {
        @Override
        SdkHttpClient.Builder<?> builder(S3Config config) {
            return AwsCrtHttpClient.builder().maxConcurrency(config.maxConnections())
                    .connectionTimeout(config.connectTimeout());
        }
    };

    /** The client {@link S3ClientFactory#create(S3Config)} builds for production. */
    static final HttpClientKind PRODUCTION = APACHE;

    private final String label;

    HttpClientKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    abstract SdkHttpClient.Builder<?> builder(S3Config config);

    /** Opens an S3 location on this client; closing the store closes the client. */
    ObjectStore open(ObjectStoreLocation location) {
        if (!(location instanceof ObjectStoreLocation.S3(S3Config config))) {
            throw new IllegalArgumentException("an HTTP client is chosen for S3 stores only, not " + location.describe());
        }
        S3Client client = S3ClientFactory.create(config, builder(config));
        return new ForwardingObjectStore(S3ObjectStore.wrap(client, config.bucket(), Retrier.system(config.retry()),
                config.attemptTimeout())) {
            // the S3 store's own whole-object read, as the indexer uses it unwrapped (the base class reads
            // through open())
            @Override
            public Optional<byte[]> get(String key) {
                return delegate().get(key);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
