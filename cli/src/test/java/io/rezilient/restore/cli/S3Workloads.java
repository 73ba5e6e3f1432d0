package io.rezilient.restore.cli;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Puts a captured workload into a new bucket of the in-process S3-compatible server, for the indexer to read. */
final class S3Workloads {
    private S3Workloads() {
    }

    /** Uploads every file under {@code objects} (keys relative to it) and returns the indexer's settings for it. */
    static Map<String, String> upload(S3ProxyServer s3, Path objects) {
        String bucket = s3.newBucket();
        try (ObjectStore target = S3ObjectStore.open(s3.config(bucket).build());
             Stream<Path> files = Files.walk(objects)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                target.put(objects.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file),
                        "application/json");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("REZ_RESTORE_INDEXER_SOURCE_BUCKET", bucket,
                "REZ_RESTORE_INDEXER_SOURCE_REGION", "us-east-1",
                "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", s3.endpoint().toString(),
                "REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "true",
                "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }
}
