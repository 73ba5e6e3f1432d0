package io.rezilient.restore.cli;

import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;

import java.util.function.Consumer;

/**
 * Indexer cycles until one finds nothing new (caught up) or {@code maxCycles} have run: what {@code rez indexer once}
 * does, and the demo with a progress bar.
 *
 * @param leader   false when another worker held the scope's lease, so nothing was indexed
 * @param caughtUp whether the last cycle found nothing new
 */
record IndexerCatchUp(boolean leader, boolean caughtUp, long cycles, long read, long inserted, long existing,
                      long quarantined, long retried) {
    private static final IndexerCatchUp START = new IndexerCatchUp(true, false, 0, 0, 0, 0, 0, 0);

    /**
     * @param maxCycles      stop after this many cycles (0: no limit)
     * @param afterEachCycle told the totals so far after every cycle that ran as leader
     */
    static IndexerCatchUp run(IndexerWorker worker, long maxCycles, Consumer<IndexerCatchUp> afterEachCycle) {
        IndexerCatchUp total = START;
        while (maxCycles <= 0 || total.cycles < maxCycles) {
            BatchSummary batch = worker.runOnce();
            if (!batch.leader()) {
                return new IndexerCatchUp(false, false, total.cycles, total.read, total.inserted, total.existing,
                        total.quarantined, total.retried);
            }
            total = new IndexerCatchUp(true, batch.empty(), total.cycles + 1, total.read + batch.batchSize(),
                    total.inserted + batch.inserted(), total.existing + batch.existing(),
                    total.quarantined + batch.quarantined(), total.retried + batch.retried());
            afterEachCycle.accept(total);
            if (total.caughtUp) {
                break;
            }
        }
        return total;
    }

    /** The one-line summary {@code rez indexer once} prints. */
    String describe(String scope) {
        return "%s scope %s: %d cycles, %d items read, %d inserted, %d already indexed, %d quarantined, %d retried from quarantine"
                .formatted(caughtUp ? "caught up" : "stopped after --max-cycles", scope, cycles, read, inserted,
                        existing, quarantined, retried);
    }
}
