package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;

import java.util.Optional;

/** Turns the target records the writer read into sealed before-images, bound to each row's journal entry. */
final class BeforeImages {
    private final BeforeImageSealer sealer;

    BeforeImages(BeforeImageSealer sealer) {
        this.sealer = sealer;
    }

    /** The before-image of {@code row} in this chunk: {@code current} sealed, or absent. */
    BeforeImage capture(ChunkRequest chunk, RowChange row, Optional<ObjectNode> current) {
        return current.map(image -> BeforeImage.of(sealer.seal(identity(chunk, row, chunk.planHash(),
                row.rowAttempt()), image))).orElse(BeforeImage.absent());
    }

    /**
     * The before-image an earlier claim captured for the same row, sealed again for this attempt's journal entry:
     * the record as it was before the row was first applied is what undoing this attempt must bring back, and the
     * caller holds this attempt's journal id, not the earlier one.
     */
    BeforeImage carryForward(ChunkRequest chunk, RowChange row, EarlierApply earlier) {
        return earlier.beforeImage().map(sealed -> {
            ObjectNode image = sealer.open(identity(chunk, row, earlier.planHash(), earlier.rowAttempt()), sealed);
            return BeforeImage.of(sealer.seal(identity(chunk, row, chunk.planHash(), row.rowAttempt()), image));
        }).orElse(BeforeImage.absent());
    }

    private static BeforeImageIdentity identity(ChunkRequest chunk, RowChange row, String planHash, int rowAttempt) {
        return BeforeImageIdentity.of(chunk.tenantId(), chunk.instanceId(), chunk.source(), row.table(), row.sysId(),
                chunk.jobId(), planHash, row.rowId(), rowAttempt);
    }
}
