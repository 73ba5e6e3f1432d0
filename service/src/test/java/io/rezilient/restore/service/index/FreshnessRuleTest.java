package io.rezilient.restore.service.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.time.LenientDates;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessRuleTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir"), "conformance", "vectors");

    /**
     * The service must reach the indexer gate's verdicts on the {@code freshness} vectors: same freshness, reason
     * code and lag. Executability differs only where indexer-spec §6 says it does: the service never waits, so a
     * stale partition is preview_only (the gate's timed-out outcome) instead of blocked. Cases that exercise the
     * gate's wire validation (bad {@code now}/wait strings) do not apply: the service's times come from
     * TIMESTAMPTZ columns and its clock.
     */
    @Test
    void reachesTheReferenceVerdictsOnTheFreshnessVectors() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(VECTORS.resolve("freshness.json").toFile()).get("cases");
        int checked = 0;
        for (JsonNode vector : cases) {
            if (vector.has("expected_error")) {
                continue;
            }
            JsonNode input = vector.get("input");
            JsonNode expected = vector.get("expected");
            Instant now = IsoUtc.parse(input.get("now").asText()).orElseThrow();
            Instant watermark = input.get("indexed_through_time").isNull() ? null
                    : Instant.ofEpochMilli(LenientDates.parse(input.get("indexed_through_time").asText()).getAsLong());

            FreshnessVerdict verdict = new FreshnessRule(input.get("stale_after_seconds").asDouble())
                    .evaluate(watermark, 0, now);

            String name = vector.get("name").asText();
            assertThat(verdict.freshness().wire()).as(name).isEqualTo(expected.get("freshness").asText());
            assertThat(verdict.reasonCode().wire()).as(name).isEqualTo(expected.get("reason_code").asText());
            assertThat(verdict.lagSeconds()).as(name).isEqualTo(expected.get("lag_seconds").isNull() ? null
                    : expected.get("lag_seconds").asLong());
            assertThat(verdict.executability()).as(name).isEqualTo(verdict.freshness() == Freshness.STALE
                    ? Executability.PREVIEW_ONLY : Executability.fromWire(expected.get("executability").asText()));
            checked++;
        }
        assertThat(checked).isEqualTo(18);
    }

    @Test
    void openQuarantineMakesAnyWatermarkUnknownButKeepsItsLag() {
        Instant now = Instant.parse("2026-02-16T12:00:00Z");

        FreshnessVerdict verdict = new FreshnessRule(120).evaluate(now.minusSeconds(5), 1, now);

        assertThat(verdict.freshness()).isEqualTo(Freshness.UNKNOWN);
        assertThat(verdict.executability()).isEqualTo(Executability.BLOCKED);
        assertThat(verdict.lagSeconds()).isEqualTo(5L);
        assertThat(new FreshnessRule(120).evaluate(null, 0, now).lagSeconds()).isNull();
    }

    @Test
    void rejectsANegativeThreshold() {
        assertThatThrownBy(() -> new FreshnessRule(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreshnessRule(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
