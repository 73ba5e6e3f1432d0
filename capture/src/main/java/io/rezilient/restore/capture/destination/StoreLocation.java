package io.rezilient.restore.capture.destination;

import io.rezilient.restore.capture.writer.ArtifactWriter;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where capture output goes, as an operator writes it: a directory (the filesystem store rooted there) or
 * {@code s3://bucket[/prefix]}. The key prefix is the URI's path when it has one, else the default prefix. The
 * prefix is null only while parsing.
 */
public record StoreLocation(Path directory, String bucket, String prefix) {

    public StoreLocation {
        if ((directory == null) == (bucket == null)) {
            throw new IllegalArgumentException("a store location is either a directory or an S3 bucket");
        }
        if (prefix != null) {
            prefix = ArtifactWriter.normalizePrefix(prefix);
        }
    }

    /** Parses {@code DIR}, {@code file:DIR} or {@code s3://bucket[/prefix]}. */
    public static StoreLocation parse(String spec, String defaultPrefix) {
        return parse(spec, null, defaultPrefix);
    }

    /**
     * Parses {@code spec} with an explicitly chosen prefix (null if none): it wins over the default, and must agree
     * with the path of an {@code s3://bucket/path} URI that names one.
     */
    public static StoreLocation parse(String spec, String explicitPrefix, String defaultPrefix) {
        StoreLocation parsed = parseSpec(spec, null);
        if (explicitPrefix == null) {
            return parsed.prefix == null ? parsed.withPrefix(defaultPrefix) : parsed;
        }
        StoreLocation chosen = parsed.withPrefix(explicitPrefix);
        if (parsed.prefix != null && !parsed.prefix.equals(chosen.prefix)) {
            throw new IllegalArgumentException("--prefix " + explicitPrefix + " contradicts the prefix " + parsed.prefix
                    + " of --out " + spec);
        }
        return chosen;
    }

    private StoreLocation withPrefix(String value) {
        return new StoreLocation(directory, bucket, value);
    }

    /** The location with the prefix its spec names, or {@code fallback} (may be null, meaning "none named"). */
    private static StoreLocation parseSpec(String spec, String fallback) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--out must be a directory or s3://bucket[/prefix]");
        }
        String text = spec.strip();
        if (text.startsWith("s3://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--out '" + text + "' is not a valid s3:// URI: " + e.getMessage(), e);
            }
            String bucket = uri.getHost();
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("--out '" + text + "' names no bucket (use s3://bucket[/prefix])");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
            return new StoreLocation(null, bucket, path.isEmpty() ? fallback : path);
        }
        if (text.startsWith("file:")) {
            text = text.substring("file:".length());
        }
        return new StoreLocation(Path.of(text), null, fallback);
    }

    public boolean isS3() {
        return bucket != null;
    }

    /**
     * Opens the store. Filesystem stores fsync every put only when {@code durable} (ingest must survive a crash;
     * a synthetic workload can be regenerated). S3 uses the SDK's default credential chain, with an optional
     * endpoint (S3-compatible servers) and path-style addressing.
     */
    public ObjectStore open(boolean durable, Optional<URI> s3Endpoint, boolean s3PathStyle, String s3Region) {
        if (!isS3()) {
            return new FileSystemObjectStore(directory, durable);
        }
        S3Config.Builder config = S3Config.builder(bucket).pathStyle(s3PathStyle);
        s3Endpoint.ifPresent(config::endpoint);
        if (s3Region != null && !s3Region.isBlank()) {
            config.region(s3Region);
        }
        return S3ObjectStore.open(config.build());
    }

    /** For messages: the directory or {@code s3://bucket}, plus the prefix. */
    public String describe() {
        return (isS3() ? "s3://" + bucket : Objects.toString(directory.toAbsolutePath())) + " (prefix " + prefix + "/)";
    }
}
