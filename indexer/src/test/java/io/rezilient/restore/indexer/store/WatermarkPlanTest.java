package io.rezilient.restore.indexer.store;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watermark rules of one batch, without a database. */
class WatermarkPlanTest {
    private static final String TENANT = "tenant-acme";
    private static final PartitionKey P0 = Events.partitionOf(TENANT, 0);

    private final Map<GenerationKey, Long> epochs = new HashMap<>();

    private IndexedEvent event(String generation, long epoch, long offset, String time) {
        IndexedEvent event = Events.in(TENANT).generation(generation).offset(offset).at(time).build();
        epochs.put(event.generationKey(), epoch);
        return event;
    }

    private static WatermarkPosition stored(String generation, long epoch, long offset, String time) {
        Instant at = Instant.parse(time);
        return new WatermarkPosition(generation, epoch, BigInteger.valueOf(offset), at, at, at);
    }

    @Test
    void theOrderOfEventsInTheBatchDoesNotMatter() {
        List<IndexedEvent> events = List.of(event("g1", 1, 7, "2026-02-16T12:07:00Z"),
                event("g1", 1, 3, "2026-02-16T12:03:00Z"), event("g1", 1, 9, "2026-02-16T12:01:00Z"));

        WatermarkPlan forward = WatermarkPlan.of(Map.of(), events, epochs);
        WatermarkPlan backward = WatermarkPlan.of(Map.of(), events.reversed(), epochs);

        assertThat(forward.changed()).isEqualTo(backward.changed());
        WatermarkPosition position = forward.changed().get(P0);
        assertThat(position.offset()).isEqualTo(9);
        assertThat(position.indexedThroughTime()).isEqualTo("2026-02-16T12:07:00Z");
        assertThat(position.coverageStart()).isEqualTo("2026-02-16T12:01:00Z");
        assertThat(forward.violations()).isEmpty();
    }

    @Test
    void onlyTheNewestEpochOfTheBatchShapesANewWatermark() {
        WatermarkPlan plan = WatermarkPlan.of(Map.of(P0, stored("g1", 1, 50, "2026-02-16T12:00:00Z")),
                List.of(event("g1", 1, 60, "2026-02-16T12:10:00Z"), event("g2", 2, 4, "2026-02-16T12:20:00Z"),
                        event("g2", 2, 2, "2026-02-16T12:15:00Z")), epochs);

        WatermarkPosition position = plan.changed().get(P0);
        assertThat(position.generationId()).isEqualTo("g2");
        assertThat(position.offset()).isEqualTo(4);
        assertThat(position.coverageStart()).isEqualTo("2026-02-16T12:15:00Z");
        assertThat(plan.newEpochs()).containsEntry(P0, 2L);
    }

    @Test
    void onlyEventsOfTheStoredEpochBelowItsOffsetAreViolations() {
        WatermarkPlan plan = WatermarkPlan.of(Map.of(P0, stored("g2", 2, 50, "2026-02-16T12:00:00Z")),
                List.of(event("g1", 1, 3, "2026-02-16T12:00:00Z"), event("g2", 2, 49, "2026-02-16T12:00:00Z"),
                        event("g2", 2, 50, "2026-02-16T12:00:00Z")), epochs);

        assertThat(plan.violations()).extracting(WatermarkInvariantException.Violation::offset).containsExactly("49");
    }

    @Test
    void stragglersAloneChangeNothing() {
        WatermarkPlan plan = WatermarkPlan.of(Map.of(P0, stored("g2", 2, 50, "2026-02-16T12:00:00Z")),
                List.of(event("g1", 1, 300, "2026-02-16T13:00:00Z")), epochs);

        assertThat(plan.changed()).isEmpty();
        assertThat(plan.newEpochs()).isEmpty();
        assertThat(plan.violations()).isEmpty();
    }
}
