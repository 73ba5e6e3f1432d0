package io.rezilient.restore.contracts.ids;

/**
 * Deterministic ids of an execution's checkpoint, claims, rollback-journal entries and ServiceNow mirror records
 * (service-spec §0). Each is a prefix plus the first 24 hex characters of a SHA-256 over {@code :}-joined fields;
 * fields are not escaped (a {@code :} inside a job id is ambiguous by construction), which is what the reference
 * does and what resume integrity checks compare against.
 */
public final class ExecutionIds {
    public static final String CHECKPOINT_PREFIX = "chk_";
    public static final String CLAIM_PREFIX = "claim_";
    public static final String JOURNAL_PREFIX = "journal_";
    public static final String MIRROR_PREFIX = "sn_mirror_";

    private ExecutionIds() {
    }

    /** Id of the checkpoint at cursor {@code (nextChunkIndex, nextRowIndex)}. */
    public static String checkpointId(String jobId, String planHash, long nextChunkIndex, long nextRowIndex) {
        return ShortIds.derive(CHECKPOINT_PREFIX, cursor(jobId, planHash, nextChunkIndex, nextRowIndex));
    }

    /** Id of a claim taken at the checkpoint cursor {@code (nextChunkIndex, nextRowIndex)} at {@code claimedAt}. */
    public static String claimId(String jobId, String planHash, long nextChunkIndex, long nextRowIndex,
                                 String claimedAt) {
        return ShortIds.derive(CLAIM_PREFIX, cursor(jobId, planHash, nextChunkIndex, nextRowIndex) + ":" + claimedAt);
    }

    /** Id of the rollback-journal entry of one attempt at one row; idempotent per attempt. */
    public static String journalId(String jobId, String planHash, String rowId, long rowAttempt) {
        return ShortIds.derive(JOURNAL_PREFIX, jobId + ":" + planHash + ":" + rowId + ":" + rowAttempt);
    }

    /** Id of the ServiceNow mirror record paired with a journal entry. */
    public static String mirrorId(String journalId) {
        return ShortIds.derive(MIRROR_PREFIX, journalId);
    }

    private static String cursor(String jobId, String planHash, long nextChunkIndex, long nextRowIndex) {
        return jobId + ":" + planHash + ":" + nextChunkIndex + ":" + nextRowIndex;
    }
}
