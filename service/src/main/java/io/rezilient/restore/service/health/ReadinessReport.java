package io.rezilient.restore.service.health;

import java.util.List;

/** Every check's result; ready only when all passed. */
public record ReadinessReport(List<CheckResult> checks) {
    public ReadinessReport {
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        return checks.stream().allMatch(CheckResult::ok);
    }
}
