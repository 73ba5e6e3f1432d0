package io.rezilient.restore.objectstore.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;

/** Builds the SDK client an {@link S3Config} describes. */
public final class S3ClientFactory {

    /** The shortest stall the CRT's connection monitor accepts. */
    private static final long MIN_STALL_SECONDS = 2;

    private S3ClientFactory() {
    }

    /**
     * Returns a sync S3 client on the SDK's CRT-based HTTP client (native HTTP; measured the least CPU per request of
     * the SDK's sync clients, see bench/results/indexer.json {@code http_clients}) with the SDK's retries switched
     * off, so that {@link S3ObjectStore}'s retry policy is the only one (SDK retries inside ours would multiply
     * attempts and blow through the deadline). At most {@link S3Config#maxConnections()} requests run at once.
     */
    public static S3Client create(S3Config config) {
        return create(config, AwsCrtHttpClient.builder()
                .maxConcurrency(config.maxConnections())
                .connectionTimeout(config.connectTimeout())
                // the CRT client has no socket read timeout: a connection that stops delivering bytes for the
                // attempt timeout is closed, as a socket timeout would (the body of an open() stream included,
                // which the SDK's attempt timeout stops watching once the headers are in)
                .connectionHealthConfiguration(health -> health
                        .minimumThroughputInBps(1L)
                        .minimumThroughputTimeout(stallTimeout(config.attemptTimeout()))));
    }

    /**
     * The attempt timeout in the whole seconds the CRT's connection monitor counts, at least its minimum of two;
     * shorter attempts are still cut by the SDK's attempt timeout, this only guards a stalled body.
     */
    static Duration stallTimeout(Duration attemptTimeout) {
        long seconds = Math.max(MIN_STALL_SECONDS, (attemptTimeout.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    /**
     * The same client on another HTTP implementation (the benchmark compares them); the caller sizes and times it
     * out from {@code config} as {@link #create(S3Config)} does.
     */
    public static S3Client create(S3Config config, SdkHttpClient.Builder<?> httpClient) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentialsProvider(config))
                .httpClientBuilder(httpClient)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.attemptTimeout()));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentialsProvider(S3Config config) {
        return config.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(c.sessionToken() == null
                        ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                        : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }
}
