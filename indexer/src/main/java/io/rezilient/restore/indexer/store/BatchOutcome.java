package io.rezilient.restore.indexer.store;

import java.util.List;
import java.util.Set;

/**
 * What one committed batch did.
 *
 * @param statuses           per event of the batch, in batch order
 * @param watermarksChanged  partitions whose watermark moved
 */
public record BatchOutcome(List<WriteStatus> statuses, Set<PartitionKey> watermarksChanged) {
    public BatchOutcome {
        statuses = List.copyOf(statuses);
        watermarksChanged = Set.copyOf(watermarksChanged);
    }

    public int inserted() {
        return (int) statuses.stream().filter(status -> status == WriteStatus.INSERTED).count();
    }

    public int existing() {
        return statuses.size() - inserted();
    }
}
