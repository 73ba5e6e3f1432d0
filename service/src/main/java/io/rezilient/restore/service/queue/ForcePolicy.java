package io.rezilient.restore.service.queue;

import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;

/** What {@code queue/reset} makes of a stale job: a terminal status and a known reason code. */
public record ForcePolicy(JobStatus status, ReasonCode reasonCode) {
    public ForcePolicy {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a forced status is terminal, got " + status.wire());
        }
    }

    /**
     * The reason when the caller names none: {@code failed_stale_lock_recovered} for {@code failed} (§5.5 and the
     * execute preflight, rather than §3.7's {@code failed_internal_error}: the job did not fail internally, its lock
     * went stale — deviation S39), else {@code none}.
     */
    public static ReasonCode defaultReason(JobStatus status) {
        return status == JobStatus.FAILED ? ReasonCode.FAILED_STALE_LOCK_RECOVERED : ReasonCode.NONE;
    }
}
