package io.rezilient.restore.service.registry;

import java.util.Optional;

/** Which lifecycle states {@code set-state} changes; an empty one keeps its current value. */
public record StateChange(Optional<LifecycleState> tenantState, Optional<LifecycleState> entitlementState,
                          Optional<LifecycleState> instanceState) {
    public StateChange {
        if (tenantState.isEmpty() && entitlementState.isEmpty() && instanceState.isEmpty()) {
            throw new IllegalArgumentException("name at least one state to change");
        }
    }
}
