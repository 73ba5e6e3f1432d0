package io.rezilient.restore.capture.sequence;

import io.rezilient.restore.capture.routing.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out offsets per topic partition, strictly increasing and never reused, also across restarts and crashes.
 *
 * <p>Offsets are reserved in blocks: before an offset is handed out, the end of its block is saved to the
 * {@link SequenceStateStore}, and a new run starts after the saved end. So a crash anywhere, even between an
 * artifact and its manifest, can leave a gap but never hands an offset out twice, and the store is written once
 * per block instead of once per event. A clean {@link #close()} saves the exact next offsets, giving back the
 * unused rest of each block. One sequencer per writer scope (tenant, instance) at a time.
 */
public final class OffsetSequencer implements AutoCloseable {
    private final SequenceStateStore state;
    private final long blockSize;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> reservedUntil = new TreeMap<>();
    private boolean dirty;

    public OffsetSequencer(SequenceStateStore state, long blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("offset reservation block must be at least 1, got " + blockSize);
        }
        this.state = state;
        this.blockSize = blockSize;
        reservedUntil.putAll(state.load());
        next.putAll(reservedUntil);
    }

    /** The next offset of {@code tp}. */
    public long next(TopicPartition tp) {
        return reserve(tp, 1);
    }

    /** Reserves {@code count} consecutive offsets of {@code tp} and returns the first. */
    public synchronized long reserve(TopicPartition tp, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("must reserve at least one offset, got " + count);
        }
        long first = next.getOrDefault(tp, 0L);
        long end = Math.addExact(first, count);
        if (end > reservedUntil.getOrDefault(tp, 0L)) {
            reservedUntil.put(tp, Math.addExact(first, Math.max(count, blockSize)));
            state.save(reservedUntil);
        }
        next.put(tp, end);
        dirty = true;
        return first;
    }

    /** Reserves offsets for several partitions with one state write (an ingest batch). */
    public synchronized Map<TopicPartition, Long> reserveAll(Map<TopicPartition, Long> counts) {
        Map<TopicPartition, Long> firsts = new TreeMap<>();
        boolean grow = false;
        for (Map.Entry<TopicPartition, Long> entry : new TreeMap<>(counts).entrySet()) {
            long first = next.getOrDefault(entry.getKey(), 0L);
            long end = Math.addExact(first, entry.getValue());
            if (end > reservedUntil.getOrDefault(entry.getKey(), 0L)) {
                reservedUntil.put(entry.getKey(), Math.addExact(first, Math.max(entry.getValue(), blockSize)));
                grow = true;
            }
            firsts.put(entry.getKey(), first);
        }
        if (grow) {
            state.save(reservedUntil);
        }
        firsts.forEach((tp, first) -> next.put(tp, first + counts.get(tp)));
        dirty = dirty || !counts.isEmpty();
        return firsts;
    }

    /** The offset the next reservation of {@code tp} would start at. */
    public synchronized long peek(TopicPartition tp) {
        return next.getOrDefault(tp, 0L);
    }

    /** Saves the exact next offsets, releasing unused reservations. */
    @Override
    public synchronized void close() {
        if (dirty && !reservedUntil.equals(next)) {
            reservedUntil.putAll(next);
            state.save(reservedUntil);
        }
        dirty = false;
    }
}
