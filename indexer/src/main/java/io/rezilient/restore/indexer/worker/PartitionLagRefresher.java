package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.indexer.store.SourceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the per-partition lag and hole gauges of {@link IndexerMetrics} current without querying on every batch, and
 * logs holes that hold a frontier too long ({@link OpenHoleWarnings}).
 *
 * <p>A refresh reads the sources of the index and, per source, its watermarks and open quarantine (1 + 2 × sources
 * small indexed queries, well under a millisecond each on a local database). Lag changes for two reasons: a batch
 * moved a watermark, or time passed. So the worker calls {@link #afterCycle(boolean)} after every cycle and a refresh
 * runs when a batch changed something and at least {@code minInterval} has passed since the last one (a backfill
 * writing ten batches a second refreshes once a second, not ten times), or when {@code maxInterval} has passed
 * regardless (idle lag keeps growing; a standby reports it too). A change held back by {@code minInterval} is
 * remembered, so the first cycle after the interval publishes it even if that cycle was empty.
 *
 * <p>Only the worker thread calls this class, so it needs no locking. A failing refresh keeps the previous values
 * and never fails the cycle: metrics must not stop indexing.
 */
public final class PartitionLagRefresher {
    /** At most one refresh a second while batches are indexed. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
    /** At least one refresh every five seconds while idle: a third of a typical 15 s scrape interval. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLagRefresher.class);

    private final IndexerMetrics metrics;
    private final Supplier<List<SourceKey>> sources;
    private final PartitionStatusReader status;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long minNanos;
    private final long maxNanos;
    private final OpenHoleWarnings holes;
    private long lastRefresh;
    private boolean refreshed;
    private boolean pending;
    private long refreshes;

    /** @param holeWarnAfter how long a hole may hold a partition's frontier before it is logged as a warning */
    public PartitionLagRefresher(IndexerMetrics metrics, Supplier<List<SourceKey>> sources,
                                 PartitionStatusReader status, Clock clock, Duration holeWarnAfter) {
        this(metrics, sources, status, clock, System::nanoTime, DEFAULT_MIN_INTERVAL, DEFAULT_MAX_INTERVAL,
                holeWarnAfter);
    }

    /** @param nanoTime a monotonic clock for the cadence ({@code clock} is the wall clock the lag is measured on) */
    PartitionLagRefresher(IndexerMetrics metrics, Supplier<List<SourceKey>> sources, PartitionStatusReader status,
                          Clock clock, LongSupplier nanoTime, Duration minInterval, Duration maxInterval,
                          Duration holeWarnAfter) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (minInterval.isNegative() || maxInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("need 0 <= minInterval <= maxInterval, got " + minInterval + " and "
                    + maxInterval);
        }
        this.minNanos = minInterval.toNanos();
        this.maxNanos = maxInterval.toNanos();
        this.holes = new OpenHoleWarnings(holeWarnAfter);
    }

    /**
     * Called after every cycle.
     *
     * @param changed whether the cycle indexed or quarantined something (watermarks or quarantine may have moved)
     * @return whether it refreshed
     */
    public boolean afterCycle(boolean changed) {
        pending |= changed;
        long now = nanoTime.getAsLong();
        long since = now - lastRefresh;
        if (refreshed && !(pending && since >= minNanos) && since < maxNanos) {
            return false;
        }
        lastRefresh = now;
        refreshed = true;
        pending = false;
        refreshNow();
        return true;
    }

    /** How many refreshes ran (for tests and the cadence measurement). */
    long refreshes() {
        return refreshes;
    }

    private void refreshNow() {
        refreshes++;
        try {
            Instant at = clock.instant();
            for (SourceKey source : sources.get()) {
                List<PartitionStatus> partitions = status.partitions(source, at);
                metrics.recordPartitions(partitions, at);
                holes.warnAboutOldHoles(partitions, at);
            }
        } catch (RuntimeException failure) {
            LOG.atWarn().setMessage("restore-indexer lag metrics refresh failed; keeping the previous values")
                    .addKeyValue("error_name", failure.getClass().getSimpleName())
                    .addKeyValue("error_message", failure.getMessage()).log();
        }
    }
}
