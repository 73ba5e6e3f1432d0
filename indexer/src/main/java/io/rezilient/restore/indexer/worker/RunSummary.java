package io.rezilient.restore.indexer.worker;

/** Totals of {@link IndexerWorker#runContinuously}. */
public record RunSummary(long cycles, long inserted, long existing, long quarantined, long emptyBatches,
                         long failedCycles) {
    static final RunSummary ZERO = new RunSummary(0, 0, 0, 0, 0, 0);

    RunSummary plus(BatchSummary batch) {
        return new RunSummary(cycles + 1, inserted + batch.inserted(), existing + batch.existing(),
                quarantined + batch.quarantined(), emptyBatches + (batch.empty() ? 1 : 0), failedCycles);
    }

    RunSummary failed() {
        return new RunSummary(cycles + 1, inserted, existing, quarantined, emptyBatches, failedCycles + 1);
    }
}
