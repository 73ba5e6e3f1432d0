package io.rezilient.restore.indexer.backfill.overrides;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The knobs an override may change, their bounds and classes, and the checks a request passes before any SQL. */
class OverrideCatalogueTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static OverrideRequest request(String key, String value, Instant from, Instant until) {
        return new OverrideRequest("global", key, value, from, until, null, "alice", "bootstrap after PG loss");
    }

    private static String reasonOf(Runnable call) {
        try {
            call.run();
        } catch (OverrideRejected rejected) {
            return rejected.reasonCode();
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void theCatalogueNamesEveryKnobTheBackfillNeedsWithItsClass() {
        assertThat(OverrideCatalogue.all()).extracting(OverrideKnob::key).containsExactly(
                "backfill_batch_size", "backfill_max_concurrent_partitions", "backfill_max_realtime_lag_seconds",
                "backfill_resume_lag_seconds", "index_stale_after_seconds", "indexer_read_concurrency");
        assertThat(OverrideCatalogue.find("backfill_batch_size")).get()
                .satisfies(knob -> {
                    assertThat(knob.min()).isEqualTo(1);
                    assertThat(knob.max()).isEqualTo(10_000);
                    assertThat(knob.knobClass()).isEqualTo(KnobClass.HOT);
                });
        assertThat(OverrideCatalogue.find("backfill_max_concurrent_partitions").orElseThrow().knobClass())
                .isEqualTo(KnobClass.RECONFIGURE);
        assertThat(OverrideCatalogue.find("indexer_read_concurrency").orElseThrow().knobClass())
                .isEqualTo(KnobClass.RESTART);
    }

    @Test
    void valuesAreWholeNumbersWithinTheKnobsBoundsInCanonicalForm() {
        OverrideKnob batch = OverrideCatalogue.windowable("backfill_batch_size");

        assertThat(batch.canonical(" 0500 ")).isEqualTo("500");
        assertThat(batch.canonical("1")).isEqualTo("1");
        assertThat(batch.canonical("10000")).isEqualTo("10000");
        assertThat(reasonOf(() -> batch.canonical("0"))).isEqualTo("override_value_out_of_bounds");
        assertThat(reasonOf(() -> batch.canonical("10001"))).isEqualTo("override_value_out_of_bounds");
        assertThat(reasonOf(() -> batch.canonical("-5"))).isEqualTo("override_value_out_of_bounds");
        assertThat(reasonOf(() -> batch.canonical("2.5"))).isEqualTo("override_value_invalid");
        assertThat(reasonOf(() -> batch.canonical("lots"))).isEqualTo("override_value_invalid");
        assertThat(reasonOf(() -> OverrideCatalogue.windowable("index_stale_after_seconds").canonical("86401")))
                .isEqualTo("override_value_out_of_bounds");
        assertThat(OverrideCatalogue.windowable("backfill_resume_lag_seconds").canonical("0")).isEqualTo("0");
    }

    @Test
    void unknownAndRestartClassKeysAreRefusedWithTheirOwnReasons() {
        assertThatThrownBy(() -> OverrideCatalogue.windowable("lateness_allowance"))
                .isInstanceOf(OverrideRejected.class)
                .hasMessageStartingWith("override_key_unknown: 'lateness_allowance' is not an overridable setting")
                .hasMessageContaining("backfill_batch_size");
        assertThat(reasonOf(() -> OverrideCatalogue.windowable("indexer_read_concurrency")))
                .isEqualTo("override_key_requires_restart");
        assertThat(reasonOf(() -> OverrideCatalogue.windowable(null))).isEqualTo("override_key_unknown");
    }

    @Test
    void aValidRequestGetsItsStartAndCanonicalValue() {
        OverrideRequest valid = request("backfill_batch_size", "02000", null, NOW.plus(Duration.ofHours(2)))
                .validated(NOW);

        assertThat(valid.validFrom()).isEqualTo(NOW);
        assertThat(valid.value()).isEqualTo("2000");
        assertThat(valid.validUntil()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void windowsMustEndAfterTheyStartInTheFutureAndWithinThirtyDays() {
        String key = "index_stale_after_seconds";
        assertThat(reasonOf(() -> request(key, "600", null, null).validated(NOW))).isEqualTo("override_window_invalid");
        assertThat(reasonOf(() -> request(key, "600", NOW.plusSeconds(60), NOW.plusSeconds(60)).validated(NOW)))
                .as("empty window").isEqualTo("override_window_invalid");
        assertThat(reasonOf(() -> request(key, "600", NOW.minusSeconds(600), NOW).validated(NOW)))
                .as("already over").isEqualTo("override_window_invalid");
        assertThat(reasonOf(() -> request(key, "600", NOW, NOW.plus(Duration.ofDays(30)).plusSeconds(1))
                .validated(NOW))).as("too long").isEqualTo("override_window_invalid");
        assertThat(request(key, "600", NOW, NOW.plus(Duration.ofDays(30))).validated(NOW).value()).isEqualTo("600");
    }

    @Test
    void scopeActorAndReasonAreRequired() {
        Instant until = NOW.plusSeconds(3600);
        assertThat(reasonOf(() -> new OverrideRequest(" ", "backfill_batch_size", "10", null, until, null, "a", "r")
                .validated(NOW))).isEqualTo("override_request_invalid");
        assertThat(reasonOf(() -> new OverrideRequest("s", "backfill_batch_size", "10", null, until, null, "", "r")
                .validated(NOW))).isEqualTo("override_request_invalid");
        assertThat(reasonOf(() -> new OverrideRequest("s", "backfill_batch_size", "10", null, until, null, "a", null)
                .validated(NOW))).isEqualTo("override_request_invalid");
        assertThat(reasonOf(() -> new OverrideRequest("s", "backfill_batch_size", "10", null, until, " ", "a", "r")
                .validated(NOW))).isEqualTo("override_request_invalid");
    }

    @Test
    void theLagBoundsAreAPairWithTheResumeBoundBelow() {
        var resume = OverrideCatalogue.lagPair("backfill_resume_lag_seconds").orElseThrow();
        var pause = OverrideCatalogue.lagPair("backfill_max_realtime_lag_seconds").orElseThrow();

        assertThat(resume.otherKey()).isEqualTo("backfill_max_realtime_lag_seconds");
        assertThat(resume.consistent(30, 60)).isTrue();
        assertThat(resume.consistent(60, 60)).isFalse();
        assertThat(pause.consistent(60, 30)).isTrue();
        assertThat(pause.consistent(30, 30)).isFalse();
        assertThat(OverrideCatalogue.lagPair("backfill_batch_size")).isEmpty();
    }
}
