package io.rezilient.restore.indexer.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.indexer.lease.LeaseState;
import io.rezilient.restore.indexer.source.SourceBatch;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexerMetricsTest {
    private static final Instant NOW = Instant.parse("2026-02-16T13:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IndexerMetrics metrics = new IndexerMetrics(registry, "scope-a");

    @Test
    void countsEventsBatchesAndQuarantineByOutcome() {
        metrics.recordBatch(batch(true, 500, 490, 5, 3, 2));
        metrics.recordBatch(batch(true, 0, 0, 0, 0, 0));
        metrics.recordBatch(BatchSummary.notLeader());
        metrics.recordFailedCycle();

        // the 2 retried events are among the 490 inserted ones
        assertThat(counter("rez.indexer.events.indexed")).isEqualTo(490);
        assertThat(counter("rez.indexer.events.existing")).isEqualTo(5);
        assertThat(counter("rez.indexer.quarantined")).isEqualTo(3);
        assertThat(registry.get("rez.indexer.batches").tag("outcome", "indexed").counter().count()).isEqualTo(1);
        assertThat(registry.get("rez.indexer.batches").tag("outcome", "empty").counter().count()).isEqualTo(1);
        assertThat(registry.get("rez.indexer.batches").tag("outcome", "not_leader").counter().count()).isEqualTo(1);
        assertThat(registry.get("rez.indexer.batches").tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("rez.indexer.batches").tag("ingest_scope", "scope-a").counters()).hasSize(4);
    }

    @Test
    void exposesTheCurrentLeaseStateAsOneOfThreeGauges() {
        assertThat(lease("held")).isZero();
        assertThat(lease("standby")).isZero();

        metrics.recordLease(new LeaseState(LeaseState.Status.HELD, null, 2, "acquired"));
        assertThat(lease("held")).isEqualTo(1);
        assertThat(lease("standby")).isZero();
        assertThat(registry.get("rez.indexer.lease.term").gauge().value()).isEqualTo(2);

        metrics.recordLease(new LeaseState(LeaseState.Status.LOST, null, 2, "renewal failed"));
        assertThat(lease("held")).isZero();
        assertThat(lease("lost")).isEqualTo(1);
    }

    @Test
    void tracksLagPerPartitionAndNaNWhileUnknown() {
        PartitionKey p0 = new PartitionKey("tenant-a", "inst-1", "sn://a", "rez.cdc", 0);
        PartitionKey p1 = new PartitionKey("tenant-a", "inst-1", "sn://a", "rez.cdc", 1);
        metrics.recordPartitions(List.of(status(p0, 12L), status(p1, null)), NOW);
        assertThat(lag(0)).isEqualTo(12.0);
        assertThat(lag(1)).isNaN();

        metrics.recordPartitions(List.of(status(p0, 3L), status(p1, 40L)), NOW);
        assertThat(lag(0)).isEqualTo(3.0);
        assertThat(lag(1)).isEqualTo(40.0);
        assertThat(registry.get("rez.indexer.lag.seconds").gauges()).hasSize(2);
    }

    @Test
    void tracksTheOpenHoleOfEachPartitionAndZeroOnceItCloses() {
        PartitionKey p0 = new PartitionKey("tenant-a", "inst-1", "sn://a", "rez.cdc", 0);
        metrics.recordPartitions(List.of(withWatermark(TestWatermarks.holed(p0, "41", "57", NOW.minusSeconds(90)))),
                NOW);
        assertThat(gauge("rez.indexer.hole.offsets")).isEqualTo(16.0);
        assertThat(gauge("rez.indexer.hole.age.seconds")).isEqualTo(90.0);

        metrics.recordPartitions(List.of(withWatermark(TestWatermarks.complete(p0, "57"))), NOW);
        assertThat(gauge("rez.indexer.hole.offsets")).isZero();
        assertThat(gauge("rez.indexer.hole.age.seconds")).isZero();
    }

    private static PartitionStatus withWatermark(PartitionWatermark watermark) {
        return new PartitionStatus(watermark.partition(), watermark, 0,
                new FreshnessDecision(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, false, 1L));
    }

    private double gauge(String name) {
        return registry.get(name).tag("partition", "0").gauge().value();
    }

    private static BatchSummary batch(boolean leader, int size, int inserted, int existing, int quarantined,
                                      int retried) {
        return new BatchSummary(leader, size, inserted, existing, quarantined, retried, null, null,
                SourceBatch.ScanCounters.NONE);
    }

    private static PartitionStatus status(PartitionKey partition, Long lagSeconds) {
        FreshnessDecision decision = lagSeconds == null
                ? new FreshnessDecision(Freshness.UNKNOWN, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN,
                false, null)
                : new FreshnessDecision(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, false, lagSeconds);
        return new PartitionStatus(partition, null, 0, decision);
    }

    private double counter(String name) {
        return registry.get(name).tag("ingest_scope", "scope-a").counter().count();
    }

    private double lease(String state) {
        return registry.get("rez.indexer.lease.state").tag("state", state).gauge().value();
    }

    private double lag(int partition) {
        return registry.get("rez.indexer.lag.seconds").tag("partition", Integer.toString(partition)).gauge().value();
    }
}
