package io.rezilient.restore.agent.crypto;

import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.contracts.ids.ExecutionIds;

import java.util.Objects;

/**
 * Whose before-image a ciphertext is: the target record and the rollback-journal entry (one attempt at one plan
 * row) it was captured for. All of it is bound into the AAD, so an image opens only for that entry.
 *
 * @param journalId {@link ExecutionIds#journalId} of the job, plan hash, row id and row attempt
 */
public record BeforeImageIdentity(String tenantId, String instanceId, String source, String table, String recordSysId,
                                  String journalId) {
    public BeforeImageIdentity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(journalId, "journalId");
    }

    /** The identity of the before-image of attempt {@code rowAttempt} at plan row {@code rowId} of job {@code jobId}. */
    public static BeforeImageIdentity of(String tenantId, String instanceId, String source, String table,
                                         String recordSysId, String jobId, String planHash, String rowId,
                                         long rowAttempt) {
        return new BeforeImageIdentity(tenantId, instanceId, source, table, recordSysId,
                ExecutionIds.journalId(jobId, planHash, rowId, rowAttempt));
    }

    Aad aad() {
        return Aad.beforeImage(tenantId, instanceId, source, table, recordSysId, journalId);
    }

    String describe() {
        return "before-image of " + table + "/" + recordSysId + " (" + journalId + ")";
    }
}
