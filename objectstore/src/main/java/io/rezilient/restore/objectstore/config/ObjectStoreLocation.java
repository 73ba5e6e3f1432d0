package io.rezilient.restore.objectstore.config;

import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import io.rezilient.restore.objectstore.s3.S3Config;
import io.rezilient.restore.objectstore.s3.S3ObjectStore;

import java.nio.file.Path;
import java.util.Objects;

/** Where a component's object store lives, as its environment configured it. */
public sealed interface ObjectStoreLocation {
    /** Short, secret-free description for start-up logs. */
    String describe();

    /** Opens the store; the caller closes it. */
    ObjectStore open();

    /**
     * This location for a caller with up to {@code requests} requests in flight: an S3 client's connection pool is
     * sized to them (a filesystem needs nothing).
     */
    default ObjectStoreLocation forConcurrentRequests(int requests) {
        return this;
    }

    /** A filesystem object store, e.g. what {@code rez capture} writes. */
    record Filesystem(Path root) implements ObjectStoreLocation {
        public Filesystem {
            Objects.requireNonNull(root, "root");
        }

        @Override
        public String describe() {
            return "file:" + root.toAbsolutePath();
        }

        @Override
        public ObjectStore open() {
            return new FileSystemObjectStore(root);
        }
    }

    /** An S3 or S3-compatible bucket, with the retry policy every call runs under. */
    record S3(S3Config config) implements ObjectStoreLocation {
        public S3 {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String describe() {
            return config.describe() + " (" + config.retry().maxAttempts() + " attempts, backoff from "
                    + config.retry().baseDelay().toMillis() + " ms)";
        }

        @Override
        public ObjectStore open() {
            return S3ObjectStore.open(config);
        }

        @Override
        public ObjectStoreLocation forConcurrentRequests(int requests) {
            return new S3(config.withMaxConnections(Math.max(requests, S3Config.DEFAULT_MAX_CONNECTIONS)));
        }
    }
}
