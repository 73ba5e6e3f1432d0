package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import io.rezilient.restore.indexer.lease.LeaseKeeper;
import io.rezilient.restore.indexer.lease.LeaseState;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.normalize.OperationalMetadataNormalizer;
import io.rezilient.restore.indexer.source.FailureReason;
import io.rezilient.restore.indexer.source.ItemOrigin;
import io.rezilient.restore.indexer.source.ManifestSource;
import io.rezilient.restore.indexer.source.SourceBatch;
import io.rezilient.restore.indexer.source.SourceCursorParseException;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.source.SourceItem;
import io.rezilient.restore.indexer.store.BatchAudit;
import io.rezilient.restore.indexer.store.BatchOutcome;
import io.rezilient.restore.indexer.store.IndexBatch;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.IndexStore;
import io.rezilient.restore.indexer.store.IndexedEvent;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.QuarantineIncident;
import io.rezilient.restore.indexer.store.QuarantineResolution;
import io.rezilient.restore.indexer.store.QuarantineStore;
import io.rezilient.restore.indexer.store.QuarantinedArtifact;
import io.rezilient.restore.indexer.store.SourceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The indexing loop of one ingest scope (indexer-spec §5, with weak points 8, 9 and 11 fixed): only while its
 * lease is held, it retries due quarantined artifacts, reads the next batch, normalises each item, and writes the
 * events, watermarks and cursor in one fenced transaction. A bad item never stops ingestion: it is quarantined
 * (visible, retried with backoff, blocking its partition's freshness) and the cursor moves past it.
 */
public final class IndexerWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerWorker.class);

    private final WorkerSettings settings;
    private final ManifestSource source;
    private final IndexStore store;
    private final IndexReader reader;
    private final QuarantineStore quarantine;
    private final LeaseKeeper lease;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BatchLog batchLog;
    private final IndexerMetrics metrics;
    /** Null: no lag gauges (tests, {@code rez indexer once}). */
    private final PartitionLagRefresher lag;
    private final CursorSeed seed;
    private final BatchAudit audit;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    /** Whether {@link #runContinuously} is looping, for health checks on other threads. */
    private volatile boolean running;

    /** The cursor of the current lease term; reloaded from the database whenever the term changes. */
    private SourceCursorState cursor;
    private long cursorTerm = -1;

    /**
     * @param sleeper how to wait between cycles; null waits on the stop signal, so {@link #requestStop()} ends a
     *                wait at once
     */
    public IndexerWorker(WorkerSettings settings, ManifestSource source, IndexStore store, IndexReader reader,
                         QuarantineStore quarantine, LeaseKeeper lease, Clock clock, Sleeper sleeper) {
        this(settings, source, store, reader, quarantine, lease, clock, sleeper,
                new IndexerMetrics(settings.scope().id()), null);
    }

    /**
     * @param metrics counts every cycle
     * @param lag     refreshes the per-partition lag gauges after cycles at its own cadence; null for none
     */
    public IndexerWorker(WorkerSettings settings, ManifestSource source, IndexStore store, IndexReader reader,
                         QuarantineStore quarantine, LeaseKeeper lease, Clock clock, Sleeper sleeper,
                         IndexerMetrics metrics, PartitionLagRefresher lag) {
        this(settings, source, store, reader, quarantine, lease, clock, sleeper, metrics, lag, CursorSeed.NONE);
    }

    /** @param seed where to start while the scope has no progress row */
    public IndexerWorker(WorkerSettings settings, ManifestSource source, IndexStore store, IndexReader reader,
                         QuarantineStore quarantine, LeaseKeeper lease, Clock clock, Sleeper sleeper,
                         IndexerMetrics metrics, PartitionLagRefresher lag, CursorSeed seed) {
        this(settings, source, store, reader, quarantine, lease, clock, sleeper, metrics, lag, seed, BatchAudit.NONE);
    }

    /** @param audit records each written batch in the batch's own transaction (backfill runs) */
    public IndexerWorker(WorkerSettings settings, ManifestSource source, IndexStore store, IndexReader reader,
                         QuarantineStore quarantine, LeaseKeeper lease, Clock clock, Sleeper sleeper,
                         IndexerMetrics metrics, PartitionLagRefresher lag, CursorSeed seed, BatchAudit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.seed = Objects.requireNonNull(seed, "seed");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lag = lag;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.source = Objects.requireNonNull(source, "source");
        this.store = Objects.requireNonNull(store, "store");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = sleeper != null ? sleeper
                : duration -> stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        this.batchLog = new BatchLog(settings.scope().id(), source.settings().mode().wire());
    }

    /**
     * One cycle. Returns a zero summary without reading anything when the lease is not held. Every completed cycle
     * is counted in {@link #metrics()}; a cycle that throws is counted by {@link #runContinuously} (which survives
     * it), not here.
     *
     * @throws SourceCursorParseException when the persisted cursor is unreadable (fail closed, nothing written)
     */
    public BatchSummary runOnce() {
        return runOnce(settings.batchSize());
    }

    /** As {@link #runOnce()}, reading at most {@code batchSize} items (a backfill's throttle sizes each batch). */
    public BatchSummary runOnce(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        BatchSummary summary = cycle(batchSize);
        metrics.recordBatch(summary);
        if (lag != null) {
            // a quarantine without an insert still changes freshness (the partition turns unknown)
            lag.afterCycle(!summary.empty() || summary.quarantined() > 0);
        }
        return summary;
    }

    public IndexerMetrics metrics() {
        return metrics;
    }

    /** Whether {@link #runContinuously} is running and no stop has been requested. */
    public boolean running() {
        return running && !stopRequested();
    }

    private BatchSummary cycle(int batchSize) {
        LeaseState state = lease.state();
        Optional<LeaseGrant> held = state.writableGrant();
        if (held.isEmpty()) {
            return BatchSummary.notLeader();
        }
        LeaseGrant grant = held.get();
        if (cursor == null || state.term() != cursorTerm) {
            // another holder may have moved the cursor while we did not lead: never write from a stale one
            cursor = loadCursor();
            cursorTerm = state.term();
        }
        Work work = new Work();
        retryDue(work);
        SourceBatch batch = source.readBatch(cursor, batchSize, clock.instant());
        for (SourceItem item : batch.items()) {
            work.accept(item, false);
        }
        String cursorAfter = SourceCursors.write(batch.nextCursor());
        BatchOutcome outcome = write(work, batch, cursorAfter, grant);
        for (String key : work.retriedKeys()) {
            quarantine.resolve(settings.scope().id(), key, QuarantineResolution.INDEXED, grant.holderId());
        }
        SourceCursorState cursorBefore = cursor;
        cursor = batch.nextCursor();
        BatchSummary summary = new BatchSummary(true, batch.items().size(), outcome.inserted(), outcome.existing(),
                work.quarantined, work.retriedKeys().size(), cursorAfter, batch.realtimeLagSeconds(),
                batch.counters());
        batchLog.log(summary, cursorBefore, batch.nextCursor(), grant.fencingEpoch());
        return summary;
    }

    /**
     * Runs cycles until stopped or {@code maxCycles} (0: no limit) have run, then releases the lease. Waits the poll
     * interval after an empty cycle (or while another worker leads) and backs off exponentially after failing
     * cycles, so nothing ever spins. An unreadable cursor ends the run (fail closed).
     */
    public RunSummary runContinuously(long maxCycles) {
        RunSummary total = RunSummary.ZERO;
        int consecutiveFailures = 0;
        running = true;
        try {
            while (!stopRequested() && (maxCycles <= 0 || total.cycles() < maxCycles)) {
                try {
                    BatchSummary batch = runOnce();
                    total = total.plus(batch);
                    consecutiveFailures = 0;
                    if (!batch.leader() || batch.empty()) {
                        pause(settings.pollInterval());
                    }
                } catch (SourceCursorParseException unreadable) {
                    metrics.recordFailedCycle();
                    throw unreadable;
                } catch (RuntimeException failure) {
                    consecutiveFailures++;
                    total = total.failed();
                    metrics.recordFailedCycle();
                    Duration wait = settings.backoffAfter(consecutiveFailures);
                    LOG.atWarn().setMessage("restore-indexer cycle failed; backing off")
                            .addKeyValue("ingest_scope_id", settings.scope().id())
                            .addKeyValue("consecutive_failures", consecutiveFailures)
                            .addKeyValue("backoff_ms", wait.toMillis())
                            .addKeyValue("error_name", failure.getClass().getSimpleName())
                            .addKeyValue("error_message", failure.getMessage()).log();
                    pause(wait);
                }
            }
        } finally {
            running = false;
            lease.close();
        }
        LOG.atInfo().setMessage("restore-indexer runtime stopped")
                .addKeyValue("ingest_scope_id", settings.scope().id())
                .addKeyValue("cycles", total.cycles()).addKeyValue("inserted", total.inserted())
                .addKeyValue("existing", total.existing()).addKeyValue("quarantined", total.quarantined())
                .addKeyValue("empty_batches", total.emptyBatches())
                .addKeyValue("failed_cycles", total.failedCycles()).log();
        return total;
    }

    /** Asks the loop to stop after the current cycle; a wait in progress ends at once (with the default sleeper). */
    public void requestStop() {
        stopSignal.countDown();
    }

    public boolean stopRequested() {
        return stopSignal.getCount() == 0;
    }

    /** Stops the source's background reads and releases the lease (idempotent). */
    @Override
    public void close() {
        source.close(); // a background read of the next batch is of no use any more
        lease.close();
    }

    private SourceCursorState loadCursor() {
        String persisted = reader.progress(settings.scope()).map(progress -> progress.cursor()).orElse(null);
        if (persisted == null) {
            Optional<SourceCursorState> seeded = seed.seed();
            if (seeded.isPresent()) {
                return seeded.get();
            }
        }
        try {
            return SourceCursors.read(persisted, source.settings().replay());
        } catch (SourceCursorParseException unreadable) {
            LOG.atError().setMessage("restore-indexer source cursor parse failed; failing closed")
                    .addKeyValue("cursor_kind", unreadable.cursorKind())
                    .addKeyValue("cursor_preview", unreadable.cursorPreview())
                    .addKeyValue("error_message", unreadable.getMessage())
                    .addKeyValue("ingest_scope_id", settings.scope().id())
                    .addKeyValue("source_uri", settings.scope().sourceUri()).log();
            throw unreadable;
        }
    }

    private void retryDue(Work work) {
        if (settings.retryBatchSize() == 0) {
            return;
        }
        for (QuarantinedArtifact due : quarantine.dueForRetry(settings.scope().id(), settings.retryBatchSize())) {
            work.accept(source.readOne(due.manifestKey()), true);
        }
    }

    /** Writes the batch's events, watermarks and cursor in one fenced transaction. */
    private BatchOutcome write(Work work, SourceBatch batch, String cursorAfter, LeaseGrant grant) {
        List<IndexedEvent> events = new ArrayList<>(work.events.values());
        int items = Math.max(batch.items().size(), events.size());
        return store.write(new IndexBatch(settings.scope(), events, cursorAfter, batch.realtimeLagSeconds(), items),
                grant, SourceCursors.write(cursor), batch.bytesRead(), audit);
    }

    private void pause(Duration duration) {
        if (stopRequested()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            requestStop();
        }
    }

    /** The events and quarantine decisions of one cycle. */
    private final class Work {
        /** By manifest key: a key seen by the retry pass and again by the listing is indexed once. */
        final Map<String, IndexedEvent> events = new LinkedHashMap<>();
        final Set<String> retried = new HashSet<>();
        int quarantined;

        void accept(SourceItem item, boolean retry) {
            if (events.containsKey(item.manifestKey())) {
                return;
            }
            switch (item) {
                case SourceItem.Read read -> {
                    try {
                        IndexedEvent event = IndexedEvents.of(OperationalMetadataNormalizer.normalize(read.item()),
                                settings.generationId());
                        events.put(item.manifestKey(), event);
                        if (retry) {
                            retried.add(item.manifestKey());
                        }
                    } catch (ArtifactRejectedException rejected) {
                        fail(item, FailureReason.METADATA_REJECTED, rejected.reason());
                    }
                }
                case SourceItem.Failed failed -> fail(item, failed.reason(), failed.detail());
            }
        }

        List<String> retriedKeys() {
            return retried.stream().filter(events::containsKey).sorted().toList();
        }

        private void fail(SourceItem item, FailureReason reason, String detail) {
            if (item.origin() == ItemOrigin.REPLAY && quarantine.find(settings.scope().id(), item.manifestKey())
                    .filter(QuarantinedArtifact::open).isPresent()) {
                return; // replay re-lists old keys every cycle; the retry pass owns this one's attempts
            }
            record(incident(item, reason, detail));
        }

        /**
         * Recorded before the batch commits: should the commit fail, the item is simply seen again; recording after
         * it could lose the item for good once the cursor has moved past it.
         */
        void record(QuarantineIncident incident) {
            quarantine.record(incident);
            quarantined++;
            LOG.atWarn().setMessage("restore-indexer artifact quarantined")
                    .addKeyValue("ingest_scope_id", incident.ingestScopeId())
                    .addKeyValue("manifest_key", incident.manifestKey())
                    .addKeyValue("artifact_key", incident.artifactKey())
                    .addKeyValue("topic", incident.topic())
                    .addKeyValue("partition", incident.partition())
                    .addKeyValue("reason_code", incident.reasonCode())
                    .addKeyValue("reason", incident.reason()).log();
        }

        private QuarantineIncident incident(SourceItem item, FailureReason reason, String detail) {
            String scopeId = settings.scope().id();
            Manifest manifest = item.manifest();
            if (manifest == null) {
                return QuarantineIncident.unlocated(scopeId, item.manifestKey(), reason.wire(), detail);
            }
            if (manifest.tenantId() == null) {
                // without a tenant the source scope is unknown; the ingest scope as a whole is blocked
                return new QuarantineIncident(scopeId, item.manifestKey(), manifest.artifactKey(), null, null, null,
                        reason.wire(), detail);
            }
            PartitionKey partition = new PartitionKey(new SourceKey(manifest.tenantId(), manifest.instanceId(),
                    manifest.source()), manifest.topic(), manifest.partition());
            return QuarantineIncident.inPartition(scopeId, item.manifestKey(), manifest.artifactKey(), partition,
                    reason.wire(), detail);
        }
    }
}
