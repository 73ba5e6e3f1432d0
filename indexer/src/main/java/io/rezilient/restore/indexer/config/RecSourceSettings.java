package io.rezilient.restore.indexer.config;

import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;

import java.util.Objects;

/**
 * The production source: where to read, what to list, and under which scope and generation to index.
 *
 * @param sourceTenantId accepted for compatibility, not used yet (as is {@code ingestionMode}); the tenant of every
 *                       event comes from its manifest
 */
public record RecSourceSettings(ObjectStoreLocation location, SourceSettings source, IngestScope scope,
                                String generationId, String sourceTenantId, IngestionMode ingestionMode) {
    public RecSourceSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(sourceTenantId, "sourceTenantId");
        Objects.requireNonNull(ingestionMode, "ingestionMode");
    }
}
