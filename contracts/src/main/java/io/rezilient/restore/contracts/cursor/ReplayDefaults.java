package io.rezilient.restore.contracts.cursor;

import io.rezilient.restore.contracts.json.JsText;

/**
 * Configured replay settings used when a scope has no persisted cursor yet.
 *
 * @param enabled    whether replay starts enabled
 * @param lowerBound the configured replay lower bound ({@code REPLAY_LOWER_BOUND}), or null to derive one later
 */
public record ReplayDefaults(boolean enabled, String lowerBound) {
    public ReplayDefaults {
        if (lowerBound != null && JsText.isBlank(lowerBound)) {
            // Not a cursor-state error: the configuration is wrong, so it is reported without that prefix.
            throw new IllegalArgumentException("source cursor replay defaults.lowerBound must not be empty");
        }
    }
}
