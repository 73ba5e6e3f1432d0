package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.QuarantineBackoff;
import io.rezilient.restore.indexer.store.QuarantineStore;
import io.rezilient.restore.indexer.store.SourceKey;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The refresh cadence, on a fake monotonic clock; the queries themselves are exercised by IndexerRuntimeMetricsIT. */
class PartitionLagRefresherTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger listings = new AtomicInteger();
    private final PartitionStatusReader unusedReader = new PartitionStatusReader(
            new IndexReader(new PGSimpleDataSource()), new QuarantineStore(new PGSimpleDataSource(),
            new QuarantineBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1)),
            new FreshnessGate(FreshnessPolicy.DEFAULT));

    private PartitionLagRefresher refresher(Supplier<List<SourceKey>> sources) {
        return new PartitionLagRefresher(new IndexerMetrics("scope-a"), sources, unusedReader, Clock.systemUTC(),
                nanos::get, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(120));
    }

    private void advance(long millis) {
        nanos.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void refreshesAtOncePerSecondWhileIndexingAndEveryFiveSecondsWhileIdle() {
        PartitionLagRefresher lag = refresher(() -> {
            listings.incrementAndGet();
            return List.of();
        });

        assertThat(lag.afterCycle(false)).as("the first cycle publishes the gauges").isTrue();
        advance(100);
        assertThat(lag.afterCycle(true)).as("a batch within a second of the last refresh waits").isFalse();
        advance(100);
        assertThat(lag.afterCycle(true)).isFalse();
        advance(800);
        assertThat(lag.afterCycle(false)).as("the held-back change is published a second later, idle or not")
                .isTrue();
        advance(1000);
        assertThat(lag.afterCycle(false)).as("idle and nothing pending").isFalse();
        advance(3999);
        assertThat(lag.afterCycle(false)).isFalse();
        advance(1);
        assertThat(lag.afterCycle(false)).as("idle lag grows: refreshed every five seconds").isTrue();
        advance(1000);
        assertThat(lag.afterCycle(true)).as("a batch a second after the last refresh").isTrue();

        assertThat(listings).hasValue(4);
        assertThat(lag.refreshes()).isEqualTo(4);
    }

    @Test
    void aFailingRefreshNeverFailsTheCycle() {
        PartitionLagRefresher lag = refresher(() -> {
            throw new IllegalStateException("database down");
        });

        assertThat(lag.afterCycle(true)).isTrue();
        advance(5000);
        assertThat(lag.afterCycle(false)).as("and it is tried again on schedule").isTrue();
    }
}
