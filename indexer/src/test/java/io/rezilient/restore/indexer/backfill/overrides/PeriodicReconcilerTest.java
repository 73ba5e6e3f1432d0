package io.rezilient.restore.indexer.backfill.overrides;

import io.rezilient.restore.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule's round: reconciles at the clock's time and survives a failing database. */
class PeriodicReconcilerTest {
    @Test
    void eachRoundReconcilesAtTheClocksTimeAndAFailureIsNotFatal() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
        List<Instant> rounds = new ArrayList<>();
        OverrideChange change = new OverrideChange(1, "global", 2, 7, "backfill_batch_size", ChangeAction.EXPIRED,
                "500", null, OverrideReconciler.ACTOR, "valid_until reached", clock.instant());
        PeriodicReconciler periodic = PeriodicReconciler.of(now -> {
            rounds.add(now);
            if (rounds.size() == 2) {
                throw new IllegalStateException("cannot find overrides due to revert: connection refused");
            }
            return List.of(change);
        }, clock);

        assertThat(periodic.runOnce()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(15));
        assertThat(periodic.runOnce()).as("a failed round").isEqualTo(-1);
        clock.advance(Duration.ofSeconds(15));
        assertThat(periodic.runOnce()).isEqualTo(1);

        assertThat(rounds).containsExactly(Instant.parse("2026-03-01T12:00:00Z"),
                Instant.parse("2026-03-01T12:00:15Z"), Instant.parse("2026-03-01T12:00:30Z"));
        periodic.close(); // nothing scheduled: a no-op
    }
}
