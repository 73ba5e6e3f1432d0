package io.rezilient.restore.objectstore.s3;

import io.rezilient.restore.objectstore.ContentSource;
import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectKeys;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import io.rezilient.restore.objectstore.retry.Retrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The object store on one S3 bucket.
 *
 * <p>Every request runs under the {@link Retrier}: transient failures (throttling, 5xx, timeouts,
 * I/O) are retried with jittered backoff up to the policy's attempts and deadline, and each
 * attempt's SDK timeout is cut to the time left before the deadline. {@link #open} retries until
 * the response headers arrive; the body stream it returns is not retried ({@link #get} is, as a whole).
 *
 * <p>Listing trusts S3 to return keys in UTF-8 byte order and checks that it does: a server that
 * sorts differently (s3proxy sorts by Java String order) would break every caller's start-after
 * cursor, so such a listing fails permanently instead of being returned out of order.
 */
public final class S3ObjectStore implements ObjectStore {

    /** S3's cap on keys per ListObjectsV2 page. */
    static final int MAX_PAGE_KEYS = 1000;

    private final S3Client s3;
    private final String bucket;
    private final Retrier retrier;
    private final Duration attemptTimeout;
    private final boolean ownsClient;
    private final String name;

    private S3ObjectStore(S3Client s3, String bucket, Retrier retrier, Duration attemptTimeout, boolean ownsClient) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.retrier = Objects.requireNonNull(retrier, "retrier");
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        this.ownsClient = ownsClient;
        this.name = "s3://" + bucket;
    }

    /** Opens a store on the bucket {@code config} names, with its own client (closed by {@link #close()}) and the system clock. */
    public static S3ObjectStore open(S3Config config) {
        return new S3ObjectStore(S3ClientFactory.create(config), config.bucket(),
                Retrier.system(config.retry()), config.attemptTimeout(), true);
    }

    /**
     * Opens a store on {@code config}'s bucket with a caller-chosen retrier (tests use a fake clock);
     * the client is built from {@code config} and closed by {@link #close()}.
     */
    public static S3ObjectStore open(S3Config config, Retrier retrier) {
        return new S3ObjectStore(S3ClientFactory.create(config), config.bucket(), retrier, config.attemptTimeout(), true);
    }

    /**
     * Wraps a client the caller owns and closes. It should have SDK retries disabled (as
     * {@link S3ClientFactory} does), or attempts multiply.
     */
    public static S3ObjectStore wrap(S3Client s3, String bucket, Retrier retrier, Duration attemptTimeout) {
        return new S3ObjectStore(s3, bucket, retrier, attemptTimeout, false);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        String directory = ObjectKeys.normalizePrefix(prefix);
        ObjectKeys.requireValidStartAfter(startAfter);
        if (limit < 1) {
            throw new IllegalArgumentException("list limit must be at least 1, got " + limit);
        }
        String target = name + "/" + directory;
        List<String> keys = new ArrayList<>(Math.min(limit, MAX_PAGE_KEYS));
        String token = null;
        String previous = startAfter;
        while (true) {
            // Never ask for more than is still wanted: then a truncated page means exactly
            // "more keys exist after the last one returned".
            int pageSize = Math.min(MAX_PAGE_KEYS, limit - keys.size());
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .maxKeys(pageSize)
                    // URL encoding keeps keys with characters XML cannot carry intact; the SDK decodes them.
                    .encodingType(EncodingType.URL);
            if (!directory.isEmpty()) {
                request.prefix(directory);
            }
            if (token != null) {
                request.continuationToken(token);
            } else if (startAfter != null) {
                request.startAfter(startAfter);
            }
            ListObjectsV2Response page = retrier.call("list", target,
                    budget -> call("list " + target, () -> s3.listObjectsV2(request.overrideConfiguration(timeouts(budget)).build())));
            for (S3Object object : page.contents()) {
                String key = object.key();
                checkOrder(directory, previous, key);
                previous = key;
                if (keys.size() < limit) {
                    keys.add(key);
                } else {
                    return new ListPage(keys, true); // the server sent more than asked; the rest are "more"
                }
            }
            boolean truncated = Boolean.TRUE.equals(page.isTruncated());
            token = page.nextContinuationToken();
            if (!truncated || keys.size() == limit || token == null) {
                return new ListPage(keys, truncated);
            }
        }
    }

    @Override
    public Optional<ObjectStream> open(String key) {
        ObjectKeys.requireValidKey(key);
        String target = name + "/" + key;
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        Optional<ResponseInputStream<GetObjectResponse>> response = retrier.call("get", target, budget -> {
            try {
                return Optional.of(s3.getObject(request.overrideConfiguration(timeouts(budget)).build()));
            } catch (SdkException e) {
                if (S3Errors.isNoSuchKey(e)) {
                    return Optional.empty();
                }
                throw S3Errors.translate("get " + target, e);
            }
        });
        return response.map(body -> new ObjectStream(key, body,
                body.response().contentLength() == null ? -1 : body.response().contentLength(),
                Optional.ofNullable(body.response().contentType())));
    }

    @Override
    public Optional<byte[]> get(String key) {
        // Reads the body inside the attempt, so a connection dropped mid-body is retried too.
        ObjectKeys.requireValidKey(key);
        String target = name + "/" + key;
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        return retrier.call("get", target, budget -> {
            try {
                ResponseBytes<GetObjectResponse> bytes =
                        s3.getObjectAsBytes(request.overrideConfiguration(timeouts(budget)).build());
                return Optional.of(bytes.asByteArrayUnsafe());
            } catch (SdkException e) {
                if (S3Errors.isNoSuchKey(e)) {
                    return Optional.empty();
                }
                throw S3Errors.translate("get " + target, e);
            }
        });
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        ObjectKeys.requireValidKey(key);
        Objects.requireNonNull(bytes, "bytes");
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        String target = name + "/" + key;
        retrier.call("put", target, budget -> call("put " + target, () -> s3.putObject(b -> b
                        .bucket(bucket).key(key).contentType(type).contentLength((long) bytes.length)
                        .overrideConfiguration(timeouts(budget)),
                // A fresh body per attempt: the bytes are re-sent whole on every retry.
                RequestBody.fromBytes(bytes))));
    }

    /**
     * A PUT with {@code If-None-Match: *} (S3 conditional writes): S3 answers 412 when the key exists, and nothing is
     * written. With {@code retainUntil} the PUT also carries a compliance-mode Object Lock retention. A retried attempt
     * that meets 412 may be meeting its own earlier success, so callers compare the stored object when it matters.
     */
    @Override
    public boolean create(String key, ContentSource content, long length, String contentType,
                          Optional<java.time.Instant> retainUntil) {
        ObjectKeys.requireValidKey(key);
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        String target = name + "/" + key;
        return retrier.call("create", target, budget -> {
            try {
                s3.putObject(b -> {
                    b.bucket(bucket).key(key).contentType(type).contentLength(length).ifNoneMatch("*")
                            .overrideConfiguration(timeouts(budget));
                    retainUntil.ifPresent(until -> b.objectLockMode(ObjectLockMode.COMPLIANCE)
                            .objectLockRetainUntilDate(until));
                }, RequestBody.fromContentProvider(() -> {
                    try {
                        return content.open();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot read the content of " + target, e);
                    }
                }, length, type));
                return true;
            } catch (SdkException e) {
                if (e instanceof SdkServiceException service && service.statusCode() == 412) {
                    return false;
                }
                throw S3Errors.translate("create " + target, e);
            }
        });
    }

    /**
     * {@link Immutability#OBJECT_LOCK} when the bucket's Object Lock configuration is enabled; otherwise a probe: the
     * same key created twice with {@code If-None-Match: *} must be refused the second time
     * ({@link Immutability#CONDITIONAL_CREATE}), else the server ignores the condition ({@link Immutability#NONE}).
     */
    @Override
    public Immutability immutability(String probePrefix) {
        if (objectLockEnabled()) {
            return Immutability.OBJECT_LOCK;
        }
        String probe = ObjectKeys.normalizePrefix(probePrefix) + "immutability-probe-" + java.util.UUID.randomUUID();
        byte[] first = "first".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] second = "second".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            create(probe, () -> new java.io.ByteArrayInputStream(first), first.length, DEFAULT_CONTENT_TYPE,
                    Optional.empty());
            boolean refused = !create(probe, () -> new java.io.ByteArrayInputStream(second), second.length,
                    DEFAULT_CONTENT_TYPE, Optional.empty());
            boolean unchanged = java.util.Arrays.equals(get(probe).orElse(new byte[0]), first);
            return refused && unchanged ? Immutability.CONDITIONAL_CREATE : Immutability.NONE;
        } finally {
            delete(probe);
        }
    }

    private boolean objectLockEnabled() {
        String target = name + " (object lock configuration)";
        return retrier.call("get object lock configuration", target, budget -> {
            try {
                var configuration = s3.getObjectLockConfiguration(b -> b.bucket(bucket)
                        .overrideConfiguration(timeouts(budget))).objectLockConfiguration();
                return configuration != null && configuration.objectLockEnabled() == ObjectLockEnabled.ENABLED;
            } catch (SdkException e) {
                // no configuration (404 ObjectLockConfigurationNotFoundError), or a server without Object Lock (501)
                if (e instanceof SdkServiceException service
                        && (service.statusCode() == 404 || service.statusCode() == 501
                        || service.statusCode() == 400)) {
                    return false;
                }
                throw S3Errors.translate("get object lock configuration of " + name, e);
            }
        });
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireValidKey(key);
        String target = name + "/" + key;
        retrier.call("delete", target, budget -> {
            try {
                return s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts(budget)));
            } catch (SdkException e) {
                if (S3Errors.isNoSuchKey(e)) {
                    return null; // S3 answers 204 for a missing key; some compatible servers say 404
                }
                throw S3Errors.translate("delete " + target, e);
            }
        });
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    /** Bounds one attempt by the configured attempt timeout and by what is left of the operation's deadline. */
    private AwsRequestOverrideConfiguration timeouts(Duration budget) {
        Duration limit = budget.compareTo(attemptTimeout) < 0 ? budget : attemptTimeout;
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(limit).apiCallAttemptTimeout(limit).build();
    }

    private void checkOrder(String directory, String previous, String key) {
        if (!key.startsWith(directory)) {
            throw new PermanentObjectStoreException("list " + name + "/" + directory + ": the server returned key "
                    + ObjectKeys.quote(key) + ", which is outside the prefix");
        }
        if (previous != null && !KeyOrder.isAfter(key, previous)) {
            throw new PermanentObjectStoreException("list " + name + "/" + directory + ": the server returned key "
                    + ObjectKeys.quote(key) + " after " + ObjectKeys.quote(previous)
                    + ", which is not UTF-8 byte order (S3's order); refusing a listing that start-after cursors"
                    + " cannot follow");
        }
    }

    private static <T> T call(String what, SdkCall<T> call) {
        try {
            return call.run();
        } catch (SdkException e) {
            throw S3Errors.translate(what, e);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }
}
