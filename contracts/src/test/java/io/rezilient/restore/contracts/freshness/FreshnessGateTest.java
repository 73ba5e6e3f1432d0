package io.rezilient.restore.contracts.freshness;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessGateTest {
    private static final Instant NOW = Instant.parse("2026-02-16T12:00:00Z");
    private static final FreshnessGate GATE = new FreshnessGate(FreshnessPolicy.DEFAULT);

    @Test
    void defaultsAreTheReferencePolicy() {
        assertThat(FreshnessPolicy.DEFAULT.staleAfterSeconds()).isEqualTo(120);
        assertThat(FreshnessPolicy.DEFAULT.timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void aPartitionWithoutWatermarkIsUnknownAndBlocked() {
        assertThat(GATE.evaluate((Instant) null, NOW, null)).isEqualTo(new FreshnessDecision(Freshness.UNKNOWN,
                Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN, false, null));
    }

    @Test
    void aLagWithinTheThresholdIsFreshAndExecutable() {
        assertThat(GATE.evaluate(NOW.minusSeconds(60), NOW, null)).isEqualTo(
                new FreshnessDecision(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, false, 60L));
    }

    @Test
    void theThresholdIsInclusive120FreshAnd121Stale() {
        assertThat(GATE.evaluate(NOW.minusSeconds(120), NOW, null).freshness()).isEqualTo(Freshness.FRESH);
        assertThat(GATE.evaluate(NOW.minusSeconds(121), NOW, null)).isEqualTo(new FreshnessDecision(
                Freshness.STALE, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_STALE, false, 121L));
    }

    @Test
    void lagIsFlooredToWholeSeconds() {
        FreshnessDecision decision = GATE.evaluate(NOW.minusMillis(120_999), NOW, null);

        assertThat(decision.lagSeconds()).isEqualTo(120L);
        assertThat(decision.freshness()).isEqualTo(Freshness.FRESH);
    }

    @Test
    void aWatermarkInTheFutureCountsAsZeroLag() {
        FreshnessGate strict = new FreshnessGate(new FreshnessPolicy(0, 60));

        assertThat(strict.evaluate(NOW.plusSeconds(300), NOW, null)).isEqualTo(
                new FreshnessDecision(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, false, 0L));
    }

    @Test
    void aStalePartitionStaysBlockedUntilTheWaitReachesTheTimeout() {
        Instant watermark = NOW.minusSeconds(180);

        assertThat(GATE.evaluate(watermark, NOW, NOW.minusSeconds(59)).executability())
                .isEqualTo(Executability.BLOCKED);
        assertThat(GATE.evaluate(watermark, NOW, NOW.minusMillis(59_999)).gateTimedOut()).isFalse();
        assertThat(GATE.evaluate(watermark, NOW, NOW.minusSeconds(60))).isEqualTo(new FreshnessDecision(
                Freshness.STALE, Executability.PREVIEW_ONLY, ReasonCode.BLOCKED_FRESHNESS_STALE, true, 180L));
    }

    @Test
    void aFreshPartitionNeverReportsATimeout() {
        assertThat(GATE.evaluate(NOW, NOW, NOW.minusSeconds(3600)).gateTimedOut()).isFalse();
    }

    @Test
    void theReferenceExamplesHold() {
        assertThat(GATE.evaluate("2026-02-16T11:59:00Z", "2026-02-16T12:00:00.000Z", null).lagSeconds())
                .isEqualTo(60L);
        assertThat(GATE.evaluate("2026-02-16T11:57:00.000Z", "2026-02-16T12:00:00.000Z", null).executability())
                .isEqualTo(Executability.BLOCKED);
        assertThat(GATE.evaluate("2026-02-16T11:57:00.000Z", "2026-02-16T12:02:00.000Z",
                "2026-02-16T12:00:00.000Z").executability()).isEqualTo(Executability.PREVIEW_ONLY);
    }

    @Test
    void nowMustBeAStrictTimestampEvenWithoutWatermark() {
        assertThatThrownBy(() -> GATE.evaluate(null, "2026-02-16T14:00:00+02:00", null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(IsoUtc.RULE_MESSAGE);
    }

    @Test
    void theWatermarkTimeIsReadLenientlyButNotFromGarbage() {
        assertThat(GATE.evaluate("2026-02-16T13:00:00+01:00", "2026-02-16T12:00:30.000Z", null).lagSeconds())
                .isEqualTo(30L);
        assertThatThrownBy(() -> GATE.evaluate("yesterday", "2026-02-16T12:00:00.000Z", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid ISO time supplied to freshness gate");
    }

    @Test
    void theWaitStartIsCheckedOnlyWhenItMatters() {
        assertThat(GATE.evaluate("2026-02-16T12:00:00.000Z", "2026-02-16T12:00:00.000Z", "not-a-time").freshness())
                .isEqualTo(Freshness.FRESH);
        assertThat(GATE.evaluate("2026-02-16T08:00:00.000Z", "2026-02-16T12:00:00.000Z", "").gateTimedOut())
                .isFalse();
        assertThatThrownBy(() -> GATE.evaluate("2026-02-16T08:00:00.000Z", "2026-02-16T12:00:00.000Z", "not-a-time"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aPolicyMustBeFiniteAndNonNegative() {
        assertThatThrownBy(() -> new FreshnessPolicy(-1, 60))
                .hasMessage("freshness policy staleAfterSeconds must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> new FreshnessPolicy(120, Double.NaN))
                .hasMessageContaining("timeoutSeconds");
    }

    @Test
    void aDecisionIsExecutableExactlyWhenFresh() {
        assertThatThrownBy(() -> new FreshnessDecision(Freshness.STALE, Executability.EXECUTABLE,
                ReasonCode.BLOCKED_FRESHNESS_STALE, false, 500L)).isInstanceOf(IllegalArgumentException.class);
    }
}
