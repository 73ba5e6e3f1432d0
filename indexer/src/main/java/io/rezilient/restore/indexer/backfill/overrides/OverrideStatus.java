package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Arrays;
import java.util.Locale;

/** {@code config_overrides.status}: active until its window closes, its run ends, or someone reverts it. */
public enum OverrideStatus {
    ACTIVE, EXPIRED, ROLLED_BACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverrideStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown override status '" + wire + "'"));
    }
}
