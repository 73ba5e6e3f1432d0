package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watermark changes one batch makes, computed from the stored watermarks and the batch's newly inserted events
 * only (a re-delivered event changes nothing). Per partition, independent of the order of events in the batch:
 * <ul>
 *   <li>an event of the stored watermark's epoch below its offset violates the invariant (the batch is rejected);</li>
 *   <li>events of an older epoch than the watermark's are stragglers: indexed, but they never move it;</li>
 *   <li>events of the watermark's epoch move it monotonically ({@link WatermarkPosition#merge});</li>
 *   <li>events of a newer epoch start a new watermark from the newest epoch's events alone.</li>
 * </ul>
 *
 * @param changed       partitions whose watermark moves, with the new position
 * @param newEpochs     partitions whose watermark moves to a newer generation epoch (older generations end)
 * @param violations    events that violate the invariant; non-empty means nothing may be written
 */
record WatermarkPlan(Map<PartitionKey, WatermarkPosition> changed, Map<PartitionKey, Long> newEpochs,
                     List<WatermarkInvariantException.Violation> violations) {

    static WatermarkPlan of(Map<PartitionKey, WatermarkPosition> stored, List<IndexedEvent> inserted,
                            Map<GenerationKey, Long> epochs) {
        Map<PartitionKey, List<IndexedEvent>> byPartition = new LinkedHashMap<>();
        for (IndexedEvent event : inserted) {
            byPartition.computeIfAbsent(event.partitionKey(), key -> new ArrayList<>()).add(event);
        }
        Map<PartitionKey, WatermarkPosition> changed = new LinkedHashMap<>();
        Map<PartitionKey, Long> newEpochs = new LinkedHashMap<>();
        List<WatermarkInvariantException.Violation> violations = new ArrayList<>();
        for (Map.Entry<PartitionKey, List<IndexedEvent>> entry : byPartition.entrySet()) {
            PartitionKey partition = entry.getKey();
            WatermarkPosition current = stored.get(partition);
            long storedEpoch = current == null ? 0 : current.generationEpoch();
            long targetEpoch = storedEpoch;
            for (IndexedEvent event : entry.getValue()) {
                long epoch = epochs.get(event.generationKey());
                targetEpoch = Math.max(targetEpoch, epoch);
                if (current != null && epoch == storedEpoch && new BigInteger(event.offset()).compareTo(current.offset()) < 0) {
                    violations.add(new WatermarkInvariantException.Violation(partition, event.generationId(),
                            event.eventId(), event.manifestKey(), event.offset(), current.offset().toString()));
                }
            }
            WatermarkPosition next = targetEpoch == storedEpoch ? current : null;
            for (IndexedEvent event : entry.getValue()) {
                if (epochs.get(event.generationKey()) == targetEpoch) {
                    WatermarkPosition single = WatermarkPosition.of(event, targetEpoch);
                    next = next == null ? single : next.merge(single);
                }
            }
            if (next != null && !next.equals(current)) {
                changed.put(partition, next);
                if (targetEpoch != storedEpoch) {
                    newEpochs.put(partition, targetEpoch);
                }
            }
        }
        return new WatermarkPlan(changed, newEpochs, violations);
    }
}
