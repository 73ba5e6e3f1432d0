package io.rezilient.restore.indexer.backfill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveFirstThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final LiveFirstThrottle.Bounds BOUNDS = new LiveFirstThrottle.Bounds(200, 180, 60);
    private static final Duration FAST = Duration.ofMillis(50);

    @Test
    void withLiveFreshTheBatchGrowsByAQuarterAtMostEveryDwellUpToTheCeiling() {
        LiveFirstThrottle throttle = new LiveFirstThrottle(false);
        List<Integer> sizes = new ArrayList<>();
        Instant now = T0;
        for (int step = 0; step < 30; step++) {
            sizes.add(throttle.decide(BOUNDS, 5, FAST, now).batchSize());
            now = now.plus(LiveFirstThrottle.GROWTH_DWELL);
        }
        assertThat(sizes.subList(0, 4)).containsExactly(20, 25, 31, 38);
        assertThat(sizes).isSorted().last().isEqualTo(200);
        // within the dwell it does not grow again
        assertThat(new LiveFirstThrottle(false).decide(BOUNDS, 5, FAST, T0).batchSize()).isEqualTo(20);
        LiveFirstThrottle twice = new LiveFirstThrottle(false);
        twice.decide(BOUNDS, 5, FAST, T0);
        assertThat(twice.decide(BOUNDS, 5, FAST, T0.plusMillis(100)).batchSize()).isEqualTo(20);
    }

    @Test
    void aLaggingLiveWorkerOrASlowBatchHalvesTheBatchAtOnce() {
        LiveFirstThrottle throttle = new LiveFirstThrottle(false);
        Instant now = T0;
        for (int step = 0; step < 20; step++) {
            throttle.decide(BOUNDS, 0, FAST, now);
            now = now.plus(LiveFirstThrottle.GROWTH_DWELL);
        }
        int grown = throttle.decide(BOUNDS, 0, FAST, now).batchSize();
        assertThat(throttle.decide(BOUNDS, 61, FAST, now).batchSize()).isEqualTo(grown / 2);
        assertThat(throttle.decide(BOUNDS, 0, Duration.ofSeconds(3), now).batchSize()).isEqualTo(grown / 4);
        LiveFirstThrottle.Decision small = throttle.decide(BOUNDS, 100, FAST, now);
        assertThat(small.pause()).as("between the bounds it shrinks but keeps going").isFalse();
    }

    @Test
    void aboveThePauseBoundItPausesAndResumesOnlyBelowTheResumeBoundAfterTheDwell() {
        LiveFirstThrottle throttle = new LiveFirstThrottle(false);
        LiveFirstThrottle.Decision paused = throttle.decide(BOUNDS, 181, FAST, T0);
        assertThat(paused.pause()).isTrue();
        assertThat(paused.reasonCode()).isEqualTo("paused_lag");
        // between the bounds: stays paused however long
        assertThat(throttle.decide(BOUNDS, 100, null, T0.plus(Duration.ofMinutes(5))).pause()).isTrue();
        // below the resume bound, but within the dwell of the pause: stays paused (no flapping)
        LiveFirstThrottle quick = new LiveFirstThrottle(false);
        quick.decide(BOUNDS, 181, FAST, T0);
        assertThat(quick.decide(BOUNDS, 10, null, T0.plusSeconds(9)).pause()).isTrue();
        assertThat(quick.decide(BOUNDS, 10, null, T0.plus(LiveFirstThrottle.STATE_DWELL)).pause()).isFalse();
        // and once resumed, a lag back above the bound within the dwell does not pause it again at once
        assertThat(quick.decide(BOUNDS, 500, FAST, T0.plusSeconds(11)).pause()).isFalse();
        assertThat(quick.decide(BOUNDS, 500, FAST, T0.plusSeconds(20)).pause()).isTrue();
    }

    @Test
    void aLowerCeilingFromAnOverrideAppliesAtOnceAndBadBoundsAreRefused() {
        LiveFirstThrottle throttle = new LiveFirstThrottle(false);
        Instant now = T0;
        for (int step = 0; step < 20; step++) {
            throttle.decide(BOUNDS, 0, FAST, now);
            now = now.plus(LiveFirstThrottle.GROWTH_DWELL);
        }
        assertThat(throttle.decide(new LiveFirstThrottle.Bounds(10, 180, 60), 0, FAST, now).batchSize())
                .isEqualTo(10);
        assertThatThrownBy(() -> new LiveFirstThrottle.Bounds(10, 60, 60))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
