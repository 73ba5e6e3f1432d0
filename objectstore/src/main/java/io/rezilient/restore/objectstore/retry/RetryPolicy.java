package io.rezilient.restore.objectstore.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How hard to try one object-store operation.
 *
 * <p>After failed attempt {@code n} the wait is drawn uniformly from {@code [c/2, c]} where
 * {@code c = min(maxDelay, baseDelay * 2^(n-1))} ("equal jitter"): the lower half keeps a real pause
 * between attempts, the random upper half keeps many clients that failed together from retrying in
 * lock step. No attempt starts, and no wait begins, that would end past {@code deadline} measured
 * from the start of the operation.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param baseDelay   backoff ceiling after the first failure, positive
 * @param maxDelay    largest backoff ceiling, at least {@code baseDelay}
 * @param deadline    overall time budget of one operation, all attempts and waits included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {

    /** The largest backoff ceiling of {@link #of}: long enough to ride out throttling, short against the deadline. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** The time budget of {@link #of}: a hung store cannot stall a caller (an indexer batch, a dry-run) for ever. */
    public static final Duration DEADLINE = Duration.ofMinutes(1);

    /**
     * The platform's one policy, with the reference indexer's defaults ({@code SOURCE_MAX_ATTEMPTS} 3,
     * {@code SOURCE_RETRY_BASE_MS} 200): three attempts, 200 ms doubling to at most 10 s, within one minute.
     */
    public static final RetryPolicy DEFAULT = of(3, Duration.ofMillis(200));

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(deadline, "deadline");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("retry baseDelay must be positive, got " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "retry maxDelay " + maxDelay + " must not be less than baseDelay " + baseDelay);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("retry deadline must be positive, got " + deadline);
        }
    }

    /**
     * The policy every configured object store runs under: {@code maxAttempts} and {@code baseDelay} as an operator
     * set them, the shared {@link #MAX_DELAY} (or {@code baseDelay} when that is larger) and {@link #DEADLINE}.
     */
    public static RetryPolicy of(int maxAttempts, Duration baseDelay) {
        Objects.requireNonNull(baseDelay, "baseDelay");
        return new RetryPolicy(maxAttempts, baseDelay, baseDelay.compareTo(MAX_DELAY) > 0 ? baseDelay : MAX_DELAY,
                DEADLINE);
    }

    /** The same policy with a single attempt, for callers that retry at a higher level. */
    public RetryPolicy withoutRetries() {
        return new RetryPolicy(1, baseDelay, maxDelay, deadline);
    }

    /** The backoff ceiling after failed attempt {@code failedAttempt} (1-based): {@code min(maxDelay, baseDelay * 2^(n-1))}. */
    public Duration ceilingAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt must be at least 1, got " + failedAttempt);
        }
        // Past 2^62 nanoseconds the doubling would overflow; the cap is reached long before that.
        int doublings = Math.min(failedAttempt - 1, 62);
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        long ceiling = base > (max >> doublings) ? max : base << doublings;
        return Duration.ofNanos(Math.min(ceiling, max));
    }

    /** The wait after failed attempt {@code failedAttempt}, drawn from {@code [ceiling/2, ceiling]} with {@code random}. */
    public Duration delayAfter(int failedAttempt, RandomGenerator random) {
        long ceiling = ceilingAfter(failedAttempt).toNanos();
        long half = ceiling / 2;
        double u = random.nextDouble();
        return Duration.ofNanos(ceiling - half + Math.round((half) * u));
    }
}
