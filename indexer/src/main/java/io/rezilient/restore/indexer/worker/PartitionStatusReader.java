package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.QuarantineStore;
import io.rezilient.restore.indexer.store.QuarantinedArtifact;
import io.rezilient.restore.indexer.store.SourceKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-partition freshness of a source: the shared {@link FreshnessGate} on the watermark, except that an open
 * quarantine in the partition (or one in its source whose partition is unknown) makes it {@code unknown} with
 * {@code blocked_freshness_unknown}: an artifact that could not be indexed may hide events a restore needs, so
 * restores touching the partition fail closed until the quarantine is resolved.
 */
public final class PartitionStatusReader {
    private final IndexReader reader;
    private final QuarantineStore quarantine;
    private final FreshnessGate gate;

    public PartitionStatusReader(IndexReader reader, QuarantineStore quarantine, FreshnessGate gate) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    public List<PartitionStatus> partitions(SourceKey source, Instant now) {
        Map<String, PartitionWatermark> watermarks = new TreeMap<>();
        Map<String, PartitionKey> partitions = new TreeMap<>();
        for (PartitionWatermark watermark : reader.watermarks(source)) {
            String id = id(watermark.partition());
            watermarks.put(id, watermark);
            partitions.put(id, watermark.partition());
        }
        Map<String, Integer> blocked = new HashMap<>();
        int sourceWide = 0;
        for (QuarantinedArtifact artifact : quarantine.openForSource(source)) {
            if (artifact.partitionKey().isEmpty()) {
                sourceWide++;
                continue;
            }
            PartitionKey partition = artifact.partitionKey().get();
            partitions.putIfAbsent(id(partition), partition);
            blocked.merge(id(partition), 1, Integer::sum);
        }
        List<PartitionStatus> result = new ArrayList<>();
        for (Map.Entry<String, PartitionKey> entry : partitions.entrySet()) {
            PartitionWatermark watermark = watermarks.get(entry.getKey());
            int open = blocked.getOrDefault(entry.getKey(), 0) + sourceWide;
            result.add(new PartitionStatus(entry.getValue(), watermark, open,
                    decide(watermark == null ? null : watermark.indexedThroughTime(), open, now)));
        }
        result.sort(Comparator.comparing(status -> id(status.partition())));
        return result;
    }

    /** The gate's decision, or unknown while {@code openQuarantine > 0} (the lag is still reported). */
    public FreshnessDecision decide(Instant indexedThroughTime, int openQuarantine, Instant now) {
        FreshnessDecision decision = gate.evaluate(indexedThroughTime, now, null);
        if (openQuarantine == 0) {
            return decision;
        }
        return new FreshnessDecision(Freshness.UNKNOWN, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN,
                false, decision.lagSeconds());
    }

    private static String id(PartitionKey partition) {
        return partition.topic() + "|" + String.format("%010d", partition.partition());
    }
}
