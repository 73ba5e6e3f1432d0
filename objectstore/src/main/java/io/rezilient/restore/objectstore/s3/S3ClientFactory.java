package io.rezilient.restore.objectstore.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client an {@link S3Config} describes. */
public final class S3ClientFactory {

    private S3ClientFactory() {
    }

    /**
     * Returns a sync S3 client on the Apache HTTP client (its pool sized to {@link S3Config#maxConnections()}) with
     * the SDK's retries switched off, so that {@link S3ObjectStore}'s retry policy is the only one (SDK retries
     * inside ours would multiply attempts and blow through the deadline).
     */
    public static S3Client create(S3Config config) {
        return create(config, ApacheHttpClient.builder()
                .maxConnections(config.maxConnections())
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.attemptTimeout()));
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
