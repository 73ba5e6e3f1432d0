package io.rezilient.restore.indexer.config;

import io.rezilient.restore.objectstore.s3.S3Config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the object store of a rec_manifest_object_store source lives. */
public sealed interface SourceLocation {
    /** A filesystem object store ({@code REZ_RESTORE_INDEXER_SOURCE_ROOT}), e.g. what {@code rez capture} writes. */
    record Filesystem(Path root) implements SourceLocation {
        public Filesystem {
            Objects.requireNonNull(root, "root");
        }
    }

    /** An S3 or S3-compatible bucket. */
    record S3(S3Config config) implements SourceLocation {
        public S3 {
            Objects.requireNonNull(config, "config");
        }
    }
}
