package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.indexer.lease.IngestScope;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker runs.
 *
 * @param generationId      generation every event of this worker is indexed under
 * @param batchSize         work items per batch
 * @param pollInterval      wait after an empty batch (never after a non-empty one)
 * @param retryBatchSize    quarantined artifacts retried per cycle
 * @param failureBackoff    first wait after a failed cycle; doubles per consecutive failure
 * @param maxFailureBackoff cap of that wait
 */
public record WorkerSettings(IngestScope scope, String generationId, int batchSize, Duration pollInterval,
                             int retryBatchSize, Duration failureBackoff, Duration maxFailureBackoff) {
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(1000);
    public static final int DEFAULT_RETRY_BATCH_SIZE = 50;
    public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_FAILURE_BACKOFF = Duration.ofSeconds(60);

    public WorkerSettings {
        Objects.requireNonNull(scope, "scope");
        if (generationId == null || generationId.isBlank()) {
            throw new IllegalArgumentException("generation id must not be blank");
        }
        if (batchSize < 1 || retryBatchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1 and retry batch size >= 0, got "
                    + batchSize + " and " + retryBatchSize);
        }
        requirePositive("poll interval", pollInterval);
        requirePositive("failure backoff", failureBackoff);
        requirePositive("max failure backoff", maxFailureBackoff);
    }

    public static WorkerSettings of(IngestScope scope, String generationId) {
        return new WorkerSettings(scope, generationId, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL,
                DEFAULT_RETRY_BATCH_SIZE, DEFAULT_FAILURE_BACKOFF, DEFAULT_MAX_FAILURE_BACKOFF);
    }

    public WorkerSettings withBatchSize(int size) {
        return new WorkerSettings(scope, generationId, size, pollInterval, retryBatchSize, failureBackoff,
                maxFailureBackoff);
    }

    /** The wait after {@code consecutiveFailures} failed cycles in a row (>= 1). */
    Duration backoffAfter(int consecutiveFailures) {
        int doublings = Math.min(consecutiveFailures - 1, 20);
        Duration wait = failureBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxFailureBackoff) > 0 ? maxFailureBackoff : wait;
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
