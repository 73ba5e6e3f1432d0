package io.rezilient.restore.indexer.config;

import io.rezilient.restore.indexer.groups.PartitionGroup;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;

import java.util.Objects;

/**
 * The production source: where to read, what to list, and under which scope and generation to index.
 *
 * @param partitionGroups how many partition groups the scope is split into (1: not split)
 * @param sourceTenantId accepted for compatibility, not used yet (as is {@code ingestionMode}); the tenant of every
 *                       event comes from its manifest
 */
public record RecSourceSettings(ObjectStoreLocation location, SourceSettings source, IngestScope scope,
                                String generationId, int partitionGroups, String sourceTenantId,
                                IngestionMode ingestionMode) {
    public RecSourceSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(sourceTenantId, "sourceTenantId");
        Objects.requireNonNull(ingestionMode, "ingestionMode");
        if (partitionGroups > 1 && source.mode() != CursorMode.V2_PRIMARY) {
            throw new IllegalArgumentException("partition groups need cursor mode v2_primary");
        }
        new PartitionGroup(0, partitionGroups); // validates the count
    }

    /** Whether the scope is split into partition groups. */
    public boolean grouped() {
        return partitionGroups > 1;
    }
}
