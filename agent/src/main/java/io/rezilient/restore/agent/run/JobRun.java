package io.rezilient.restore.agent.run;

import java.time.Duration;
import java.util.Objects;

/**
 * What working one job came to.
 *
 * @param status          the execution's status at the end ({@code completed} or {@code failed}), or the job's
 *                        terminal status when it ended without an execution (cancelled)
 * @param claims          claims this agent took and committed
 * @param conflicts       rows this agent reported as conflicts (skipped with a conflict class)
 * @param rowFallbacks    claims this agent re-applied row by row
 */
public record JobRun(String jobId, String status, long planned, long applied, long skipped, long failed,
                     int claims, long conflicts, int rowFallbacks, Duration took) {
    public JobRun {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(took, "took");
    }

    public boolean completed() {
        return "completed".equals(status);
    }
}
