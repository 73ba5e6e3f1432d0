package io.rezilient.restore.cli;

import io.rezilient.restore.capture.CaptureDefaults;
import io.rezilient.restore.capture.destination.StoreLocation;
import io.rezilient.restore.objectstore.ObjectStore;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.Optional;

/** Where {@code rez capture} writes: {@code --out DIR|s3://bucket[/prefix]} and the S3 connection options. */
final class StoreOptions {
    @Option(names = "--out", paramLabel = "DIR|s3://BUCKET[/PREFIX]",
            description = "Object store to write to (default: $REZ_HOME/objects).")
    private String out;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Key prefix, the indexer's source prefix (default: the s3:// path, else "
                    + CaptureDefaults.PREFIX + ").")
    private String prefix;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:AWS_ENDPOINT_URL_S3}",
            description = "S3-compatible endpoint (default: $AWS_ENDPOINT_URL_S3, else AWS).")
    private URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "Address buckets as ENDPOINT/BUCKET (most S3-compatible servers need it).")
    private boolean s3PathStyle;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION}",
            description = "Signing region (default: $AWS_REGION, else us-east-1).")
    private String s3Region;

    StoreLocation location() {
        String spec = out != null ? out : ProjectHome.state("objects").toString();
        return StoreLocation.parse(spec, prefix, CaptureDefaults.PREFIX);
    }

    ObjectStore open(StoreLocation location, boolean durable) {
        return location.open(durable, Optional.ofNullable(s3Endpoint), s3PathStyle, s3Region);
    }
}
