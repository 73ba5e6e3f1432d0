package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ExecutionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One execution's header row ({@code rez_restore.executions}) with its checkpoint: everything of the §6.8 record
 * except the per-row and per-chunk lists, which are read separately.
 */
record Execution(String jobId, String tenantId, String instanceId, String source, String planId, String planHash,
                 String planChecksum, String preconditionChecksum, String contractVersion, ExecutionStatus status,
                 String reasonCode, String progressMode, Instant startedAt, Optional<Instant> completedAt,
                 String executedBy, int chunkSize, int totalRows, int plannedRows, int totalChunks,
                 String workflowMode, List<String> workflowAllowlist, Optional<ObjectNode> elevatedConfirmation,
                 List<String> capabilitiesUsed, String targetRevalidation, int resumeAttemptCount,
                 int attemptChunkCount, int appliedRows, int skippedRows, int failedRows, int attachmentsPlanned,
                 Checkpoint checkpoint) {
    Execution {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(completedAt, "completedAt");
        workflowAllowlist = List.copyOf(workflowAllowlist);
        capabilitiesUsed = List.copyOf(capabilitiesUsed);
        Objects.requireNonNull(elevatedConfirmation, "elevatedConfirmation");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    boolean isTerminal() {
        return status != ExecutionStatus.PAUSED;
    }

    /** Whether every row has been processed (the cursor is past the last row). */
    boolean atEnd() {
        return checkpoint.nextPosition() >= totalRows;
    }
}
