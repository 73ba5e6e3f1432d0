package io.rezilient.restore.service.registry;

import java.util.Optional;

/** The ACP's state of a tenant, an entitlement or an instance; only {@link #ACTIVE} admits restores. */
public enum LifecycleState {
    ACTIVE("active"),
    SUSPENDED("suspended"),
    DISABLED("disabled");

    private final String wire;

    LifecycleState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Exact wire value only: an unknown or differently-cased state is not guessed at. */
    public static Optional<LifecycleState> fromWire(String value) {
        for (LifecycleState state : values()) {
            if (state.wire.equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
