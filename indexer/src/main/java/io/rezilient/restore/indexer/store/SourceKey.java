package io.rezilient.restore.indexer.store;

import java.util.Objects;

/** Source scope, the key of coverage (indexer-spec §0). */
public record SourceKey(String tenantId, String instanceId, String source) {
    public SourceKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return tenantId + "/" + instanceId + "/" + source;
    }
}
