package io.rezilient.restore.service.registry;

import java.time.Instant;
import java.util.Objects;

/** A {@code rez_restore.source_registry} row: the mapping plus its bookkeeping. */
public record SourceRegistryEntry(SourceMapping mapping, Instant createdAt, String updatedBy) {
    public SourceRegistryEntry {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }
}
