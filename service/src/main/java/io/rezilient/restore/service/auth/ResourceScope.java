package io.rezilient.restore.service.auth;

import java.util.Objects;

/** The (tenant, instance, source) triple that owns a resource and bounds a caller's authority (service-spec §2.2). */
public record ResourceScope(String tenantId, String instanceId, String source) {
    public ResourceScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
    }
}
