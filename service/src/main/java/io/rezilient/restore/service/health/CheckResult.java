package io.rezilient.restore.service.health;

import java.util.Objects;

/**
 * The outcome of one readiness check.
 *
 * @param reasonCode why it failed, one of the stable codes of {@link ReadinessCheck.Failure}; null when it passed.
 *                   {@code /readyz} is unauthenticated, so it names codes, never a dependency's message (which can
 *                   quote hosts, users or SQL); the message goes to the log.
 */
public record CheckResult(String name, boolean ok, long durationMs, String reasonCode) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        if (ok != (reasonCode == null)) {
            throw new IllegalArgumentException("a failed check has a reason code and a passed one has none");
        }
    }
}
