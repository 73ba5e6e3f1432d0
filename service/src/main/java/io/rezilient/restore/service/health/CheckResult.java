package io.rezilient.restore.service.health;

import java.util.Objects;

/**
 * The outcome of one readiness check.
 *
 * @param reason why it failed; null when it passed
 */
public record CheckResult(String name, boolean ok, long durationMs, String reason) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        if (ok != (reason == null)) {
            throw new IllegalArgumentException("a failed check has a reason and a passed one has none");
        }
    }
}
