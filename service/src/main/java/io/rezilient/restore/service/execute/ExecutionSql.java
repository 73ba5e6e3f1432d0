package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ExecutionStatus;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanRowProbe;
import org.postgresql.PGStatement;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of executions: headers, work rows, checkpoints, chunks, outcomes (service-spec §6.8), on the caller's connection. */
final class ExecutionSql {
    private static final String COLUMNS = """
            e.job_id, e.tenant_id, e.instance_id, e.source, e.plan_id, e.plan_hash, e.plan_checksum,
            e.precondition_checksum, e.contract_version, e.status, e.reason_code, e.progress_mode, e.started_at,
            e.completed_at, e.executed_by, e.chunk_size, e.total_rows, e.planned_rows, e.total_chunks, e.workflow_mode,
            e.workflow_allowlist, e.elevated_confirmation, e.capabilities_used, e.target_revalidation,
            e.resume_attempt_count, e.attempt_chunk_count, e.applied_rows, e.skipped_rows, e.failed_rows,
            e.attachments_planned,
            c.checkpoint_id, c.next_chunk_index, c.next_row_index, c.next_position, c.last_chunk_id,
            c.updated_at AS checkpoint_updated_at""";

    private ExecutionSql() {
    }

    /**
     * A statement over a range of a job's work list, planned for its own parameters on every execution. The driver
     * prepares a statement on the server once it has run a few times, and the server may then keep one generic plan
     * for it — chosen while the work list was small or before its statistics caught up with a 100,000-row execution,
     * and reading every row of the job for each claim's range (the claim's update and the chunk refresh grew from ~7
     * to ~40 µs per row in scripts/bench execute). An unnamed statement is planned afresh each time, which costs far
     * less than one such plan. Per statement, not per transaction: {@code plan_cache_mode = force_custom_plan} would
     * also re-plan the foreign-key checks of every inserted row, which made a commit several times slower.
     */
    static PreparedStatement rangeStatement(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }

    static Optional<Execution> find(Connection connection, String jobId) throws SQLException {
        return findWhere(connection, jobId, "");
    }

    /** The execution with its row locked: every change of an execution happens under this lock. */
    static Optional<Execution> findForUpdate(Connection connection, String jobId) throws SQLException {
        return findWhere(connection, jobId, " FOR UPDATE OF e, c");
    }

    private static Optional<Execution> findWhere(Connection connection, String jobId, String suffix)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM rez_restore.executions e JOIN rez_restore.checkpoints c ON c.job_id = e.job_id"
                + " WHERE e.job_id = ?" + suffix)) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static Execution read(ResultSet rows) throws SQLException {
        Checkpoint checkpoint = new Checkpoint(rows.getString("checkpoint_id"), rows.getInt("next_chunk_index"),
                rows.getInt("next_row_index"), rows.getInt("next_position"),
                Optional.ofNullable(rows.getString("last_chunk_id")), instant(rows, "checkpoint_updated_at"));
        String confirmation = rows.getString("elevated_confirmation");
        return new Execution(rows.getString("job_id"), rows.getString("tenant_id"), rows.getString("instance_id"),
                rows.getString("source"), rows.getString("plan_id"), rows.getString("plan_hash"),
                rows.getString("plan_checksum"), rows.getString("precondition_checksum"),
                rows.getString("contract_version"), ExecutionStatus.fromWire(rows.getString("status")),
                rows.getString("reason_code"), rows.getString("progress_mode"), instant(rows, "started_at"),
                Optional.ofNullable(rows.getTimestamp("completed_at")).map(Timestamp::toInstant),
                rows.getString("executed_by"), rows.getInt("chunk_size"), rows.getInt("total_rows"),
                rows.getInt("planned_rows"), rows.getInt("total_chunks"), rows.getString("workflow_mode"),
                strings(rows.getArray("workflow_allowlist")),
                confirmation == null ? Optional.empty() : Optional.of((ObjectNode) Json.parse(confirmation)),
                strings(rows.getArray("capabilities_used")), rows.getString("target_revalidation"),
                rows.getInt("resume_attempt_count"), rows.getInt("attempt_chunk_count"), rows.getInt("applied_rows"),
                rows.getInt("skipped_rows"), rows.getInt("failed_rows"), rows.getInt("attachments_planned"), checkpoint);
    }

    /** Inserts the header and its first checkpoint; the work rows come next ({@link #insertRows}). */
    static void insert(Connection connection, Execution execution) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.executions (job_id, tenant_id, instance_id, source, plan_id, plan_hash,
                    plan_checksum, precondition_checksum, contract_version, status, reason_code, progress_mode,
                    started_at, completed_at, executed_by, chunk_size, total_rows, planned_rows, total_chunks,
                    workflow_mode, workflow_allowlist, elevated_confirmation_used, elevated_confirmation,
                    capabilities_used, target_revalidation, resume_attempt_count, attempt_chunk_count, attachments_planned,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 0, ?, ?)""")) {
            int i = 1;
            statement.setString(i++, execution.jobId());
            statement.setString(i++, execution.tenantId());
            statement.setString(i++, execution.instanceId());
            statement.setString(i++, execution.source());
            statement.setString(i++, execution.planId());
            statement.setString(i++, execution.planHash());
            statement.setString(i++, execution.planChecksum());
            statement.setString(i++, execution.preconditionChecksum());
            statement.setString(i++, execution.contractVersion());
            statement.setString(i++, execution.status().wire());
            statement.setString(i++, execution.reasonCode());
            statement.setString(i++, execution.progressMode());
            statement.setObject(i++, at(execution.startedAt()));
            statement.setString(i++, execution.executedBy());
            statement.setInt(i++, execution.chunkSize());
            statement.setInt(i++, execution.totalRows());
            statement.setInt(i++, execution.plannedRows());
            statement.setInt(i++, execution.totalChunks());
            statement.setString(i++, execution.workflowMode());
            statement.setArray(i++, connection.createArrayOf("text", execution.workflowAllowlist().toArray()));
            statement.setBoolean(i++, execution.elevatedConfirmation().isPresent());
            if (execution.elevatedConfirmation().isPresent()) {
                statement.setString(i++, execution.elevatedConfirmation().get().toString());
            } else {
                statement.setNull(i++, Types.VARCHAR);
            }
            statement.setArray(i++, connection.createArrayOf("text", execution.capabilitiesUsed().toArray()));
            statement.setString(i++, execution.targetRevalidation());
            statement.setInt(i++, execution.resumeAttemptCount());
            statement.setInt(i++, execution.attachmentsPlanned());
            statement.setObject(i, at(execution.startedAt()));
            statement.executeUpdate();
        }
        writeCheckpoint(connection, execution.jobId(), execution.checkpoint(), true);
    }

    /**
     * Fixes the execution's work list in one set-based statement: the plan's rows in row_id order (byte-wise, the
     * plan hash's order) merged with the allowed delete candidates that are not plan rows; a plan delete row whose
     * candidate an operator decided {@code skip_deletion} is skipped.
     *
     * @return the number of rows written
     */
    static int insertRows(Connection connection, String jobId, PlanKey plan, ArrayNode deleteCandidates)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH decided AS (
                    SELECT c.row_id, c."table" AS table_name, c.record_sys_id, c.decision
                    FROM jsonb_to_recordset(?::jsonb) AS c(row_id text, "table" text, record_sys_id text, decision text)
                ), plan AS (
                    SELECT r.row_id::text AS row_id, r.table_name::text AS table_name,
                           r.record_sys_id::text AS record_sys_id, r.action
                    FROM rez_restore.plan_rows r
                    WHERE r.tenant_id = ? AND r.instance_id = ? AND r.source = ? AND r.plan_id = ?
                ), work AS (
                    SELECT p.row_id, p.table_name, p.record_sys_id,
                           CASE WHEN p.action = 'delete' AND d.decision = 'skip_deletion' THEN 'skip'
                                ELSE p.action END AS action,
                           'plan' AS origin
                    FROM plan p LEFT JOIN decided d ON d.row_id = p.row_id
                    UNION ALL
                    SELECT d.row_id, d.table_name, d.record_sys_id, 'delete', 'delete_candidate'
                    FROM decided d
                    WHERE d.decision = 'allow_deletion' AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.row_id = d.row_id)
                )
                INSERT INTO rez_restore.execution_rows (job_id, position, row_id, table_name, record_sys_id, action,
                                                        origin)
                SELECT ?, (row_number() OVER (ORDER BY w.row_id COLLATE "C"))::int - 1, w.row_id, w.table_name,
                       w.record_sys_id, w.action, w.origin
                FROM work w""")) {
            statement.setString(1, deleteCandidates.toString());
            statement.setString(2, plan.tenantId());
            statement.setString(3, plan.instanceId());
            statement.setString(4, plan.source());
            statement.setString(5, plan.planId());
            statement.setString(6, jobId);
            return statement.executeUpdate();
        }
    }

    /** Sets the total row and chunk counts once the work list is written. */
    static void setTotals(Connection connection, String jobId, int totalRows, int totalChunks) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rez_restore.executions SET total_rows = ?, total_chunks = ? WHERE job_id = ?")) {
            statement.setInt(1, totalRows);
            statement.setInt(2, totalChunks);
            statement.setString(3, jobId);
            statement.executeUpdate();
        }
    }

    static void writeCheckpoint(Connection connection, String jobId, Checkpoint checkpoint, boolean insert)
            throws SQLException {
        String sql = insert ? """
                INSERT INTO rez_restore.checkpoints (checkpoint_id, next_chunk_index, next_row_index, next_position,
                    last_chunk_id, updated_at, job_id) VALUES (?, ?, ?, ?, ?, ?, ?)""" : """
                UPDATE rez_restore.checkpoints SET checkpoint_id = ?, next_chunk_index = ?, next_row_index = ?,
                    next_position = ?, last_chunk_id = ?, updated_at = ? WHERE job_id = ?""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, checkpoint.checkpointId());
            statement.setInt(2, checkpoint.nextChunkIndex());
            statement.setInt(3, checkpoint.nextRowIndex());
            statement.setInt(4, checkpoint.nextPosition());
            statement.setString(5, checkpoint.lastChunkId().orElse(null));
            statement.setObject(6, at(checkpoint.updatedAt()));
            statement.setString(7, jobId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no checkpoint of job " + jobId);
            }
        }
    }

    static void insertRevalidated(Connection connection, String jobId, List<RevalidatedRecord> records)
            throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.execution_revalidated_records (job_id, table_name, record_sys_id, target_state)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (RevalidatedRecord record : records) {
                statement.setString(1, jobId);
                statement.setString(2, record.table());
                statement.setString(3, record.recordSysId());
                statement.setString(4, record.targetState().wire());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    static List<RevalidatedRecord> revalidated(Connection connection, String jobId) throws SQLException {
        List<RevalidatedRecord> records = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name, record_sys_id, target_state FROM rez_restore.execution_revalidated_records
                WHERE job_id = ? ORDER BY table_name, record_sys_id""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(new RevalidatedRecord(rows.getString(1), rows.getString(2),
                            io.rezilient.restore.contracts.restore.TargetState.fromWire(rows.getString(3))));
                }
            }
        }
        return records;
    }

    static void insertRuntimeConflicts(Connection connection, String jobId, List<RuntimeConflict> conflicts)
            throws SQLException {
        if (conflicts.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.execution_runtime_conflicts (job_id, conflict_id, row_id, class, reason_code,
                    reason, resolution) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id, conflict_id) DO UPDATE SET row_id = excluded.row_id, class = excluded.class,
                    reason_code = excluded.reason_code, reason = excluded.reason, resolution = excluded.resolution""")) {
            for (RuntimeConflict conflict : conflicts) {
                statement.setString(1, jobId);
                statement.setString(2, conflict.conflictId());
                statement.setString(3, conflict.rowId());
                statement.setString(4, conflict.conflictClass().wire());
                statement.setString(5, conflict.reasonCode());
                statement.setString(6, conflict.reason());
                statement.setString(7, conflict.resolution().wire());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Accepted runtime conflicts by row id. */
    static Map<String, RuntimeConflict> runtimeConflicts(Connection connection, String jobId) throws SQLException {
        Map<String, RuntimeConflict> byRow = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT conflict_id, row_id, class, reason_code, reason, resolution
                FROM rez_restore.execution_runtime_conflicts WHERE job_id = ? ORDER BY conflict_id""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    RuntimeConflict conflict = new RuntimeConflict(rows.getString(1), rows.getString(2),
                            io.rezilient.restore.contracts.restore.ConflictClass.fromWire(rows.getString(3)),
                            rows.getString(4), rows.getString(5),
                            io.rezilient.restore.contracts.restore.ConflictResolution.fromWire(rows.getString(6)));
                    byRow.put(conflict.rowId(), conflict);
                }
            }
        }
        return byRow;
    }

    /** Which of {@code rowIds} are rows of the execution's plan (runtime conflicts must name plan rows). */
    static List<String> planRowIds(Connection connection, PlanKey plan, List<String> rowIds) throws SQLException {
        List<String> found = new ArrayList<>();
        if (rowIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(PlanRowProbe.select("row_id"))) {
            PlanRowProbe.bind(statement, connection, plan, rowIds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    /** A row of the work list with what the plan says about it. */
    record WorkRow(int position, String rowId, String table, String recordSysId, String action, String origin,
                   int rowAttempt, Optional<String> outcome) {
    }

    /**
     * Takes the rows {@code [from, to)} for a new attempt: each row's attempt count goes up by one, in the same
     * statement that reads them.
     */
    static List<WorkRow> takeRows(Connection connection, String jobId, int from, int to) throws SQLException {
        List<WorkRow> rows = new ArrayList<>();
        try (PreparedStatement statement = rangeStatement(connection, """
                UPDATE rez_restore.execution_rows SET row_attempt = row_attempt + 1
                WHERE job_id = ? AND position >= ? AND position < ?
                RETURNING position, row_id, table_name, record_sys_id, action, origin, row_attempt, outcome""")) {
            statement.setString(1, jobId);
            statement.setInt(2, from);
            statement.setInt(3, to);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(workRow(result));
                }
            }
        }
        rows.sort(java.util.Comparator.comparingInt(WorkRow::position));
        return rows;
    }

    /** The rows {@code [from, to)} as they are now. */
    static List<WorkRow> rows(Connection connection, String jobId, int from, int to) throws SQLException {
        List<WorkRow> rows = new ArrayList<>();
        try (PreparedStatement statement = rangeStatement(connection, """
                SELECT position, row_id, table_name, record_sys_id, action, origin, row_attempt, outcome
                FROM rez_restore.execution_rows WHERE job_id = ? AND position >= ? AND position < ?
                ORDER BY position""")) {
            statement.setString(1, jobId);
            statement.setInt(2, from);
            statement.setInt(3, to);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(workRow(result));
                }
            }
        }
        return rows;
    }

    private static WorkRow workRow(ResultSet result) throws SQLException {
        return new WorkRow(result.getInt("position"), result.getString("row_id"), result.getString("table_name"),
                result.getString("record_sys_id"), result.getString("action"), result.getString("origin"),
                result.getInt("row_attempt"), Optional.ofNullable(result.getString("outcome")));
    }

    /**
     * What the plan says of a row beyond the work list: its encrypted values, metadata, precondition hash and the
     * source operation of its PIT winner, by row id (delete candidates have no plan row).
     */
    record RowPayload(String valuesJson, String metadataJson, String preconditionHash, String sourceOperation) {
        /** The encrypted values as a tree; a claim answer passes {@link #valuesJson} through without parsing it. */
        ObjectNode values() {
            return (ObjectNode) Json.parse(valuesJson);
        }
    }

    static Map<String, RowPayload> payloads(Connection connection, PlanKey plan, List<String> rowIds)
            throws SQLException {
        Map<String, RowPayload> payloads = new LinkedHashMap<>();
        if (rowIds.isEmpty()) {
            return payloads;
        }
        try (PreparedStatement statement = connection.prepareStatement(PlanRowProbe.select(
                "row_id, row_values, metadata, precondition_hash, source_operation"))) {
            PlanRowProbe.bind(statement, connection, plan, rowIds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    payloads.put(rows.getString(1), new RowPayload(rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5)));
                }
            }
        }
        return payloads;
    }

    static void updateStatus(Connection connection, String jobId, ExecutionStatus status, String reasonCode,
                             Instant completedAt, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.executions SET status = ?, reason_code = ?, completed_at = ?, updated_at = ?
                WHERE job_id = ?""")) {
            statement.setString(1, status.wire());
            statement.setString(2, reasonCode);
            statement.setObject(3, completedAt == null ? null : at(completedAt));
            statement.setObject(4, at(now));
            statement.setString(5, jobId);
            statement.executeUpdate();
        }
    }

    /** A new attempt (resume): the attempt count goes up and the attempt's chunk budget starts again. */
    static void startAttempt(Connection connection, String jobId, String reasonCode, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.executions SET resume_attempt_count = resume_attempt_count + 1,
                    attempt_chunk_count = 0, reason_code = ?, updated_at = ? WHERE job_id = ?""")) {
            statement.setString(1, reasonCode);
            statement.setObject(2, at(now));
            statement.setString(3, jobId);
            statement.executeUpdate();
        }
    }

    static void addProgress(Connection connection, String jobId, int applied, int skipped, int failed,
                            int chunksCompleted, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.executions SET applied_rows = applied_rows + ?, skipped_rows = skipped_rows + ?,
                    failed_rows = failed_rows + ?, attempt_chunk_count = attempt_chunk_count + ?, updated_at = ?
                WHERE job_id = ?""")) {
            statement.setInt(1, applied);
            statement.setInt(2, skipped);
            statement.setInt(3, failed);
            statement.setInt(4, chunksCompleted);
            statement.setObject(5, at(now));
            statement.setString(6, jobId);
            statement.executeUpdate();
        }
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    static ArrayNode textArray(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static JsonNode parse(String json) {
        return Json.parse(json);
    }
}
