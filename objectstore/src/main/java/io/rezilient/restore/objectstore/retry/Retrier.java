package io.rezilient.restore.objectstore.retry;

import io.rezilient.restore.objectstore.ObjectStoreException;
import io.rezilient.restore.objectstore.TransientObjectStoreException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation under a {@link RetryPolicy}: transient failures are retried after a jittered
 * backoff, permanent failures are thrown at once, and the attempt count and deadline are enforced.
 * Thread-safe if its {@link RetryClock} and random source are.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** One attempt of an operation; {@code budget} is the time left before the operation's deadline. */
    @FunctionalInterface
    public interface Attempt<T> {
        /** Runs the attempt, throwing an {@link ObjectStoreException} that says whether another attempt may help. */
        T run(Duration budget);
    }

    private final RetryPolicy policy;
    private final RetryClock clock;
    private final RandomGenerator random;

    public Retrier(RetryPolicy policy, RetryClock clock, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A retrier on the real clock with a thread-local random source. */
    public static Retrier system(RetryPolicy policy) {
        return new Retrier(policy, RetryClock.SYSTEM, new ThreadLocalJitter());
    }

    /** The policy this retrier enforces. */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails permanently, runs out of attempts or would pass
     * the deadline; {@code operation} and {@code target} name it in logs and in the final error.
     */
    public <T> T call(String operation, String target, Attempt<T> attempt) {
        long start = clock.nanoTime();
        long deadline = policy.deadline().toNanos();
        for (int n = 1; ; n++) {
            long left = deadline - (clock.nanoTime() - start);
            TransientObjectStoreException failure;
            try {
                return attempt.run(Duration.ofNanos(Math.max(left, 1)));
            } catch (TransientObjectStoreException e) {
                failure = e;
            }
            if (n >= policy.maxAttempts()) {
                throw new RetriesExhaustedException(operation, target, n, "", failure);
            }
            Duration delay = policy.delayAfter(n, random);
            long elapsed = clock.nanoTime() - start;
            if (elapsed + delay.toNanos() >= deadline) {
                throw new RetriesExhaustedException(operation, target, n,
                        " (the next attempt would start past the " + policy.deadline() + " deadline)", failure);
            }
            LOG.debug("{} {} failed at attempt {} of {}, retrying in {} ms: {}",
                    operation, target, n, policy.maxAttempts(), delay.toMillis(), failure.getMessage());
            try {
                clock.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                TransientObjectStoreException interrupted = new TransientObjectStoreException(
                        operation + " " + target + " interrupted while waiting to retry after attempt " + n, e);
                interrupted.addSuppressed(failure);
                throw interrupted;
            }
        }
    }

    /** Delegates to {@link ThreadLocalRandom#current()} so one retrier can be shared by many threads. */
    private static final class ThreadLocalJitter implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public double nextDouble() {
            return ThreadLocalRandom.current().nextDouble();
        }
    }
}
