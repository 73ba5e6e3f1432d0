package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Objects;

/**
 * A staging or revert request that was refused before anything was written. An {@link IllegalArgumentException} so
 * the {@code rez} command line reports it as one line (exit 2); the reason code is for automation, which must not
 * parse the message.
 */
public final class OverrideRejected extends IllegalArgumentException {
    public static final String KEY_UNKNOWN = "override_key_unknown";
    public static final String KEY_REQUIRES_RESTART = "override_key_requires_restart";
    public static final String VALUE_NOT_A_NUMBER = "override_value_invalid";
    public static final String VALUE_OUT_OF_BOUNDS = "override_value_out_of_bounds";
    public static final String WINDOW_INVALID = "override_window_invalid";
    public static final String REQUEST_INVALID = "override_request_invalid";
    public static final String RUN_UNKNOWN = "override_run_unknown";
    public static final String RUN_ENDED = "override_run_ended";
    public static final String OVERRIDE_UNKNOWN = "override_unknown";
    public static final String OVERRIDE_NOT_ACTIVE = "override_not_active";

    private final String reasonCode;

    public OverrideRejected(String reasonCode, String detail) {
        super(Objects.requireNonNull(reasonCode, "reasonCode") + ": " + detail);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
