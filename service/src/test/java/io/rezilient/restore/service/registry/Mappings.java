package io.rezilient.restore.service.registry;

import io.rezilient.restore.service.auth.ResourceScope;

import java.time.Instant;
import java.util.List;

/** Test mappings: an all-active mapping of one scope, and variations of it. */
final class Mappings {
    static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev.service-now.com");
    static final Instant UPDATED = Instant.parse("2026-02-16T12:00:00Z");

    private Mappings() {
    }

    static SourceMapping active(ResourceScope scope) {
        return new SourceMapping(scope, LifecycleState.ACTIVE, LifecycleState.ACTIVE, LifecycleState.ACTIVE,
                List.of("rrs"), UPDATED);
    }

    static SourceMapping withStates(LifecycleState tenant, LifecycleState entitlement, LifecycleState instance) {
        return new SourceMapping(SCOPE, tenant, entitlement, instance, List.of("rrs"), UPDATED);
    }

    static SourceResolution.Found found(SourceMapping mapping) {
        return new SourceResolution.Found(mapping, "rrs", mapping.admits("rrs"));
    }
}
