package io.rezilient.restore.objectstore.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import io.rezilient.restore.objectstore.TransientObjectStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final FakeRetryClock clock = new FakeRetryClock();
    private final Retrier retrier = new Retrier(POLICY, clock, new SplittableRandom(5));

    private static TransientObjectStoreException slowDown(int n) {
        return new TransientObjectStoreException("HTTP 503 SlowDown #" + n, null);
    }

    @Test
    void aFirstTimeSuccessNeitherRetriesNorWaits() {
        AtomicInteger calls = new AtomicInteger();

        String result = retrier.call("get", "s3://b/k", budget -> "ok" + calls.incrementAndGet());

        assertThat(result).isEqualTo("ok1");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredWaits() {
        AtomicInteger calls = new AtomicInteger();

        String result = retrier.call("get", "s3://b/k", budget -> {
            int n = calls.incrementAndGet();
            if (n < 4) {
                throw slowDown(n);
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        List<Duration> sleeps = clock.sleeps();
        assertThat(sleeps).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Duration ceiling = POLICY.ceilingAfter(i + 1);
            assertThat(sleeps.get(i)).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void aPermanentFailureIsThrownAsIsAfterOneAttempt() {
        PermanentObjectStoreException denied = new PermanentObjectStoreException("HTTP 403 AccessDenied");
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("put", "s3://b/k", budget -> {
            calls.incrementAndGet();
            throw denied;
        })).isSameAs(denied);
        assertThat(calls).hasValue(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aBugIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("put", "s3://b/k", budget -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void runningOutOfAttemptsNamesOperationTargetCountAndLastCause() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("list", "s3://b/prefix/", budget -> {
            throw slowDown(calls.incrementAndGet());
        }))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessage("list s3://b/prefix/ failed after 5 attempts: HTTP 503 SlowDown #5")
                .satisfies(e -> {
                    RetriesExhaustedException exhausted = (RetriesExhaustedException) e;
                    assertThat(exhausted.operation()).isEqualTo("list");
                    assertThat(exhausted.target()).isEqualTo("s3://b/prefix/");
                    assertThat(exhausted.attempts()).isEqualTo(5);
                    assertThat(exhausted.getCause()).hasMessage("HTTP 503 SlowDown #5");
                });
        assertThat(calls).hasValue(5);
        assertThat(clock.sleeps()).hasSize(4);
    }

    @Test
    void theDeadlineStopsRetriesEvenWithAttemptsLeft() {
        // Each attempt hangs for 4 s, or until its budget runs out (as the SDK's call timeout makes
        // it), in a 10 s deadline: attempts start at 0 s, about 4.1 s and 8.3 s, and the third one
        // uses up the rest of the budget, so no fourth starts although 100 are allowed.
        Retrier patient = new Retrier(new RetryPolicy(100, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10)), clock, new SplittableRandom(9));
        long start = clock.nanoTime();
        List<Duration> startedAt = new ArrayList<>();
        List<Duration> budgets = new ArrayList<>();

        assertThatThrownBy(() -> patient.call("get", "s3://b/k", budget -> {
            startedAt.add(Duration.ofNanos(clock.nanoTime() - start));
            budgets.add(budget);
            clock.advance(budget.compareTo(Duration.ofSeconds(4)) < 0 ? budget : Duration.ofSeconds(4));
            throw slowDown(startedAt.size());
        }))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("failed after 3 attempts (the next attempt would start past the PT10S deadline)");

        assertThat(startedAt).hasSize(3).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(10)));
        assertThat(budgets.get(0)).isEqualTo(Duration.ofSeconds(10));
        for (int i = 1; i < 3; i++) {
            assertThat(budgets.get(i)).as("the budget shrinks by the time spent")
                    .isEqualTo(Duration.ofSeconds(10).minus(startedAt.get(i)));
        }
        assertThat(Duration.ofNanos(clock.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void noWaitStartsThatWouldEndPastTheDeadline() {
        // 9.95 s spent in the first attempt leaves less than any possible wait (at least 50 ms).
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("get", "s3://b/k", budget -> {
            calls.incrementAndGet();
            clock.advance(Duration.ofMillis(9950));
            throw slowDown(1);
        })).isInstanceOf(RetriesExhaustedException.class).hasMessageContaining("after 1 attempt (");
        assertThat(calls).hasValue(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aSingleAttemptPolicyNeverWaits() {
        Retrier once = new Retrier(POLICY.withoutRetries(), clock, new SplittableRandom(1));

        assertThatThrownBy(() -> once.call("delete", "file:/x/k", budget -> {
            throw slowDown(1);
        })).isInstanceOf(RetriesExhaustedException.class).hasMessageStartingWith("delete file:/x/k failed after 1 attempt:");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anInterruptDuringTheWaitEndsTheOperationAndKeepsTheInterruptFlag() {
        RetryClock interrupted = new RetryClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException("shutdown");
            }
        };
        Retrier retrier = new Retrier(POLICY, interrupted, new SplittableRandom(1));
        AtomicInteger calls = new AtomicInteger();

        try {
            assertThatThrownBy(() -> retrier.call("get", "s3://b/k", budget -> {
                throw slowDown(calls.incrementAndGet());
            }))
                    .isInstanceOf(TransientObjectStoreException.class)
                    .hasMessage("get s3://b/k interrupted while waiting to retry after attempt 1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted(); // clear the flag for the next test on this thread
        }
    }
}
