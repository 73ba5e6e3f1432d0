package io.rezilient.restore.indexer.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rezilient.restore.indexer.lease.LeaseState;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters of one indexer worker, all tagged {@code ingest_scope}:
 * <ul>
 *   <li>{@code rez.indexer.events.indexed} (counter): events inserted into the index (the batches' {@code inserted},
 *       which already includes events indexed by a quarantine retry);</li>
 *   <li>{@code rez.indexer.events.existing} (counter): re-delivered events that were already indexed;</li>
 *   <li>{@code rez.indexer.batches} (counter, tag {@code outcome} = {@code indexed}, {@code empty},
 *       {@code not_leader} or {@code failed});</li>
 *   <li>{@code rez.indexer.quarantined} (counter): items set aside into quarantine;</li>
 *   <li>{@code rez.indexer.lag.seconds} (gauge per {@code tenant}, {@code instance}, {@code source}, {@code topic},
 *       {@code partition}): the freshness gate's lag; NaN while unknown;</li>
 *   <li>{@code rez.indexer.hole.offsets} (gauge, same tags): offsets between the partition's frontier and its highest
 *       indexed offset, indexed or not — 0 when no hole is open (docs/indexer-watermarks.md);</li>
 *   <li>{@code rez.indexer.hole.age.seconds} (gauge, same tags): how long the frontier has waited at an open hole;
 *       0 when none;</li>
 *   <li>{@code rez.indexer.lease.state} (gauge per {@code state} = {@code held}, {@code standby}, {@code lost}): 1
 *       for the current state, 0 for the others;</li>
 *   <li>{@code rez.indexer.lease.term} (gauge): how many times leadership (re)started.</li>
 * </ul>
 * The registry is passed in (a {@link SimpleMeterRegistry} by default); the runtime hands in a Prometheus one.
 */
public final class IndexerMetrics {
    private final MeterRegistry registry;
    private final Tags scope;
    private final Counter eventsIndexed;
    private final Counter eventsExisting;
    private final Counter quarantined;
    private final Counter batchesIndexed;
    private final Counter batchesEmpty;
    private final Counter batchesNotLeader;
    private final Counter batchesFailed;
    private final AtomicReference<LeaseState> lease = new AtomicReference<>();
    private final Map<PartitionKey, PartitionGauges> partitions = new ConcurrentHashMap<>();

    public IndexerMetrics(String ingestScopeId) {
        this(new SimpleMeterRegistry(), ingestScopeId);
    }

    public IndexerMetrics(MeterRegistry registry, String ingestScopeId) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.scope = Tags.of("ingest_scope", Objects.requireNonNull(ingestScopeId, "ingestScopeId"));
        eventsIndexed = Counter.builder("rez.indexer.events.indexed").tags(scope)
                .description("Events inserted into the restore index").register(registry);
        eventsExisting = Counter.builder("rez.indexer.events.existing").tags(scope)
                .description("Re-delivered events that were already indexed").register(registry);
        quarantined = Counter.builder("rez.indexer.quarantined").tags(scope)
                .description("Items set aside into quarantine").register(registry);
        batchesIndexed = batches("indexed");
        batchesEmpty = batches("empty");
        batchesNotLeader = batches("not_leader");
        batchesFailed = batches("failed");
        for (LeaseState.Status status : LeaseState.Status.values()) {
            Gauge.builder("rez.indexer.lease.state", lease, l -> l.get() != null && l.get().status() == status ? 1 : 0)
                    .tags(scope).tag("state", status.label())
                    .description("1 for the lease's current state, 0 otherwise").register(registry);
        }
        Gauge.builder("rez.indexer.lease.term", lease, l -> l.get() == null ? 0 : l.get().term()).tags(scope)
                .description("How many times leadership (re)started").register(registry);
    }

    private Counter batches(String outcome) {
        return Counter.builder("rez.indexer.batches").tags(scope).tag("outcome", outcome)
                .description("Indexer cycles by outcome").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one {@link IndexerWorker#runOnce()} result. */
    public void recordBatch(BatchSummary batch) {
        if (!batch.leader()) {
            batchesNotLeader.increment();
            return;
        }
        (batch.empty() ? batchesEmpty : batchesIndexed).increment();
        // retried events are part of inserted (they are written with the batch): adding them again would double count
        eventsIndexed.increment(batch.inserted());
        eventsExisting.increment(batch.existing());
        quarantined.increment(batch.quarantined());
    }

    /** Counts a cycle that threw (the worker backs off and tries again). */
    public void recordFailedCycle() {
        batchesFailed.increment();
    }

    /** Records the lease keeper's latest state. */
    public void recordLease(LeaseState state) {
        lease.set(Objects.requireNonNull(state, "state"));
    }

    /** Records the lag and open hole of each partition as the status reader (and the freshness gate) see it. */
    public void recordPartitions(Iterable<PartitionStatus> statuses, Instant now) {
        for (PartitionStatus status : statuses) {
            PartitionGauges gauges = partitions.computeIfAbsent(status.partition(), this::register);
            Long seconds = status.freshness().lagSeconds();
            gauges.lag.set(seconds == null ? Double.NaN : seconds.doubleValue());
            PartitionWatermark watermark = status.watermark();
            boolean hole = watermark != null && watermark.holeOpen();
            gauges.holeOffsets.set(hole ? new BigInteger(watermark.highestIndexedOffset())
                    .subtract(new BigInteger(watermark.indexedThroughOffset())).doubleValue() : 0.0);
            gauges.holeAge.set(hole
                    ? (double) Math.max(0, Duration.between(watermark.frontierStalledSince(), now).toSeconds()) : 0.0);
        }
    }

    private PartitionGauges register(PartitionKey key) {
        PartitionGauges gauges = new PartitionGauges(new AtomicReference<>(Double.NaN), new AtomicReference<>(0.0),
                new AtomicReference<>(0.0));
        Tags tags = scope.and("tenant", key.source().tenantId()).and("instance", key.source().instanceId())
                .and("source", key.source().source()).and("topic", key.topic())
                .and("partition", Integer.toString(key.partition()));
        Gauge.builder("rez.indexer.lag.seconds", gauges.lag, AtomicReference::get).tags(tags)
                .description("Freshness lag of the partition in seconds; NaN while unknown")
                .baseUnit("seconds").register(registry);
        Gauge.builder("rez.indexer.hole.offsets", gauges.holeOffsets, AtomicReference::get).tags(tags)
                .description("Offsets between the partition's contiguous frontier and its highest indexed offset;"
                        + " 0 when no hole is open").register(registry);
        Gauge.builder("rez.indexer.hole.age.seconds", gauges.holeAge, AtomicReference::get).tags(tags)
                .description("How long the partition's frontier has waited at an open hole; 0 when none")
                .baseUnit("seconds").register(registry);
        return gauges;
    }

    /** The gauges of one partition. */
    private record PartitionGauges(AtomicReference<Double> lag, AtomicReference<Double> holeOffsets,
                                   AtomicReference<Double> holeAge) {
    }
}
