package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStore;
import io.rezilient.restore.indexer.config.RecSourceSettings;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseKeeper;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.indexer.source.ManifestSource;
import io.rezilient.restore.indexer.source.ReadPermits;
import io.rezilient.restore.indexer.source.ShardWindow;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.store.HistoryExtension;
import io.rezilient.restore.indexer.store.IndexStore;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.WatermarkFreshness;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerMetrics;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.indexer.worker.Sleeper;
import io.rezilient.restore.indexer.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Executes a backfill run beside the live indexer: an indexing worker of its own ingest scope
 * ({@code backfill-<run id>}: its own lease, fencing epoch, cursor and quarantine) reads only the run's partition,
 * from the window's first offset up to its last, and writes through the same fenced batch transaction as the live
 * worker — events, watermarks, the run's cursor and the batch's audit row together. So a crash replays at most the
 * batch that was not committed, and a batch indexed again adds no row. Between batches the run's status is read, so
 * an operator's pause or cancel (from any process) takes effect at the next batch boundary, and the
 * {@link LiveFirstThrottle} sizes each batch from the live worker's lag and pauses the run ({@code paused_lag}) while
 * live indexing is behind, with bounds an override may change mid-run. When the window has been
 * read, the run completes if every offset of it is indexed, and fails naming how many are missing otherwise (an
 * object the store does not hold, or one quarantined).
 */
public final class BackfillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);
    private static final String RUNNER = "system:backfill-runner";
    /** The override scope that applies to every run (a run's own id is the narrower one). */
    public static final String GLOBAL_SCOPE = "global";

    private final IndexerRuntime runtime;
    private final BackfillRuns runs;
    private final OverrideStore overrides;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration poll;

    /**
     * @param sleeper how to wait while paused or while another process holds the run's lease
     * @param poll    how long to wait then
     */
    public BackfillRunner(IndexerRuntime runtime, Clock clock, Sleeper sleeper, Duration poll) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(clock, "clock");
        this.runs = new BackfillRuns(runtime.dataSource());
        this.overrides = new OverrideStore(runtime.dataSource(), clock);
        this.clock = clock;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * Checks that a gap-repair window lies inside what the live indexer already covers — at or above the partition's
     * first indexed offset and at or below its highest — so repairing it only fills holes and never moves where the
     * partition's indexed history starts. Refused with {@code backfill_window_outside_gap} otherwise.
     */
    public void checkGapWindow(BackfillWindow window) {
        PartitionWatermark watermark = indexedRange(window);
        BigInteger from = new BigInteger(watermark.indexedFromOffset());
        BigInteger highest = new BigInteger(watermark.highestIndexedOffset());
        if (window.firstOffset().compareTo(from) < 0 || window.lastOffset().compareTo(highest) > 0) {
            throw new BackfillException("backfill_window_outside_gap", "window " + window.firstOffset() + ".."
                    + window.lastOffset() + " is not inside the indexed range " + from + ".." + highest
                    + " of partition " + window.shardKey() + ": gap repair fills holes inside it (older history is a "
                    + "history extension, newer offsets are the live indexer's)");
        }
    }

    /**
     * Checks that a history-extension window reaches the partition's indexed range from below: it starts below the
     * range's first offset and ends no earlier than the offset just before it, so that once the window is indexed the
     * range can be extended down over it without a hole. Refused with {@code backfill_window_not_contiguous}.
     */
    public void checkHistoryWindow(BackfillWindow window) {
        PartitionWatermark watermark = indexedRange(window);
        BigInteger from = new BigInteger(watermark.indexedFromOffset());
        if (window.firstOffset().compareTo(from) >= 0
                || window.lastOffset().compareTo(from.subtract(BigInteger.ONE)) < 0) {
            throw new BackfillException("backfill_window_not_contiguous", "window " + window.firstOffset() + ".."
                    + window.lastOffset() + " does not reach the indexed range of partition " + window.shardKey()
                    + " from below: history extension needs a window that starts below offset " + from
                    + " and ends at " + from.subtract(BigInteger.ONE) + " or later");
        }
    }

    /**
     * Checks that a bootstrap window lies below whatever the partition's index holds: nothing yet (the index was
     * lost), or a range the live worker started right after the window. Refused with
     * {@code backfill_window_not_contiguous} otherwise.
     */
    public void checkBootstrapWindow(BackfillWindow window) {
        Optional<PartitionWatermark> watermark = indexedRangeOf(window);
        if (watermark.isEmpty()) {
            return;
        }
        BigInteger from = new BigInteger(watermark.get().indexedFromOffset());
        if (!window.lastOffset().add(BigInteger.ONE).equals(from)) {
            throw new BackfillException("backfill_window_not_contiguous", "partition " + window.shardKey()
                    + " already has offsets " + from + ".." + watermark.get().highestIndexedOffset()
                    + " indexed: a bootstrap rebuilds what lies below, up to offset " + from.subtract(BigInteger.ONE)
                    + " (or use history_extension / gap_repair)");
        }
    }

    /** The partition's watermark, when something of it is indexed. */
    private Optional<PartitionWatermark> indexedRangeOf(BackfillWindow window) {
        return runtime.reader().watermark(window.partitionKey())
                .filter(watermark -> watermark.indexedFromOffset() != null);
    }

    private PartitionWatermark indexedRange(BackfillWindow window) {
        return indexedRangeOf(window).orElseThrow(() -> new BackfillException("backfill_window_outside_gap",
                "partition " + window.shardKey() + " of " + window.source() + " has nothing indexed yet"));
    }

    /**
     * Runs {@code runId} until it ends or {@code stop} says so (the run then stays running, to be resumed by running
     * it again). Returns the run as it is when this returns.
     */
    public BackfillRun run(String runId, String actor, BooleanSupplier stop) {
        BackfillRun run = runs.find(runId).orElseThrow(() -> new BackfillException("backfill_run_not_found",
                "no backfill run " + runId));
        RecSourceSettings rec = runtime.source().orElseThrow(() -> new BackfillException("backfill_source_missing",
                "the indexer is in scaffold mode: there is no object-store source to backfill from"));
        if (rec.source().mode() != CursorMode.V2_PRIMARY) {
            throw new BackfillException("backfill_layout_unsupported", "backfill runs read layout-v2 partitions "
                    + "(cursor mode v2_primary); this source is read in mode " + rec.source().mode().wire());
        }
        BackfillWindow window = run.window();
        IngestScope scope = new IngestScope(run.ingestScopeId(), rec.scope().sourceUri());
        LeaderLease lease = new LeaderLease(runtime.dataSource(), scope, runtime.settings().leaderId(),
                runtime.settings().leaderLease());
        try (LeaseKeeper keeper = new LeaseKeeper(lease, runtime.settings().leaderLease().dividedBy(3));
             ManifestSource source = new ManifestSource(runtime.objectStore().orElseThrow(), rec.source(), clock,
                     ShardWindow.upTo(Map.of(window.shardKey(), window.lastOffset())),
                     ReadPermits.of(rec.source().readConcurrency()))) {
            keeper.renewNow();
            keeper.start();
            WorkerSettings settings = new WorkerSettings(scope, rec.generationId(), run.batchSize(), poll,
                    WorkerSettings.DEFAULT_RETRY_BATCH_SIZE, WorkerSettings.DEFAULT_FAILURE_BACKOFF,
                    WorkerSettings.DEFAULT_MAX_FAILURE_BACKOFF);
            IndexerWorker worker = new IndexerWorker(settings, source,
                    new IndexStore(runtime.dataSource(), WatermarkFreshness.from(runtime.gate()),
                            run.mode() != BackfillMode.GAP_REPAIR), runtime.reader(),
                    runtime.quarantine(), keeper, clock, sleeper, new IndexerMetrics(scope.id()), null,
                    () -> Optional.of(SourceCursors.read(null, rec.source().replay()).withShard(window.shardKey(),
                            new ShardProgress(null, null, window.firstOffset().toString()))),
                    new BackfillBatchAudit(run, actor));
            LiveLag liveLag = new LiveLag(runtime.dataSource(), rec.scope().id(),
                    runtime.settings().leaderLease().multipliedBy(2));
            BackfillMetrics metrics = new BackfillMetrics(runtime.registry(), run);
            BackfillRun last = loop(run, rec, worker, liveLag, metrics, stop);
            metrics.state(last.status());
            return last;
        }
    }

    private BackfillRun loop(BackfillRun run, RecSourceSettings rec, IndexerWorker worker, LiveLag liveLag,
                             BackfillMetrics metrics, BooleanSupplier stop) {
        String runId = run.runId();
        LiveFirstThrottle throttle = new LiveFirstThrottle(pausedForLag(run));
        Duration lastBatch = null;
        while (true) {
            BackfillRun current = runs.find(runId).orElseThrow();
            metrics.state(current.status());
            if (current.status().ended() || stop.getAsBoolean()) {
                return current;
            }
            if (current.status() == BackfillStatus.PAUSED && !pausedForLag(current)) {
                pause(); // an operator paused it: only an operator resumes it
                continue;
            }
            LiveFirstThrottle.Bounds bounds = bounds(current);
            long lag = liveLag.seconds();
            LiveFirstThrottle.Decision decision = throttle.decide(bounds, lag, lastBatch, clock.instant());
            if (decision.pause()) {
                if (current.status() == BackfillStatus.RUNNING) {
                    changeState(runId, BackfillStatus.RUNNING, BackfillStatus.PAUSED, decision.reasonCode(),
                            "live lag " + lag + " s is above the pause bound of " + bounds.pauseLagSeconds() + " s");
                }
                pause();
                continue;
            }
            if (current.status() == BackfillStatus.PAUSED) {
                changeState(runId, BackfillStatus.PAUSED, BackfillStatus.RUNNING, "resumed_lag_ok",
                        "live lag " + lag + " s is below the resume bound of " + bounds.resumeLagSeconds() + " s");
                continue; // read the run again: an operator may have acted meanwhile
            }
            Instant started = clock.instant();
            BatchSummary batch = worker.runOnce(decision.batchSize());
            lastBatch = Duration.between(started, clock.instant());
            if (!batch.leader()) {
                pause(); // another process runs this backfill; it keeps going if that one stops
                continue;
            }
            if (batch.batchSize() == 0) {
                return finish(run, rec.generationId());
            }
            BackfillRuns.Totals totals = runs.totals(runId);
            metrics.progress(totals.events(), totals.bytes(), lagBehindPartition(run.window(), batch, rec));
            LOG.atInfo().setMessage("backfill batch written").addKeyValue("run_id", runId)
                    .addKeyValue("items", batch.batchSize()).addKeyValue("inserted", batch.inserted())
                    .addKeyValue("existing", batch.existing()).addKeyValue("quarantined", batch.quarantined())
                    .addKeyValue("live_lag_seconds", lag).log();
        }
    }

    /** Event time from the run's position (the newest event its batches read) to the partition's newest. */
    private Long lagBehindPartition(BackfillWindow window, BatchSummary batch, RecSourceSettings rec) {
        ShardProgress position = SourceCursors.read(batch.cursor(), rec.source().replay()).byShard()
                .get(window.shardKey());
        Optional<PartitionWatermark> partition = runtime.reader().watermark(window.partitionKey());
        Optional<Instant> read = position == null ? Optional.empty() : IsoUtc.parse(position.lastEventTime());
        if (read.isEmpty() || partition.isEmpty() || partition.get().highestIndexedTime() == null) {
            return null;
        }
        return Math.max(0, Duration.between(read.get(), partition.get().highestIndexedTime()).toSeconds());
    }

    private static boolean pausedForLag(BackfillRun run) {
        return run.status() == BackfillStatus.PAUSED && "paused_lag".equals(run.pauseReasonCode());
    }

    /** A state change the throttle decided; an operator's change that came first stands. */
    private void changeState(String runId, BackfillStatus from, BackfillStatus to, String reasonCode, String detail) {
        try {
            runs.transition(runId, Set.of(from), to, reasonCode, detail, RUNNER);
        } catch (BackfillException overtaken) {
            LOG.atInfo().setMessage("backfill throttle change overtaken by another").addKeyValue("run_id", runId)
                    .addKeyValue("reason", overtaken.getMessage()).log();
        }
    }

    /**
     * The throttle's bounds now: each an override staged for this run (scope = the run id) or for every run
     * ({@code global}), else the run's own setting; the resume bound defaults to half the pause bound.
     */
    private LiveFirstThrottle.Bounds bounds(BackfillRun run) {
        Instant now = clock.instant();
        long ceiling = effective(run, OverrideCatalogue.BACKFILL_BATCH_SIZE, run.batchSize(), now);
        long pause = effective(run, OverrideCatalogue.BACKFILL_MAX_REALTIME_LAG_SECONDS,
                Math.max(1, run.maxRealtimeLagSeconds()), now);
        long resume = effective(run, OverrideCatalogue.BACKFILL_RESUME_LAG_SECONDS, pause / 2, now);
        return new LiveFirstThrottle.Bounds((int) ceiling, pause, Math.min(resume, pause - 1));
    }

    private long effective(BackfillRun run, String key, long baseline, Instant now) {
        return overrides.effectiveOr(run.runId(), key, overrides.effectiveOr(GLOBAL_SCOPE, key, baseline, now), now);
    }

    /**
     * The window has been read: completed if every offset of it is indexed (for a history extension, once the
     * partition's indexed range has been extended down over it), failed otherwise.
     */
    private BackfillRun finish(BackfillRun run, String generationId) {
        String runId = run.runId();
        BackfillWindow window = run.window();
        BigInteger indexed = IndexedWindow.offsets(runtime.dataSource(), window, generationId);
        Set<BackfillStatus> running = Set.of(BackfillStatus.RUNNING);
        try {
            if (!indexed.equals(window.size())) {
                return runs.transition(runId, running, BackfillStatus.FAILED, "backfill_window_incomplete",
                        window.size().subtract(indexed) + " of the " + window.size() + " offsets of "
                                + window.firstOffset() + ".." + window.lastOffset() + " are not indexed: the object "
                                + "store does not hold them, or they are quarantined (rez indexer quarantine list)",
                        RUNNER);
            }
            String detail = "all " + window.size() + " offsets of " + window.firstOffset() + ".."
                    + window.lastOffset() + " are indexed";
            if (run.mode() != BackfillMode.GAP_REPAIR) {
                HistoryExtension.Outcome extended = new HistoryExtension(runtime.dataSource(),
                        WatermarkFreshness.from(runtime.gate())).extendDown(window.partitionKey(),
                        window.firstOffset());
                if (!extended.extended()) {
                    return runs.transition(runId, running, BackfillStatus.FAILED, "backfill_history_not_contiguous",
                            extended.missing() + " offsets between the window and the indexed range (from "
                                    + extended.from() + ") are not indexed; the range was not extended", RUNNER);
                }
                detail += "; the partition's indexed range now starts at " + extended.from();
            }
            return runs.transition(runId, running, BackfillStatus.COMPLETED, "window_indexed", detail, RUNNER);
        } catch (BackfillException paused) {
            // paused or cancelled while the last batch ran: that decision stands
            return runs.find(runId).orElseThrow();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(poll);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a backfill run waited", interrupted);
        }
    }
}
