package io.rezilient.restore.contracts.ids;

/**
 * Id of a job's evidence package: {@code evidence_} + the first 24 hex characters of SHA-256 over
 * {@code "{job_id}:{plan_hash}:{completed_at}"}, with an empty string for an execution that has no
 * {@code completed_at}.
 */
public final class EvidenceIds {
    public static final String PREFIX = "evidence_";

    private EvidenceIds() {
    }

    /** @param completedAt the execution's {@code completed_at}, or null */
    public static String evidenceId(String jobId, String planHash, String completedAt) {
        return ShortIds.derive(PREFIX, jobId + ":" + planHash + ":" + (completedAt == null ? "" : completedAt));
    }
}
