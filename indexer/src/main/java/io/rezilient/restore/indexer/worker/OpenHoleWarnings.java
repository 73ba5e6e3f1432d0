package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Logs {@code restore-indexer partition hole open} once per hole that has held a partition's frontier longer than
 * {@code warnAfter}: a missing offset that never arrives must not just leave the partition quietly stale. A hole is
 * identified by where the frontier waits; when the frontier moves, a later hole is a new one.
 */
final class OpenHoleWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(OpenHoleWarnings.class);

    private final Duration warnAfter;
    /** Per partition, the frontier offset whose hole was already reported. */
    private final Map<PartitionKey, String> reported = new HashMap<>();

    OpenHoleWarnings(Duration warnAfter) {
        this.warnAfter = Objects.requireNonNull(warnAfter, "warnAfter");
    }

    /** Returns how many holes it reported now. */
    int warnAboutOldHoles(List<PartitionStatus> partitions, Instant now) {
        int warned = 0;
        for (PartitionStatus status : partitions) {
            PartitionWatermark watermark = status.watermark();
            if (watermark == null || !watermark.holeOpen()) {
                reported.remove(status.partition());
                continue;
            }
            Duration open = Duration.between(watermark.frontierStalledSince(), now);
            String frontier = watermark.generationId() + "@" + watermark.indexedThroughOffset();
            if (open.compareTo(warnAfter) < 0 || frontier.equals(reported.get(status.partition()))) {
                continue;
            }
            reported.put(status.partition(), frontier);
            warned++;
            LOG.atWarn().setMessage("restore-indexer partition hole open")
                    .addKeyValue("tenant_id", status.partition().source().tenantId())
                    .addKeyValue("instance_id", status.partition().source().instanceId())
                    .addKeyValue("source", status.partition().source().source())
                    .addKeyValue("topic", status.partition().topic())
                    .addKeyValue("partition", status.partition().partition())
                    .addKeyValue("generation_id", watermark.generationId())
                    .addKeyValue("indexed_through_offset", watermark.indexedThroughOffset())
                    .addKeyValue("first_missing_offset",
                            new BigInteger(watermark.indexedThroughOffset()).add(BigInteger.ONE).toString())
                    .addKeyValue("highest_indexed_offset", watermark.highestIndexedOffset())
                    .addKeyValue("open_seconds", open.toSeconds())
                    .addKeyValue("remedy", "rez indexer gaps list; see docs/indexer-watermarks.md").log();
        }
        return warned;
    }
}
