package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJsonStream;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.sql.Connection;
import java.sql.SQLException;

/** Renders the execution record of service-spec §6.8 (plus our fields) from its rows. */
final class ExecutionView {
    private ExecutionView() {
    }

    static ObjectNode execution(Connection connection, Execution execution) throws SQLException {
        return execution(connection, execution, false);
    }

    /**
     * @param streamOutcomes whether {@code row_outcomes} is a {@link CanonicalJsonStream#streamed} array read from
     *                       {@code connection} when it is written (only while that connection's transaction is open)
     */
    static ObjectNode execution(Connection connection, Execution execution, boolean streamOutcomes)
            throws SQLException {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("contract_version", execution.contractVersion());
        json.put("job_id", execution.jobId());
        json.put("plan_id", execution.planId());
        json.put("plan_hash", execution.planHash());
        json.put("plan_checksum", execution.planChecksum());
        json.put("precondition_checksum", execution.preconditionChecksum());
        json.put("status", execution.status().wire());
        json.put("reason_code", execution.reasonCode());
        json.put("started_at", IsoUtc.format(execution.startedAt()));
        if (execution.completedAt().isPresent()) {
            json.put("completed_at", IsoUtc.format(execution.completedAt().get()));
        } else {
            json.putNull("completed_at");
        }
        json.put("executed_by", execution.executedBy());
        json.put("chunk_size", execution.chunkSize());
        json.put("workflow_mode", execution.workflowMode());
        json.set("workflow_allowlist", ExecutionSql.textArray(execution.workflowAllowlist()));
        json.put("elevated_confirmation_used", execution.elevatedConfirmation().isPresent());
        json.set("capabilities_used", ExecutionSql.textArray(execution.capabilitiesUsed()));
        ArrayNode records = json.putArray("revalidated_target_records");
        ExecutionSql.revalidated(connection, execution.jobId()).forEach(record -> records.add(record.toJson()));
        json.put("resume_attempt_count", execution.resumeAttemptCount());
        json.set("checkpoint", checkpoint(connection, execution));
        json.set("summary", summary(connection, execution));
        json.set("chunks", OutcomeSql.chunks(connection, execution.jobId()));
        json.set("row_outcomes", streamOutcomes ? CanonicalJsonStream.streamed(each -> SqlStreams.run(
                "read row outcomes", () -> OutcomeSql.forEachOutcome(connection, execution.jobId(), each::accept)))
                : OutcomeSql.outcomes(connection, execution.jobId()));
        json.putArray("media_outcomes");
        // ours
        json.put("progress_mode", execution.progressMode());
        json.put("target_revalidation", execution.targetRevalidation());
        return json;
    }

    static ObjectNode checkpoint(Connection connection, Execution execution) throws SQLException {
        return execution.checkpoint().toJson(execution.totalChunks(),
                OutcomeSql.rowAttempts(connection, execution.jobId()));
    }

    /** The checkpoint with {@code row_attempt_by_row} holding only the rows at positions {@code [from, to)}. */
    static ObjectNode checkpoint(Connection connection, Execution execution, int from, int to) throws SQLException {
        return execution.checkpoint().toJson(execution.totalChunks(),
                OutcomeSql.rowAttempts(connection, execution.jobId(), from, to));
    }

    static ObjectNode summary(Connection connection, Execution execution) throws SQLException {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("planned_rows", execution.plannedRows());
        summary.put("applied_rows", execution.appliedRows());
        summary.put("skipped_rows", execution.skippedRows());
        summary.put("failed_rows", execution.failedRows());
        summary.put("attachments_planned", execution.attachmentsPlanned());
        summary.put("attachments_applied", 0);
        summary.put("attachments_skipped", 0);
        summary.put("attachments_failed", 0);
        ArrayNode chunks = OutcomeSql.chunks(connection, execution.jobId());
        int fallback = 0;
        for (var chunk : chunks) {
            if ("row_fallback".equals(chunk.path("status").asText())) {
                fallback++;
            }
        }
        summary.put("chunk_count", chunks.size());
        summary.put("fallback_chunk_count", fallback);
        summary.put("runtime_conflict_count", OutcomeSql.conflictCount(connection, execution.jobId()));
        return summary;
    }
}
