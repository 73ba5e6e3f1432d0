package io.rezilient.restore.indexer.backfill;

import java.util.Arrays;
import java.util.Locale;

/** The three backfill scenarios (seed backfill-operations.md; recovery-backfill §3b). */
public enum BackfillMode {
    /** Rebuild the index from the object store after losing it. */
    BOOTSTRAP,
    /** Index a window the live indexer missed. */
    GAP_REPAIR,
    /** Index history older than what the index covers. */
    HISTORY_EXTENSION;

    /** The name stored in {@code backfill_runs.mode}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackfillMode parse(String wire) {
        return Arrays.stream(values()).filter(mode -> mode.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new BackfillException("backfill_mode_unknown", "unknown backfill mode '" + wire
                        + "'; expected one of bootstrap, gap_repair, history_extension"));
    }
}
