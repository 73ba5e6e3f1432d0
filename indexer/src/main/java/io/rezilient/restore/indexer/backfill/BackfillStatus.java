package io.rezilient.restore.indexer.backfill;

import java.util.Arrays;
import java.util.Locale;

/** Where a backfill run is; the last three are final. */
public enum BackfillStatus {
    RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run is over (nothing more will be indexed by it). */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static BackfillStatus parse(String wire) {
        return Arrays.stream(values()).filter(status -> status.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown backfill run status '" + wire + "'"));
    }
}
