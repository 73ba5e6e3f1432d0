package io.rezilient.restore.objectstore.s3;

import io.rezilient.restore.objectstore.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to reach one bucket.
 *
 * @param bucket         the bucket name
 * @param region         the signing region; S3-compatible servers usually accept {@code us-east-1}
 * @param endpoint       an endpoint to use instead of AWS's (MinIO, Ceph, s3proxy…), absolute http(s) URI
 * @param pathStyle      address the bucket as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key};
 *                       most S3-compatible servers need this
 * @param credentials    static credentials, or empty for the SDK's default chain (env, profile, instance role…)
 * @param connectTimeout how long to wait for a TCP connection
 * @param attemptTimeout the longest a single HTTP attempt may take (also the socket read timeout)
 * @param retry          the retry policy every operation runs under
 * @param maxConnections   connections the HTTP client keeps to the endpoint: at least the requests a caller has in
 *                         flight at once, or the extra ones queue for a connection
 */
public record S3Config(String bucket, String region, Optional<URI> endpoint, boolean pathStyle,
                       Optional<S3Credentials> credentials, Duration connectTimeout, Duration attemptTimeout,
                       RetryPolicy retry, int maxConnections) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** The AWS SDK's own default pool size. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;

    public S3Config {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket must be set");
        }
        if (!bucket.equals(bucket.strip()) || bucket.contains("/")) {
            throw new IllegalArgumentException("S3 bucket '" + bucket + "' must not contain '/' or surrounding spaces");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 region for bucket '" + bucket + "' must be set");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        endpoint.ifPresent(uri -> {
            if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "S3 endpoint for bucket '" + bucket + "' must be an absolute http(s) URI, got " + uri);
            }
        });
        requirePositive(connectTimeout, "connectTimeout", bucket);
        requirePositive(attemptTimeout, "attemptTimeout", bucket);
        Objects.requireNonNull(retry, "retry");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("S3 maxConnections for bucket '" + bucket + "' must be >= 1, got "
                    + maxConnections);
        }
    }

    /** This configuration with a connection pool of {@code connections}. */
    public S3Config withMaxConnections(int connections) {
        return new S3Config(bucket, region, endpoint, pathStyle, credentials, connectTimeout, attemptTimeout, retry,
                connections);
    }

    /** Starts a configuration for {@code bucket} with the defaults: us-east-1, AWS endpoint, virtual-host style, default credential chain. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** Where this configuration points, for messages: {@code s3://bucket} plus the endpoint if overridden. */
    public String describe() {
        return "s3://" + bucket + endpoint.map(uri -> " at " + uri).orElse("");
    }

    private static void requirePositive(Duration d, String name, String bucket) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("S3 " + name + " for bucket '" + bucket + "' must be positive, got " + d);
        }
    }

    /** Builds an {@link S3Config}; unset fields keep the documented defaults. */
    public static final class Builder {
        private final String bucket;
        private String region = DEFAULT_REGION;
        private URI endpoint;
        private boolean pathStyle;
        private S3Credentials credentials;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder(String bucket) {
            this.bucket = bucket;
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder pathStyle(boolean value) {
            this.pathStyle = value;
            return this;
        }

        public Builder credentials(S3Credentials value) {
            this.credentials = value;
            return this;
        }

        public Builder credentials(Optional<S3Credentials> value) {
            this.credentials = value.orElse(null);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder attemptTimeout(Duration value) {
            this.attemptTimeout = value;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public S3Config build() {
            return new S3Config(bucket, region, Optional.ofNullable(endpoint), pathStyle,
                    Optional.ofNullable(credentials), connectTimeout, attemptTimeout, retry, maxConnections);
        }
    }
}
