package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Arrays;
import java.util.Locale;

/** What one config version did to one override ({@code config_override_changes.action}). */
public enum ChangeAction {
    /** The override took effect (status active). */
    APPLIED(OverrideStatus.ACTIVE),
    /** Its {@code valid_until} passed (status expired). */
    EXPIRED(OverrideStatus.EXPIRED),
    /** Its owning backfill run ended (status expired: its lifetime was the run's). */
    RUN_ENDED(OverrideStatus.EXPIRED),
    /** An operator reverted it by hand (status rolled_back). */
    ROLLED_BACK(OverrideStatus.ROLLED_BACK),
    /** A newer override of the same key took its place (status rolled_back). */
    REPLACED(OverrideStatus.ROLLED_BACK);

    private final OverrideStatus resultingStatus;

    ChangeAction(OverrideStatus resultingStatus) {
        this.resultingStatus = resultingStatus;
    }

    /** The override's status after this change. */
    public OverrideStatus resultingStatus() {
        return resultingStatus;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChangeAction fromWire(String wire) {
        return Arrays.stream(values()).filter(action -> action.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown override change action '" + wire + "'"));
    }
}
