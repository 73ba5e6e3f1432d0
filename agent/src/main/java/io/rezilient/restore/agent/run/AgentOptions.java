package io.rezilient.restore.agent.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How an agent works a job.
 *
 * @param maxRows      rows per claim (1..1000); the service's chunk size when absent
 * @param pollInterval how long to wait before asking again while the job is paused, queued or held by another agent
 * @param maxBackoff   the longest wait between retries after the service could not be reached
 * @param revalidate   read the target state of the next rows before each claim and send it
 *                     ({@code revalidated_target_records}); the service refuses the claim when a record changed
 * @param pipeline     claim and apply the next rows while the previous claim's commit is in flight (deviation
 *                     S71); off, the agent claims, applies and commits one batch at a time
 */
public record AgentOptions(Integer maxRows, Duration pollInterval, Duration maxBackoff, boolean revalidate,
                           boolean pipeline) {
    public AgentOptions {
        if (maxRows != null && (maxRows < 1 || maxRows > 1000)) {
            throw new IllegalArgumentException("max rows per claim must be 1..1000, was " + maxRows);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** Pipelined options. */
    public AgentOptions(Integer maxRows, Duration pollInterval, Duration maxBackoff, boolean revalidate) {
        this(maxRows, pollInterval, maxBackoff, revalidate, true);
    }

    public static AgentOptions defaults() {
        return new AgentOptions(null, Duration.ofSeconds(2), Duration.ofSeconds(30), true);
    }
}
