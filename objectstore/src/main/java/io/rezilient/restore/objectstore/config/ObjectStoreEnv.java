package io.rezilient.restore.objectstore.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3Credentials;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The environment variables of one object store, declared once for every component that reads one: the names are
 * the component's prefix plus a fixed {@link Variable} suffix ({@code REZ_RESTORE_INDEXER_SOURCE_BUCKET} for the
 * indexer's source, {@code REZ_OBJECT_STORE_BUCKET} for the restore service), and everything else — defaults,
 * descriptions, validation, messages and the retry policy — is the same for all of them.
 *
 * <p>Rules: {@link #root()} (a filesystem store, ours) or S3 ({@link #bucket()} and {@link #region()} both
 * required), never both; access key and secret together or neither (then the default AWS credential chain), a
 * session token only with both; the S3 retry policy is {@link RetryPolicy#of} of {@link #maxAttempts()} and
 * {@link #retryBaseMs()}, whose defaults are {@link RetryPolicy#DEFAULT}'s.
 */
public final class ObjectStoreEnv {
    /** The name suffixes, in documentation order. */
    public enum Variable {
        ROOT, BUCKET, REGION, ENDPOINT, FORCE_PATH_STYLE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN,
        MAX_ATTEMPTS, RETRY_BASE_MS
    }

    private static final String NOT_IN_REFERENCE = " Not a reference variable.";

    private final String prefix;
    private final Set<Variable> notInReference;
    private final EnvVar<Path> root;
    private final EnvVar<String> bucket;
    private final EnvVar<String> region;
    private final EnvVar<URI> endpoint;
    private final EnvVar<Boolean> forcePathStyle;
    private final EnvVar<String> accessKeyId;
    private final EnvVar<String> secretAccessKey;
    private final EnvVar<String> sessionToken;
    private final EnvVar<Integer> maxAttempts;
    private final EnvVar<Integer> retryBaseMs;

    /**
     * @param prefix         what the component's names start with, e.g. {@code REZ_OBJECT_STORE_}
     * @param notInReference the variables the reference does not read under this prefix (our additions); their
     *                       descriptions say so
     */
    public ObjectStoreEnv(String prefix, Set<Variable> notInReference) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.notInReference = notInReference.isEmpty() ? EnumSet.noneOf(Variable.class)
                : EnumSet.copyOf(notInReference);
        String rootName = name(Variable.ROOT);
        String bucketName = name(Variable.BUCKET);
        String regionName = name(Variable.REGION);
        root = new EnvVar<>(rootName, null, Path::of, doc(Variable.ROOT, "Filesystem object store directory (what "
                + "`rez capture` writes); the alternative to the S3 variables, never combined with them."));
        bucket = new EnvVar<>(bucketName, null, StoreParsers.TEXT, doc(Variable.BUCKET,
                "S3 bucket; required with " + regionName + " unless " + rootName + " is set."));
        region = new EnvVar<>(regionName, null, StoreParsers.TEXT, doc(Variable.REGION,
                "S3 signing region; required with " + bucketName + " unless " + rootName + " is set."));
        endpoint = new EnvVar<>(name(Variable.ENDPOINT), null, StoreParsers.HTTP_URI, doc(Variable.ENDPOINT,
                "S3-compatible endpoint (absolute http(s) URI); unset: AWS."));
        forcePathStyle = new EnvVar<>(name(Variable.FORCE_PATH_STYLE), "false", StoreParsers.BOOLEAN,
                doc(Variable.FORCE_PATH_STYLE, "Path-style bucket addressing (most S3-compatible servers need it)."));
        accessKeyId = new EnvVar<>(name(Variable.ACCESS_KEY_ID), null, StoreParsers.TEXT, doc(Variable.ACCESS_KEY_ID,
                "Static S3 access key; set together with the secret, or neither (default AWS credential chain)."));
        secretAccessKey = new EnvVar<>(name(Variable.SECRET_ACCESS_KEY), null, StoreParsers.TEXT,
                doc(Variable.SECRET_ACCESS_KEY, "Static S3 secret; set together with the access key, or neither. "
                        + "Secret."));
        sessionToken = new EnvVar<>(name(Variable.SESSION_TOKEN), null, StoreParsers.TEXT, doc(Variable.SESSION_TOKEN,
                "Session token of temporary credentials (needs both of the above). Secret."));
        maxAttempts = new EnvVar<>(name(Variable.MAX_ATTEMPTS), Integer.toString(RetryPolicy.DEFAULT.maxAttempts()),
                StoreParsers.POSITIVE_INT, doc(Variable.MAX_ATTEMPTS, "Attempts per S3 call, the first included."));
        retryBaseMs = new EnvVar<>(name(Variable.RETRY_BASE_MS),
                Long.toString(RetryPolicy.DEFAULT.baseDelay().toMillis()), StoreParsers.POSITIVE_INT,
                doc(Variable.RETRY_BASE_MS, "First S3 retry backoff in milliseconds; doubles per attempt (a random "
                        + "wait between half and all of it, at most " + RetryPolicy.MAX_DELAY.toSeconds()
                        + " s; a call gives up after " + RetryPolicy.DEADLINE.toSeconds() + " s)."));
    }

    /** The prefix the names start with. */
    public String prefix() {
        return prefix;
    }

    private String name(Variable variable) {
        return prefix + variable.name();
    }

    private String doc(Variable variable, String text) {
        return notInReference.contains(variable) ? text + NOT_IN_REFERENCE : text;
    }

    public EnvVar<Path> root() {
        return root;
    }

    public EnvVar<String> bucket() {
        return bucket;
    }

    public EnvVar<String> region() {
        return region;
    }

    public EnvVar<URI> endpoint() {
        return endpoint;
    }

    public EnvVar<Boolean> forcePathStyle() {
        return forcePathStyle;
    }

    public EnvVar<String> accessKeyId() {
        return accessKeyId;
    }

    public EnvVar<String> secretAccessKey() {
        return secretAccessKey;
    }

    public EnvVar<String> sessionToken() {
        return sessionToken;
    }

    public EnvVar<Integer> maxAttempts() {
        return maxAttempts;
    }

    public EnvVar<Integer> retryBaseMs() {
        return retryBaseMs;
    }

    /** Every variable, in {@link Variable} order. */
    public List<EnvVar<?>> all() {
        return List.of(root, bucket, region, endpoint, forcePathStyle, accessKeyId, secretAccessKey, sessionToken,
                maxAttempts, retryBaseMs);
    }

    /** The variable with suffix {@code variable}. */
    public EnvVar<?> get(Variable variable) {
        return all().get(variable.ordinal());
    }

    /**
     * Reads and validates the store. Every problem found is added to {@code problems}, each naming its variable, so
     * one start-up reports every mistake at once.
     *
     * @return the location, or null when any problem was found
     */
    public ObjectStoreLocation read(Map<String, String> env, List<String> problems) {
        int before = problems.size();
        Path rootPath = root.read(env, problems);
        String bucketName = bucket.read(env, problems);
        String regionName = region.read(env, problems);
        URI endpointUri = endpoint.read(env, problems);
        Boolean pathStyle = forcePathStyle.read(env, problems);
        Integer attempts = maxAttempts.read(env, problems);
        Integer baseMs = retryBaseMs.read(env, problems);
        if (root.isSet(env)) {
            // half a filesystem and half an S3 set-up is ambiguous: refuse rather than guess which one was meant
            List<String> s3Only = all().stream().filter(v -> v != root && v.isSet(env)).map(EnvVar::name).toList();
            if (!s3Only.isEmpty()) {
                problems.add(root.name() + " (filesystem store) cannot be combined with " + s3Only);
            }
            return problems.size() > before ? null : new ObjectStoreLocation.Filesystem(rootPath);
        }
        requireForS3(bucket, region, env, problems);
        requireForS3(region, bucket, env, problems);
        Optional<S3Credentials> credentials = credentials(env, problems);
        if (problems.size() > before) {
            return null;
        }
        try {
            return new ObjectStoreLocation.S3(S3Config.builder(bucketName).region(regionName).endpoint(endpointUri)
                    .pathStyle(pathStyle).credentials(credentials)
                    .retry(RetryPolicy.of(attempts, Duration.ofMillis(baseMs))).build());
        } catch (IllegalArgumentException rejected) {
            problems.add(bucket.name() + ": " + rejected.getMessage()); // e.g. a bucket name with '/'
            return null;
        }
    }

    /** "{@code <VAR> is required}" (the reference indexer's words) plus how to satisfy it. */
    private void requireForS3(EnvVar<String> variable, EnvVar<String> partner, Map<String, String> env,
                              List<String> problems) {
        if (!variable.isSet(env)) {
            problems.add(variable.name() + " is required (with " + partner.name() + "; or set " + root.name()
                    + " for a filesystem store)");
        }
    }

    /** Both or neither of key and secret (a session token needs both); null with a problem recorded otherwise. */
    private Optional<S3Credentials> credentials(Map<String, String> env, List<String> problems) {
        String key = accessKeyId.read(env, problems);
        String secret = secretAccessKey.read(env, problems);
        String token = sessionToken.read(env, problems);
        if ((key == null) != (secret == null)) {
            problems.add(accessKeyId.name() + " and " + secretAccessKey.name() + " must be set together");
            return null;
        }
        if (key == null && token != null) {
            problems.add(sessionToken.name() + " requires " + accessKeyId.name() + " and " + secretAccessKey.name());
            return null;
        }
        return S3Credentials.fromParts(key, secret, token);
    }
}
