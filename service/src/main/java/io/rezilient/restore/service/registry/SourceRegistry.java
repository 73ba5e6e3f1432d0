package io.rezilient.restore.service.registry;

/** Resolves a (tenant, instance) to its source mapping for one service scope (service-spec §2.3). */
public interface SourceRegistry {
    /** This service's scope, the reference's default. */
    String RRS_SCOPE = "rrs";

    /**
     * Never throws for an unavailable backend: that is an {@link SourceResolution.Outage}, so callers have one
     * fail-closed path (they still treat an unexpected exception as an outage).
     */
    SourceResolution resolve(String tenantId, String instanceId, String serviceScope);
}
