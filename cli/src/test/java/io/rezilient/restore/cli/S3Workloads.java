package io.rezilient.restore.cli;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Puts a captured workload into a new bucket of the in-process S3-compatible server, for the indexer to read. */
final class S3Workloads {
    private static final int UPLOADS_IN_FLIGHT = 8;
    private S3Workloads() {
    }

    /** Uploads every file under {@code objects} (keys relative to it) and returns the indexer's settings for it. */
    static Map<String, String> upload(S3ProxyServer s3, Path objects) {
        String bucket = s3.newBucket();
        try (ObjectStore target = S3ObjectStore.open(s3.config(bucket).build());
             Stream<Path> files = Files.walk(objects)) {
            // a few PUTs in flight at once: one at a time, a v1 workload of a few thousand events (an artifact and a
            // manifest per event) took longer to upload than to index
            List<Path> all = files.filter(Files::isRegularFile).toList();
            try (ExecutorService uploads = Executors.newFixedThreadPool(UPLOADS_IN_FLIGHT)) {
                List<Future<?>> puts = new ArrayList<>();
                for (Path file : all) {
                    puts.add(uploads.submit(() -> {
                        target.put(objects.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file),
                                "application/json");
                        return null;
                    }));
                }
                for (Future<?> put : puts) {
                    put.get();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("upload of the workload failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("upload of the workload interrupted", e);
        }
        return Map.of("REZ_RESTORE_INDEXER_SOURCE_BUCKET", bucket,
                "REZ_RESTORE_INDEXER_SOURCE_REGION", "us-east-1",
                "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", s3.endpoint().toString(),
                "REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "true",
                "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }
}
