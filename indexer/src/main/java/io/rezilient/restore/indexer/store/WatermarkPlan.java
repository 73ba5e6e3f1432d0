package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The watermark changes one batch makes, computed from the stored watermarks and the batch's newly inserted events
 * (a re-delivered event changes nothing). Per partition, whatever order the events arrive in:
 * <ul>
 *   <li>events of an older generation epoch than the watermark's are stragglers: indexed, but they never move it;</li>
 *   <li>events of the watermark's epoch join its contiguous range: the frontier walks up over every offset that is
 *       now indexed without a hole, and the range's start walks down over earlier offsets the same way; an earlier
 *       event that arrives across a hole starts the range anew at its offset (the frontier falls back to the end of
 *       the contiguous run that now starts lowest — an honest frontier, see docs/indexer-watermarks.md);</li>
 *   <li>events of a newer epoch start a new watermark from the newest epoch's events alone.</li>
 * </ul>
 * The walk above the frontier reads the table only when the stored watermark already had a hole; otherwise every
 * offset above the frontier is in the batch (the in-order case costs no query).
 *
 * @param changed   partitions whose watermark moves, with the new position
 * @param newEpochs partitions whose watermark moves to a newer generation epoch (older generations end)
 */
record WatermarkPlan(Map<PartitionKey, WatermarkPosition> changed, Map<PartitionKey, Long> newEpochs) {
    /** First and largest page of the walk over already indexed offsets; pages grow as long as the run goes on. */
    static final int FIRST_PAGE = 64;
    static final int LARGEST_PAGE = 4096;

    static WatermarkPlan of(Map<PartitionKey, WatermarkPosition> stored, List<IndexedEvent> inserted,
                            Map<GenerationKey, Long> epochs, IndexedOffsets indexed, Instant now) {
        Map<PartitionKey, List<IndexedEvent>> byPartition = new LinkedHashMap<>();
        for (IndexedEvent event : inserted) {
            byPartition.computeIfAbsent(event.partitionKey(), key -> new ArrayList<>()).add(event);
        }
        Map<PartitionKey, WatermarkPosition> changed = new LinkedHashMap<>();
        Map<PartitionKey, Long> newEpochs = new LinkedHashMap<>();
        for (Map.Entry<PartitionKey, List<IndexedEvent>> entry : byPartition.entrySet()) {
            PartitionKey partition = entry.getKey();
            WatermarkPosition current = stored.get(partition);
            long storedEpoch = current == null ? 0 : current.generationEpoch();
            long targetEpoch = storedEpoch;
            for (IndexedEvent event : entry.getValue()) {
                targetEpoch = Math.max(targetEpoch, epochs.get(event.generationKey()));
            }
            NavigableMap<BigInteger, OffsetTime> batch = new TreeMap<>();
            String generationId = null;
            for (IndexedEvent event : entry.getValue()) {
                if (epochs.get(event.generationKey()) == targetEpoch) {
                    batch.merge(new BigInteger(event.offset()), OffsetTime.of(event), OffsetTime::merge);
                    generationId = event.generationId();
                }
            }
            if (batch.isEmpty()) {
                continue; // stragglers of older generations only
            }
            WatermarkPosition next = targetEpoch == storedEpoch
                    ? extend(current, batch, new GenerationKey(partition, generationId), indexed, now)
                    : start(generationId, targetEpoch, batch, now);
            if (!next.equals(current)) {
                changed.put(partition, next);
                if (targetEpoch != storedEpoch) {
                    newEpochs.put(partition, targetEpoch);
                }
            }
        }
        return new WatermarkPlan(changed, newEpochs);
    }

    /** A new generation's watermark: the run that starts at the batch's lowest offset. */
    private static WatermarkPosition start(String generationId, long epoch, NavigableMap<BigInteger, OffsetTime> batch,
                                           Instant now) {
        Run run = Run.of(batch.firstEntry().getValue()).walk(batch.values().iterator());
        return position(generationId, epoch, run, highest(batch, null), null, now);
    }

    private static WatermarkPosition extend(WatermarkPosition current, NavigableMap<BigInteger, OffsetTime> batch,
                                            GenerationKey generation, IndexedOffsets indexed, Instant now) {
        Run stored = new Run(current.fromOffset(), current.throughOffset(), current.coverageStart(),
                current.indexedThroughTime());
        Run run = stored;
        BigInteger lowest = batch.firstKey();
        if (lowest.compareTo(current.fromOffset()) < 0) {
            // no indexed offset of this generation lies below the range's start except the batch's own
            Run below = Run.of(batch.firstEntry().getValue())
                    .walk(batch.headMap(current.fromOffset(), false).values().iterator());
            run = below.through.add(BigInteger.ONE).equals(current.fromOffset()) ? below.join(stored) : below;
        }
        if (run.from.compareTo(current.fromOffset()) <= 0 && run.through.equals(current.throughOffset())) {
            // the stored range is part of the run: a repeated offset inside it may bring new event times
            for (OffsetTime inside : batch.subMap(current.fromOffset(), true, current.throughOffset(), true).values()) {
                run = run.widen(inside);
            }
            run = current.holeOpen()
                    ? walkIndexed(run, generation, indexed)
                    : run.walk(batch.tailMap(run.through, false).values().iterator());
        }
        return position(current.generationId(), current.generationEpoch(), run, highest(batch, current), current,
                now);
    }

    /**
     * The watermark after an operator declared the offsets from the frontier through {@code lastSkipped} missing
     * for good: the frontier steps over them and walks on over what is indexed above.
     */
    static WatermarkPosition afterSkip(WatermarkPosition current, BigInteger lastSkipped, GenerationKey generation,
                                       IndexedOffsets indexed, Instant now) {
        Run run = walkIndexed(new Run(current.fromOffset(), lastSkipped, current.coverageStart(),
                current.indexedThroughTime()), generation, indexed);
        OffsetTime highest = new OffsetTime(current.highestOffset(), current.highestTime(), current.highestTime());
        return position(current.generationId(), current.generationEpoch(), run, highest, current, now);
    }

    /** Extends the run over offsets already in the table (the batch's own rows included), page by page. */
    private static Run walkIndexed(Run run, GenerationKey generation, IndexedOffsets indexed) {
        int page = FIRST_PAGE;
        while (true) {
            List<OffsetTime> above = indexed.above(generation, run.through, page);
            Run walked = run.walk(above.iterator());
            int consumed = walked.through.subtract(run.through).intValueExact();
            run = walked;
            if (consumed < above.size() || above.size() < page) {
                return run; // a hole, or nothing more indexed
            }
            page = Math.min(LARGEST_PAGE, page * 4);
        }
    }

    private static OffsetTime highest(NavigableMap<BigInteger, OffsetTime> batch, WatermarkPosition current) {
        OffsetTime top = batch.lastEntry().getValue();
        Instant latest = top.latest();
        for (OffsetTime offset : batch.values()) {
            latest = OffsetTime.later(latest, offset.latest());
        }
        if (current == null) {
            return new OffsetTime(top.offset(), latest, latest);
        }
        BigInteger offset = top.offset().max(current.highestOffset());
        latest = OffsetTime.later(latest, current.highestTime());
        return new OffsetTime(offset, latest, latest);
    }

    private static WatermarkPosition position(String generationId, long epoch, Run run, OffsetTime highest,
                                              WatermarkPosition current, Instant now) {
        Instant stalledSince = null;
        if (highest.offset().compareTo(run.through) > 0) {
            boolean frontierStayed = current != null && current.stalledSince() != null
                    && current.throughOffset().equals(run.through) && current.fromOffset().equals(run.from);
            stalledSince = frontierStayed ? current.stalledSince() : now;
        }
        return new WatermarkPosition(generationId, epoch, run.from, run.through, run.latest, run.earliest,
                highest.offset(), highest.latest(), stalledSince);
    }

    /** A contiguous run of indexed offsets with the earliest and latest event time among them. */
    private record Run(BigInteger from, BigInteger through, Instant earliest, Instant latest) {
        static Run of(OffsetTime offset) {
            return new Run(offset.offset(), offset.offset(), offset.earliest(), offset.latest());
        }

        /** Takes offsets from the ascending {@code offsets} while each is the next one; stops at the first hole. */
        Run walk(Iterator<OffsetTime> offsets) {
            Run run = this;
            while (offsets.hasNext()) {
                OffsetTime next = offsets.next();
                int step = next.offset().compareTo(run.through);
                if (step <= 0) {
                    run = run.widen(next); // the run's own offset (its first) seen again
                } else if (next.offset().equals(run.through.add(BigInteger.ONE))) {
                    run = new Run(run.from, next.offset(), OffsetTime.earlier(run.earliest, next.earliest()),
                            OffsetTime.later(run.latest, next.latest()));
                } else {
                    break;
                }
            }
            return run;
        }

        /** This run followed directly by {@code after}. */
        Run join(Run after) {
            return new Run(from, after.through, OffsetTime.earlier(earliest, after.earliest),
                    OffsetTime.later(latest, after.latest));
        }

        Run widen(OffsetTime inside) {
            return new Run(from, through, OffsetTime.earlier(earliest, inside.earliest()),
                    OffsetTime.later(latest, inside.latest()));
        }
    }
}
