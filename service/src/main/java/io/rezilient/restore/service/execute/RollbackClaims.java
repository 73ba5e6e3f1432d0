package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.rollback.UndoRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a claim of an undo job adds for the agent (ours, architecture §5 item 5): the job it rolls back
 * ({@code rollback_of_job_id}) and, per row, the journal entry whose before-image the row restores
 * ({@code journal_id}): the before-image was sealed for that entry, so the agent can open it only with its id.
 */
final class RollbackClaims {
    private RollbackClaims() {
    }

    /** The job the plan rolls back, when it is an undo plan. */
    static Optional<String> rollbackOf(ExecutablePlan plan) {
        JsonNode jobId = plan.header().plan().path("rollback_of").path("job_id");
        return jobId.isTextual() ? Optional.of(jobId.textValue()) : Optional.empty();
    }

    /** {@code row_id → journal_id} of the claimed rows of an undo plan; empty for any other plan. */
    static Map<String, String> journalIds(Connection connection, ExecutablePlan plan, List<String> rowIds)
            throws SQLException {
        Map<String, String> journalIds = new HashMap<>();
        if (rowIds.isEmpty() || rollbackOf(plan).isEmpty()) {
            return journalIds;
        }
        PlanKey key = plan.key();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT row_id, artifact_key FROM rez_restore.plan_rows
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ? AND row_id = ANY (?::text[])""")) {
            statement.setString(1, key.tenantId());
            statement.setString(2, key.instanceId());
            statement.setString(3, key.source());
            statement.setString(4, key.planId());
            statement.setArray(5, connection.createArrayOf("text", rowIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String rowId = rows.getString(1);
                    UndoRows.journalIdOf(rows.getString(2)).ifPresent(id -> journalIds.put(rowId, id));
                }
            }
        }
        return journalIds;
    }
}
