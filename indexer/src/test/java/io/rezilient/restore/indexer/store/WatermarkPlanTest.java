package io.rezilient.restore.indexer.store;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The watermark rules of one batch, over an in-memory stand-in for the partition's indexed offsets. */
class WatermarkPlanTest {
    private static final String TENANT = "tenant-acme";
    private static final PartitionKey P0 = Events.partitionOf(TENANT, 0);
    private static final Instant NOW = Instant.parse("2026-02-16T13:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-02-16T12:30:00Z");
    private static final Instant BASE = Instant.parse("2026-02-16T12:00:00Z");

    private final Map<GenerationKey, Long> epochs = new HashMap<>();
    /** What index_events holds for generation g1 of P0 (a batch's rows are added as the store inserts them). */
    private final NavigableMap<BigInteger, OffsetTime> table = new TreeMap<>();
    private final List<Integer> pagesAsked = new ArrayList<>();

    private final IndexedOffsets tableOffsets = (generation, after, limit) -> {
        pagesAsked.add(limit);
        return table.tailMap(after, false).values().stream().limit(limit).toList();
    };

    private IndexedEvent event(String generation, long epoch, long offset) {
        return event(generation, epoch, offset, BASE.plusSeconds(offset));
    }

    private IndexedEvent event(String generation, long epoch, long offset, Instant time) {
        IndexedEvent event = Events.in(TENANT).generation(generation).offset(offset).at(time.toString()).build();
        epochs.put(event.generationKey(), epoch);
        return event;
    }

    /** Events of g1 at {@code offsets}, each at BASE + offset seconds. */
    private List<IndexedEvent> g1(long... offsets) {
        List<IndexedEvent> events = new ArrayList<>();
        for (long offset : offsets) {
            events.add(event("g1", 1, offset));
        }
        return events;
    }

    /** Indexes {@code events} into the table (as the store's insert does before it plans) and plans them. */
    private WatermarkPlan plan(Map<PartitionKey, WatermarkPosition> stored, List<IndexedEvent> events) {
        for (IndexedEvent event : events) {
            if (event.generationId().equals("g1")) {
                table.merge(new BigInteger(event.offset()), OffsetTime.of(event), OffsetTime::merge);
            }
        }
        return WatermarkPlan.of(stored, events, epochs, tableOffsets, NOW);
    }

    private WatermarkPosition after(Map<PartitionKey, WatermarkPosition> stored, List<IndexedEvent> events) {
        WatermarkPosition next = plan(stored, events).changed().get(P0);
        return next != null ? next : stored.get(P0);
    }

    private static Instant at(long offset) {
        return BASE.plusSeconds(offset);
    }

    @Test
    void anInOrderBatchIsOneRangeWithoutAHole() {
        WatermarkPosition position = after(Map.of(), g1(0, 1, 2, 3));

        assertThat(position.fromOffset()).isEqualTo(0);
        assertThat(position.throughOffset()).isEqualTo(3);
        assertThat(position.highestOffset()).isEqualTo(3);
        assertThat(position.indexedThroughTime()).isEqualTo(at(3));
        assertThat(position.coverageStart()).isEqualTo(at(0));
        assertThat(position.stalledSince()).isNull();
    }

    @Test
    void theFrontierStopsAtTheFirstHoleWhateverTheOrderInTheBatch() {
        WatermarkPosition forward = after(Map.of(), g1(3, 4, 7, 9));
        WatermarkPosition backward = after(Map.of(), g1(9, 7, 4, 3));

        assertThat(backward).isEqualTo(forward);
        assertThat(forward.fromOffset()).isEqualTo(3);
        assertThat(forward.throughOffset()).isEqualTo(4);
        assertThat(forward.indexedThroughTime()).isEqualTo(at(4)); // not 9's: 5, 6 and 8 are missing
        assertThat(forward.highestOffset()).isEqualTo(9);
        assertThat(forward.highestTime()).isEqualTo(at(9));
        assertThat(forward.stalledSince()).isEqualTo(NOW);
    }

    @Test
    void aLateEventFillsTheHoleAndTheFrontierWalksOverTheIslandsAboveIt() {
        WatermarkPosition holed = after(Map.of(), g1(0, 1, 3, 4, 5, 7));
        assertThat(holed.throughOffset()).isEqualTo(1);

        WatermarkPosition filled = after(Map.of(P0, holed), g1(2));

        assertThat(filled.fromOffset()).isEqualTo(0);
        assertThat(filled.throughOffset()).isEqualTo(5); // 2 joins 0–1 with the island 3–5; 6 is still missing
        assertThat(filled.indexedThroughTime()).isEqualTo(at(5));
        assertThat(filled.highestOffset()).isEqualTo(7);
        assertThat(filled.stalledSince()).isEqualTo(NOW);

        WatermarkPosition closed = after(Map.of(P0, filled), g1(6));
        assertThat(closed.throughOffset()).isEqualTo(7);
        assertThat(closed.indexedThroughTime()).isEqualTo(at(7));
        assertThat(closed.stalledSince()).isNull();
    }

    @Test
    void aHoleKeepsTheTimeItOpenedUntilTheFrontierMoves() {
        WatermarkPosition holed = after(Map.of(), g1(0, 2));
        WatermarkPosition opened = withStalledSince(holed, EARLIER);

        WatermarkPosition stillWaiting = after(Map.of(P0, opened), g1(5));
        assertThat(stillWaiting.throughOffset()).isEqualTo(0);
        assertThat(stillWaiting.highestOffset()).isEqualTo(5);
        assertThat(stillWaiting.stalledSince()).isEqualTo(EARLIER);

        WatermarkPosition moved = after(Map.of(P0, stillWaiting), g1(1));
        assertThat(moved.throughOffset()).isEqualTo(2); // 3 and 4 are missing now: a new hole, waiting from now
        assertThat(moved.stalledSince()).isEqualTo(NOW);
    }

    @Test
    void anEarlierEventNextToTheRangeExtendsItDownward() {
        WatermarkPosition range = after(Map.of(), g1(5, 6, 7));

        WatermarkPosition extended = after(Map.of(P0, range), g1(3, 4));

        assertThat(extended.fromOffset()).isEqualTo(3);
        assertThat(extended.throughOffset()).isEqualTo(7);
        assertThat(extended.coverageStart()).isEqualTo(at(3));
        assertThat(extended.indexedThroughTime()).isEqualTo(at(7));
        assertThat(extended.stalledSince()).isNull();
    }

    @Test
    void anEarlierEventAcrossAHoleRestartsTheRangeAtItsOffset() {
        WatermarkPosition range = after(Map.of(), g1(5, 6, 7));

        WatermarkPosition lowered = after(Map.of(P0, range), g1(1, 2));

        // 3 and 4 are missing: only 1–2 is known complete from the lowest offset
        assertThat(lowered.fromOffset()).isEqualTo(1);
        assertThat(lowered.throughOffset()).isEqualTo(2);
        assertThat(lowered.indexedThroughTime()).isEqualTo(at(2));
        assertThat(lowered.highestOffset()).isEqualTo(7);
        assertThat(lowered.stalledSince()).isEqualTo(NOW);

        WatermarkPosition rejoined = after(Map.of(P0, lowered), g1(4, 3));
        assertThat(rejoined.fromOffset()).isEqualTo(1);
        assertThat(rejoined.throughOffset()).isEqualTo(7);
        assertThat(rejoined.indexedThroughTime()).isEqualTo(at(7));
        assertThat(rejoined.stalledSince()).isNull();
    }

    @Test
    void aRepeatedOffsetInsideTheRangeWidensItsTimes() {
        WatermarkPosition range = after(Map.of(), g1(0, 1, 2));

        WatermarkPosition widened = after(Map.of(P0, range), List.of(event("g1", 1, 1, NOW)));

        assertThat(widened.throughOffset()).isEqualTo(2);
        assertThat(widened.indexedThroughTime()).isEqualTo(NOW);
        assertThat(widened.highestTime()).isEqualTo(NOW);
    }

    @Test
    void withoutAStoredHoleTheFrontierIsWalkedInMemory() {
        WatermarkPosition range = after(Map.of(), g1(0, 1, 2));
        pagesAsked.clear();

        WatermarkPosition next = after(Map.of(P0, range), g1(3, 4, 6));

        assertThat(next.throughOffset()).isEqualTo(4);
        assertThat(pagesAsked).as("an in-order stream never reads the table").isEmpty();
    }

    @Test
    void aLongIslandIsWalkedInGrowingPages() {
        long[] island = new long[10_000];
        for (int i = 0; i < island.length; i++) {
            island[i] = i + 2;
        }
        WatermarkPosition holed = after(Map.of(), g1(concat(new long[] {0}, island, new long[] {10_003})));
        assertThat(holed.throughOffset()).isEqualTo(0);
        pagesAsked.clear();

        WatermarkPosition filled = after(Map.of(P0, holed), g1(1));

        assertThat(filled.throughOffset()).isEqualTo(10_001);
        assertThat(filled.highestOffset()).isEqualTo(10_003);
        assertThat(pagesAsked).startsWith(WatermarkPlan.FIRST_PAGE, WatermarkPlan.FIRST_PAGE * 4)
                .allMatch(page -> page <= WatermarkPlan.LARGEST_PAGE);
    }

    @Test
    void anyArrivalOrderEndsWithTheWholeRangeAndNeverLowersTheHighestOffset() {
        for (long seed = 1; seed <= 40; seed++) {
            table.clear();
            Random random = new Random(seed);
            List<Long> offsets = new ArrayList<>();
            for (long offset = 10; offset < 10 + 200; offset++) {
                offsets.add(offset);
            }
            Collections.shuffle(offsets, random);
            Map<PartitionKey, WatermarkPosition> stored = new HashMap<>();
            TreeSet<Long> seen = new TreeSet<>();
            int at = 0;
            while (at < offsets.size()) {
                int size = 1 + random.nextInt(30);
                List<Long> batch = offsets.subList(at, Math.min(offsets.size(), at + size));
                seen.addAll(batch);
                WatermarkPosition before = stored.get(P0);
                WatermarkPosition next = after(stored, g1(batch.stream().mapToLong(Long::longValue).toArray()));
                stored.put(P0, next);
                at += size;

                long through = seen.first();
                while (seen.contains(through + 1)) {
                    through++;
                }
                assertThat(next.fromOffset()).as("seed %d", seed).isEqualTo(BigInteger.valueOf(seen.first()));
                assertThat(next.throughOffset()).as("seed %d", seed).isEqualTo(BigInteger.valueOf(through));
                assertThat(next.indexedThroughTime()).isEqualTo(at(through));
                assertThat(next.highestOffset()).isEqualTo(BigInteger.valueOf(seen.last()));
                assertThat(next.stalledSince() != null).isEqualTo(seen.last() > through);
                if (before != null) {
                    assertThat(next.highestOffset()).isGreaterThanOrEqualTo(before.highestOffset());
                }
            }
            assertThat(stored.get(P0).throughOffset()).isEqualTo(209);
            assertThat(stored.get(P0).stalledSince()).isNull();
        }
    }

    @Test
    void onlyTheNewestEpochOfTheBatchShapesANewWatermark() {
        WatermarkPosition g1 = after(Map.of(), g1(49, 50));
        WatermarkPlan plan = plan(Map.of(P0, g1), List.of(event("g1", 1, 51), event("g2", 2, 4),
                event("g2", 2, 2, at(1)), event("g2", 2, 3)));

        WatermarkPosition position = plan.changed().get(P0);
        assertThat(position.generationId()).isEqualTo("g2");
        assertThat(position.fromOffset()).isEqualTo(2);
        assertThat(position.throughOffset()).isEqualTo(4);
        assertThat(position.coverageStart()).isEqualTo(at(1));
        assertThat(plan.newEpochs()).containsEntry(P0, 2L);
    }

    @Test
    void stragglersAloneChangeNothing() {
        epochs.put(new GenerationKey(P0, "g2"), 2L);
        WatermarkPosition g2 = new WatermarkPosition("g2", 2, BigInteger.valueOf(40), BigInteger.valueOf(50),
                at(50), at(40), BigInteger.valueOf(50), at(50), null);

        WatermarkPlan plan = plan(Map.of(P0, g2), g1(300));

        assertThat(plan.changed()).isEmpty();
        assertThat(plan.newEpochs()).isEmpty();
    }

    private static WatermarkPosition withStalledSince(WatermarkPosition position, Instant since) {
        return new WatermarkPosition(position.generationId(), position.generationEpoch(), position.fromOffset(),
                position.throughOffset(), position.indexedThroughTime(), position.coverageStart(),
                position.highestOffset(), position.highestTime(), since);
    }

    private static long[] concat(long[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
