package io.rezilient.restore.indexer.source;

import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestItem;

import java.util.Objects;

/** One listed manifest after reading: either a work item ready for normalisation, or a per-item failure. */
public sealed interface SourceItem {
    String manifestKey();

    ItemOrigin origin();

    /** The parsed manifest, when it could be read; it locates the item's partition. */
    Manifest manifest();

    /**
     * Manifest and artifact were read and the artifact's metadata extracted.
     *
     * @param bytes the manifest's and the artifact's sizes together
     */
    record Read(ItemOrigin origin, ManifestItem item, long bytes) implements SourceItem {
        public Read {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(item, "item");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes read must be >= 0, got " + bytes);
            }
        }

        @Override
        public String manifestKey() {
            return item.manifest().manifestKey();
        }

        @Override
        public Manifest manifest() {
            return item.manifest();
        }
    }

    /**
     * The item could not be read or parsed; it never aborts the batch.
     *
     * @param manifest null when the manifest itself could not be read or parsed
     */
    record Failed(String manifestKey, ItemOrigin origin, Manifest manifest, FailureReason reason, String detail)
            implements SourceItem {
        public Failed {
            Objects.requireNonNull(manifestKey, "manifestKey");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
