package io.rezilient.restore.agent.target;

import io.rezilient.restore.contracts.restore.TargetState;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Writes claimed chunks of a restore plan to one target system. The seam between the agent's claim loop and a
 * concrete target (PostgreSQL first, a ServiceNow Table API target later).
 */
public interface TargetWriter extends AutoCloseable {

    /**
     * Applies one claimed chunk and returns one result per row, with each row's before-image sealed. At most once per
     * claim: applying a claim that was already applied writes nothing and returns the stored result
     * ({@link ChunkResult#replayed()}); a row an earlier claim of the same job already applied is not written again.
     *
     * @throws TargetWriteException when the chunk could not be applied for a reason outside its rows (lost
     *                              connection, deadlock, shutdown); retrying the same claim is safe
     */
    ChunkResult apply(ChunkRequest chunk);

    /**
     * The rows among {@code rowIds} that a claim of job {@code jobId} already applied to this target: applying them
     * again writes nothing. A target without a ledger of applied claims knows none.
     */
    default Set<String> appliedRows(String jobId, Collection<String> rowIds) {
        return Set.of();
    }

    /** Whether each record exists on the target now. */
    Map<RecordRef, TargetState> states(Collection<RecordRef> records);

    /**
     * The fingerprint of each record that exists now (lower-case hex SHA-256 of the canonical JSON of its column
     * values as strings); records that do not exist are left out of the map.
     */
    Map<RecordRef, String> fingerprints(Collection<RecordRef> records);

    /** Releases what the writer holds; a writer is not used after it is closed. */
    @Override
    void close();
}
