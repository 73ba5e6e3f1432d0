package io.rezilient.restore.service.registry;

import io.rezilient.restore.service.auth.ResourceScope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One (tenant, instance) → source mapping with its lifecycle states, as the ACP's resolve answer or a
 * {@code rez_restore.source_registry} row carries it.
 *
 * @param scope           the canonical (tenant, instance, source)
 * @param allowedServices the service scopes the mapping admits (e.g. {@code rrs})
 */
public record SourceMapping(ResourceScope scope, LifecycleState tenantState, LifecycleState entitlementState,
                            LifecycleState instanceState, List<String> allowedServices, Instant updatedAt) {
    public SourceMapping {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tenantState, "tenantState");
        Objects.requireNonNull(entitlementState, "entitlementState");
        Objects.requireNonNull(instanceState, "instanceState");
        allowedServices = List.copyOf(allowedServices);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** True when tenant, entitlement and instance are all {@link LifecycleState#ACTIVE}. */
    public boolean allActive() {
        return tenantState == LifecycleState.ACTIVE && entitlementState == LifecycleState.ACTIVE
                && instanceState == LifecycleState.ACTIVE;
    }

    public boolean admits(String serviceScope) {
        return allowedServices.contains(serviceScope);
    }
}
