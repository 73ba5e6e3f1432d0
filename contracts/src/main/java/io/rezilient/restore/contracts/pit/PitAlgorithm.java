package io.rezilient.restore.contracts.pit;

import java.util.List;

/**
 * The PIT algorithm as the restore contracts name it. A dry-run request must quote these literals exactly; they
 * document the field order {@link PitOrdering} implements.
 */
public final class PitAlgorithm {
    /** {@code pit.algorithm_version} of every plan. */
    public static final String VERSION = "pit.v1.sys_updated_on-sys_mod_count-__time-event_id";

    /** {@code pit.tie_breaker}: the comparison order when both sides carry a {@code sys_mod_count}. */
    public static final List<String> TIE_BREAKER = List.of("sys_updated_on", "sys_mod_count", "__time", "event_id");

    /** {@code pit.tie_breaker_fallback}: the order when either side lacks a {@code sys_mod_count}. */
    public static final List<String> TIE_BREAKER_FALLBACK = List.of("sys_updated_on", "__time", "event_id");

    /** {@code pit.restore_timezone}: the only zone the contract allows. */
    public static final String RESTORE_TIMEZONE = "UTC";

    private PitAlgorithm() {
    }
}
