package io.rezilient.restore.objectstore.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A random source stuck at one value of nextDouble(), to pin the jitter to its ends. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nextDouble is used");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void theCeilingDoublesFromTheBaseDelayUpToTheCap() {
        assertThat(POLICY.ceilingAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.ceilingAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.ceilingAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(POLICY.ceilingAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(POLICY.ceilingAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.ceilingAfter(64)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.ceilingAfter(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterSpansTheUpperHalfOfTheCeiling() {
        assertThat(POLICY.delayAfter(3, fixed(0.0))).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.delayAfter(3, fixed(0.5))).isEqualTo(Duration.ofMillis(300));
        assertThat(POLICY.delayAfter(3, fixed(Math.nextDown(1.0)))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void seededDelaysStayWithinBoundsAndActuallyVary() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int attempt = 1; attempt <= 8; attempt++) {
            Duration ceiling = POLICY.ceilingAfter(attempt);
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                Duration delay = POLICY.delayAfter(attempt, random);
                assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling);
                seen.add(delay);
            }
            assertThat(seen).as("jitter after attempt %d", attempt).hasSizeGreaterThan(1000);
        }
    }

    @Test
    void nonsenseSettingsAreRefused() {
        Duration ms = Duration.ofMillis(1);
        assertThatThrownBy(() -> new RetryPolicy(0, ms, ms, ms)).hasMessageContaining("maxAttempts must be at least 1");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, ms, ms)).hasMessageContaining("baseDelay must be positive");
        assertThatThrownBy(() -> new RetryPolicy(1, ms.multipliedBy(2), ms, ms)).hasMessageContaining("must not be less than baseDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, ms, ms, Duration.ofSeconds(-1))).hasMessageContaining("deadline must be positive");
        assertThatThrownBy(() -> POLICY.ceilingAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutRetriesKeepsEverythingButTheAttempts() {
        assertThat(POLICY.withoutRetries())
                .isEqualTo(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    @Test
    void theConfiguredPolicyKeepsTheSharedCapAndDeadline() {
        assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofMinutes(1)));
        assertThat(RetryPolicy.of(7, Duration.ofMillis(50)))
                .isEqualTo(new RetryPolicy(7, Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(RetryPolicy.of(2, Duration.ofSeconds(30)).maxDelay())
                .as("a base above the cap is its own cap").isEqualTo(Duration.ofSeconds(30));
    }
}
