package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Row outcomes, chunk outcomes, the rollback journal and the ServiceNow mirror (service-spec §6.6, §6.8, §6.9): all
 * written by one commit in its transaction, in batches.
 */
final class OutcomeSql {
    private static final String TOUCHED_ALL = "__all_touched_fields__";

    private OutcomeSql() {
    }

    /**
     * One row's outcome as a commit records it.
     *
     * @param beforeImage      the target's before-image the agent captured; empty when the client sent none
     * @param afterFingerprint the record's fingerprint right after the write, as the agent read it; empty for a
     *                         delete or a client that sent none
     */
    record RowResult(ExecutionSql.WorkRow row, String outcome, String reasonCode, String chunkId, int rowAttempt,
                     boolean usedRowFallback, Optional<String> conflictId, Optional<String> conflictClass,
                     Optional<String> conflictResolution, Optional<String> message, Optional<String> claimId,
                     Optional<BeforeImage> beforeImage, Optional<ObjectNode> planValues,
                     Optional<String> afterFingerprint) {
        RowResult {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reasonCode, "reasonCode");
            Objects.requireNonNull(afterFingerprint, "afterFingerprint");
        }

        /** A result without an after-fingerprint. */
        RowResult(ExecutionSql.WorkRow row, String outcome, String reasonCode, String chunkId, int rowAttempt,
                  boolean usedRowFallback, Optional<String> conflictId, Optional<String> conflictClass,
                  Optional<String> conflictResolution, Optional<String> message, Optional<String> claimId,
                  Optional<BeforeImage> beforeImage, Optional<ObjectNode> planValues) {
            this(row, outcome, reasonCode, chunkId, rowAttempt, usedRowFallback, conflictId, conflictClass,
                    conflictResolution, message, claimId, beforeImage, planValues, Optional.empty());
        }

        boolean applied() {
            return "applied".equals(outcome);
        }
    }

    /**
     * Appends the outcomes to the history and sets each row's latest outcome, in two statements over the rows sent as
     * one array per column (a thousand rows bound as a thousand tuples of parameters cost the server several
     * multi-row statements to parse and plan; as arrays it is one small statement).
     */
    static void record(Connection connection, String jobId, List<RowResult> results, Instant now) throws SQLException {
        int n = results.size();
        Object[][] columns = new Object[15][n];
        for (int r = 0; r < n; r++) {
            RowResult result = results.get(r);
            Object[] row = {result.row().position(), result.row().rowId(), result.row().table(),
                    result.row().recordSysId(), result.row().action(), result.outcome(), result.reasonCode(),
                    result.chunkId(), result.rowAttempt(), result.usedRowFallback(), result.conflictId().orElse(null),
                    result.conflictClass().orElse(null), result.conflictResolution().orElse(null),
                    result.message().orElse(null), result.claimId().orElse(null)};
            for (int c = 0; c < row.length; c++) {
                columns[c][r] = row[c];
            }
        }
        String[] types = {"integer", "text", "text", "text", "text", "text", "text", "text", "integer", "boolean",
                "text", "text", "text", "text", "text"};
        try (PreparedStatement history = connection.prepareStatement("""
                INSERT INTO rez_restore.row_outcomes (job_id, position, row_id, table_name, record_sys_id, action,
                    outcome, reason_code, chunk_id, row_attempt, used_row_fallback, conflict_id, conflict_class,
                    conflict_resolution, message, claim_id, recorded_at)
                SELECT ?, u.* , ? FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::int[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[]) AS u""")) {
            history.setString(1, jobId);
            history.setObject(2, ExecutionSql.at(now));
            for (int c = 0; c < columns.length; c++) {
                history.setArray(c + 3, connection.createArrayOf(types[c], columns[c]));
            }
            history.executeUpdate();
        }
        try (PreparedStatement latest = ExecutionSql.rangeStatement(connection, """
                UPDATE rez_restore.execution_rows r
                SET outcome = u.outcome, used_row_fallback = u.fallback, conflict_id = u.conflict_id
                FROM unnest(?::int[], ?::text[], ?::boolean[], ?::text[]) AS u(position, outcome, fallback, conflict_id)
                WHERE r.job_id = ? AND r.position = u.position AND r.position >= ? AND r.position <= ?""")) {
            latest.setArray(1, connection.createArrayOf("integer", columns[0]));
            latest.setArray(2, connection.createArrayOf("text", columns[5]));
            latest.setArray(3, connection.createArrayOf("boolean", columns[9]));
            latest.setArray(4, connection.createArrayOf("text", columns[10]));
            latest.setString(5, jobId);
            // the range keeps the update to the claim's rows: joined by position alone, the planner may read every
            // row of the job to find them, which makes each commit cost as much as the job has done so far
            latest.setInt(6, results.stream().mapToInt(result -> result.row().position()).min().orElse(0));
            latest.setInt(7, results.stream().mapToInt(result -> result.row().position()).max().orElse(-1));
            if (latest.executeUpdate() != results.size()) {
                throw new IllegalStateException("not every committed row of job " + jobId + " is in its work list");
            }
        }
    }

    /**
     * Journals every applied row with its before-image (§6.9); each entry is its own mirror record (the view
     * {@code sn_mirror}, V12). The journal id is per attempt, so recording an attempt twice is impossible (primary
     * key) and a re-run never duplicates.
     * A client that sent no before-image gets the reference's fallback (the row's own ciphertext), marked as such.
     */
    static void journal(Connection connection, String jobId, String planHash, String executedBy,
                        Optional<List<String>> columns, List<RowResult> results, Instant now) throws SQLException {
        List<RowResult> applied = results.stream().filter(RowResult::applied).toList();
        if (applied.isEmpty()) {
            return;
        }
        int n = applied.size();
        Object[][] values = new Object[11][n];
        for (int r = 0; r < n; r++) {
            RowResult result = applied.get(r);
            String source;
            String state;
            String enc;
            if (result.beforeImage().isPresent()) {
                BeforeImage image = result.beforeImage().get();
                source = "target";
                state = image.state().wire();
                enc = image.enc().map(ObjectNode::toString).orElse(null);
            } else {
                source = "plan_values";
                state = null;
                enc = fallbackImage(result.planValues()).map(ObjectNode::toString).orElse(null);
            }
            Object[] row = {ExecutionIds.journalId(jobId, planHash, result.row().rowId(), result.rowAttempt()),
                    result.row().rowId(), result.row().table(), result.row().recordSysId(), result.row().action(),
                    source, state, enc, result.chunkId(), result.rowAttempt(), result.afterFingerprint().orElse(null)};
            for (int c = 0; c < row.length; c++) {
                values[c][r] = row[c];
            }
        }
        String[] types = {"text", "text", "text", "text", "text", "text", "text", "text", "text", "integer", "text"};
        try (PreparedStatement journal = connection.prepareStatement("""
                INSERT INTO rez_restore.rollback_journal (journal_id, job_id, plan_hash, plan_row_id, table_name,
                    record_sys_id, action, touched_fields, before_image_source, before_image_state, before_image_enc,
                    chunk_id, row_attempt, executed_by, executed_at, after_fingerprint, outcome)
                SELECT u.journal_id, ?, ?, u.plan_row_id, u.table_name, u.record_sys_id, u.action, ?::text[],
                       u.source, u.state, u.enc::jsonb, u.chunk_id, u.row_attempt, ?, ?, u.after_fingerprint, 'applied'
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::int[], ?::text[])
                     AS u(journal_id, plan_row_id, table_name, record_sys_id, action, source, state, enc, chunk_id,
                          row_attempt, after_fingerprint)""")) {
            journal.setString(1, jobId);
            journal.setString(2, planHash);
            journal.setArray(3, connection.createArrayOf("text",
                    columns.map(List::toArray).orElse(new Object[]{TOUCHED_ALL})));
            journal.setString(4, executedBy);
            journal.setObject(5, ExecutionSql.at(now));
            for (int c = 0; c < values.length; c++) {
                journal.setArray(c + 6, connection.createArrayOf(types[c], values[c]));
            }
            if (journal.executeUpdate() != n) {
                throw new IllegalStateException("not every applied row of job " + jobId + " was journaled");
            }
        }
    }

    /** The reference's journal payload when no before-image was captured: before, else diff, else after image. */
    private static Optional<ObjectNode> fallbackImage(Optional<ObjectNode> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        for (String field : List.of("before_image_enc", "diff_enc", "after_image_enc")) {
            if (values.get().get(field) instanceof ObjectNode envelope) {
                return Optional.of(envelope);
            }
        }
        return Optional.empty();
    }

    /**
     * Recomputes the outcome of each chunk in {@code chunkIndexes} from its rows' latest outcomes (§6.6): failed if any
     * row failed, else row_fallback if any row of it used row fallback, else applied; {@code started_at} keeps the
     * first time the chunk got an outcome.
     */
    static void refreshChunks(Connection connection, String jobId, int chunkSize, Collection<Integer> chunkIndexes,
                              Instant now) throws SQLException {
        if (chunkIndexes.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = ExecutionSql.rangeStatement(connection, """
                INSERT INTO rez_restore.execution_chunks AS c (job_id, chunk_index, chunk_id, row_count, status,
                    started_at, completed_at, applied_count, skipped_count, failed_count, fallback_trigger_conflict_ids)
                SELECT r.job_id, ?, ?, count(*)::int,
                       CASE WHEN count(*) FILTER (WHERE r.outcome = 'failed') > 0 THEN 'failed'
                            WHEN bool_or(r.used_row_fallback) THEN 'row_fallback' ELSE 'applied' END,
                       ?, ?,
                       count(*) FILTER (WHERE r.outcome = 'applied')::int,
                       count(*) FILTER (WHERE r.outcome = 'skipped')::int,
                       count(*) FILTER (WHERE r.outcome = 'failed')::int,
                       coalesce(array_agg(DISTINCT r.conflict_id::text ORDER BY r.conflict_id::text)
                                FILTER (WHERE r.conflict_id IS NOT NULL), ARRAY[]::text[])
                FROM rez_restore.execution_rows r
                WHERE r.job_id = ? AND r.position >= ? AND r.position < ? AND r.outcome IS NOT NULL
                GROUP BY r.job_id
                ON CONFLICT (job_id, chunk_index) DO UPDATE SET row_count = excluded.row_count,
                    status = excluded.status, completed_at = excluded.completed_at,
                    applied_count = excluded.applied_count, skipped_count = excluded.skipped_count,
                    failed_count = excluded.failed_count,
                    fallback_trigger_conflict_ids = excluded.fallback_trigger_conflict_ids""")) {
            for (int chunk : chunkIndexes) {
                int i = 1;
                statement.setInt(i++, chunk);
                statement.setString(i++, io.rezilient.restore.contracts.ids.ChunkIds.chunkId(chunk));
                statement.setObject(i++, ExecutionSql.at(now));
                statement.setObject(i++, ExecutionSql.at(now));
                statement.setString(i++, jobId);
                statement.setInt(i++, chunk * chunkSize);
                statement.setInt(i, (chunk + 1) * chunkSize);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The chunk outcomes in chunk order. */
    static ArrayNode chunks(Connection connection, String jobId) throws SQLException {
        ArrayNode chunks = JsonNodeFactory.instance.arrayNode();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT chunk_id, row_count, status, started_at, completed_at, applied_count, skipped_count,
                       failed_count, fallback_trigger_conflict_ids
                FROM rez_restore.execution_chunks WHERE job_id = ? ORDER BY chunk_index""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode chunk = chunks.addObject();
                    chunk.put("chunk_id", rows.getString("chunk_id"));
                    chunk.put("row_count", rows.getInt("row_count"));
                    chunk.put("status", rows.getString("status"));
                    chunk.put("started_at", IsoUtc.format(ExecutionSql.instant(rows, "started_at")));
                    chunk.put("completed_at", IsoUtc.format(ExecutionSql.instant(rows, "completed_at")));
                    chunk.put("applied_count", rows.getInt("applied_count"));
                    chunk.put("skipped_count", rows.getInt("skipped_count"));
                    chunk.put("failed_count", rows.getInt("failed_count"));
                    chunk.set("fallback_trigger_conflict_ids",
                            ExecutionSql.textArray(ExecutionSql.strings(rows.getArray("fallback_trigger_conflict_ids"))));
                }
            }
        }
        return chunks;
    }

    /** The row outcome history in recording order. */
    static ArrayNode outcomes(Connection connection, String jobId) throws SQLException {
        ArrayNode outcomes = JsonNodeFactory.instance.arrayNode();
        forEachOutcome(connection, jobId, outcomes::add);
        return outcomes;
    }

    /** The row outcome history in recording order, one outcome at a time (the connection must not autocommit). */
    static void forEachOutcome(Connection connection, String jobId, Consumer<ObjectNode> consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT row_id, table_name, record_sys_id, action, outcome, reason_code, chunk_id, used_row_fallback,
                       conflict_id, conflict_class, conflict_resolution, message
                FROM rez_restore.row_outcomes WHERE job_id = ? ORDER BY seq""")) {
            statement.setString(1, jobId);
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode outcome = JsonNodeFactory.instance.objectNode();
                    outcome.put("row_id", rows.getString("row_id"));
                    outcome.put("table", rows.getString("table_name"));
                    outcome.put("record_sys_id", rows.getString("record_sys_id"));
                    outcome.put("action", rows.getString("action"));
                    outcome.put("outcome", rows.getString("outcome"));
                    outcome.put("reason_code", rows.getString("reason_code"));
                    outcome.put("chunk_id", rows.getString("chunk_id"));
                    outcome.put("used_row_fallback", rows.getBoolean("used_row_fallback"));
                    putIfPresent(outcome, "conflict_id", rows.getString("conflict_id"));
                    putIfPresent(outcome, "conflict_class", rows.getString("conflict_class"));
                    putIfPresent(outcome, "conflict_resolution", rows.getString("conflict_resolution"));
                    putIfPresent(outcome, "message", rows.getString("message"));
                    consumer.accept(outcome);
                }
            }
        }
    }

    /** {@code row_id → attempts} of every row attempted at least once. */
    static ObjectNode rowAttempts(Connection connection, String jobId) throws SQLException {
        return rowAttempts(connection, jobId, 0, Integer.MAX_VALUE);
    }

    /** {@code row_id → attempts} of the rows at positions {@code [from, to)} attempted at least once. */
    static ObjectNode rowAttempts(Connection connection, String jobId, int from, int to) throws SQLException {
        ObjectNode attempts = JsonNodeFactory.instance.objectNode();
        try (PreparedStatement statement = ExecutionSql.rangeStatement(connection, """
                SELECT row_id, row_attempt FROM rez_restore.execution_rows
                WHERE job_id = ? AND position >= ? AND position < ? AND row_attempt > 0 ORDER BY position""")) {
            statement.setString(1, jobId);
            statement.setInt(2, from);
            statement.setInt(3, to);
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    attempts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return attempts;
    }

    /** Distinct conflict ids of the rows' latest outcomes (the summary's {@code runtime_conflict_count}). */
    static int conflictCount(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(DISTINCT conflict_id) FROM rez_restore.execution_rows
                WHERE job_id = ? AND conflict_id IS NOT NULL""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The journal entries and mirror records of a job, in execution order. */
    static ObjectNode journalBundle(Connection connection, String jobId) throws SQLException {
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        forEachJournalEntry(connection, jobId, bundle.putArray("rollback_journal")::add);
        forEachMirrorRecord(connection, jobId, bundle.putArray("sn_mirror")::add);
        return bundle;
    }

    /** The job's journal entries in journal order, one at a time (the connection must not autocommit). */
    static void forEachJournalEntry(Connection connection, String jobId, Consumer<ObjectNode> consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT j.journal_id, j.plan_hash, j.plan_row_id, j.table_name, j.record_sys_id, j.action,
                       j.touched_fields, j.before_image_source, j.before_image_state, j.before_image_enc, j.chunk_id,
                       j.row_attempt, j.executed_by, j.executed_at, j.pruned_at, j.after_fingerprint
                FROM rez_restore.rollback_journal j WHERE j.job_id = ? ORDER BY j.executed_at, j.chunk_id, j.journal_id""")) {
            statement.setString(1, jobId);
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode entry = JsonNodeFactory.instance.objectNode();
                    entry.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
                    entry.put("journal_id", rows.getString("journal_id"));
                    entry.put("job_id", jobId);
                    entry.put("plan_hash", rows.getString("plan_hash"));
                    entry.put("plan_row_id", rows.getString("plan_row_id"));
                    entry.put("table", rows.getString("table_name"));
                    entry.put("record_sys_id", rows.getString("record_sys_id"));
                    entry.put("action", rows.getString("action"));
                    entry.set("touched_fields", ExecutionSql.textArray(ExecutionSql.strings(rows.getArray("touched_fields"))));
                    String enc = rows.getString("before_image_enc");
                    if (enc == null) {
                        entry.putNull("before_image_enc");
                    } else {
                        entry.set("before_image_enc", Json.parse(enc));
                    }
                    entry.put("before_image_source", rows.getString("before_image_source"));
                    putIfPresent(entry, "before_image_state", rows.getString("before_image_state"));
                    entry.put("chunk_id", rows.getString("chunk_id"));
                    entry.put("row_attempt", rows.getInt("row_attempt"));
                    entry.put("executed_by", rows.getString("executed_by"));
                    entry.put("executed_at", IsoUtc.format(ExecutionSql.instant(rows, "executed_at")));
                    entry.put("outcome", "applied");
                    putIfPresent(entry, "after_fingerprint", rows.getString("after_fingerprint"));
                    Instant pruned = ExecutionSql.instant(rows, "pruned_at");
                    if (pruned != null) {
                        entry.put("pruned_at", IsoUtc.format(pruned));
                    }
                    consumer.accept(entry);
                }
            }
        }
    }

    /** The job's mirror records in journal order, one at a time (the connection must not autocommit). */
    static void forEachMirrorRecord(Connection connection, String jobId, Consumer<ObjectNode> consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT m.mirror_id, m.journal_id, m.plan_hash, m.plan_row_id, m.table_name, m.record_sys_id, m.action,
                       m.outcome, m.reason_code, m.chunk_id, m.row_attempt, m.linked_at
                FROM rez_restore.sn_mirror m JOIN rez_restore.rollback_journal j ON j.journal_id = m.journal_id
                WHERE m.job_id = ? ORDER BY j.executed_at, j.chunk_id, j.journal_id""")) {
            statement.setString(1, jobId);
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode record = JsonNodeFactory.instance.objectNode();
                    record.put("mirror_id", rows.getString("mirror_id"));
                    record.put("journal_id", rows.getString("journal_id"));
                    record.put("job_id", jobId);
                    record.put("plan_hash", rows.getString("plan_hash"));
                    record.put("plan_row_id", rows.getString("plan_row_id"));
                    record.put("table", rows.getString("table_name"));
                    record.put("record_sys_id", rows.getString("record_sys_id"));
                    record.put("action", rows.getString("action"));
                    record.put("outcome", rows.getString("outcome"));
                    record.put("reason_code", rows.getString("reason_code"));
                    record.put("chunk_id", rows.getString("chunk_id"));
                    record.put("row_attempt", rows.getInt("row_attempt"));
                    record.put("linked_at", IsoUtc.format(ExecutionSql.instant(rows, "linked_at")));
                    consumer.accept(record);
                }
            }
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
