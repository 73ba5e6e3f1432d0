package io.rezilient.restore.service.config;

import io.rezilient.restore.objectstore.s3.S3Config;

import java.nio.file.Path;
import java.util.Objects;

/** Where artifact bodies are read from. */
public sealed interface ObjectStoreLocation {
    /** Short, secret-free description for logs. */
    String describe();

    /** A filesystem object store ({@code REZ_OBJECT_STORE_ROOT}), e.g. what {@code rez capture} writes. */
    record Filesystem(Path root) implements ObjectStoreLocation {
        public Filesystem {
            Objects.requireNonNull(root, "root");
        }

        @Override
        public String describe() {
            return "file:" + root.toAbsolutePath();
        }
    }

    /** An S3 or S3-compatible bucket. */
    record S3(S3Config config) implements ObjectStoreLocation {
        public S3 {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String describe() {
            return config.describe();
        }
    }
}
