package io.rezilient.restore.indexer.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A batch as its transaction wrote it, for {@link BatchAudit}.
 *
 * @param batch        what was written
 * @param cursorBefore the cursor the batch was read after (null for a scope's first batch)
 * @param bytesRead    bytes of the manifests and artifacts the batch read
 * @param outcome      which events were new and which were already indexed
 * @param at           the transaction's time
 */
public record WrittenBatch(IndexBatch batch, String cursorBefore, long bytesRead, BatchOutcome outcome, Instant at) {
    public WrittenBatch {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }

    /** Items of the batch that produced no event (quarantined). */
    public int failedItems() {
        return batch.itemCount() - batch.events().size();
    }
}
