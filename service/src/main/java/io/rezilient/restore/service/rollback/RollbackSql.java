package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanRowProbe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an undo reads: the undone execution's status and start, its journal, its plan rows' values. */
final class RollbackSql {
    private RollbackSql() {
    }

    /** The undone job's execution, as far as an undo needs it. */
    record ExecutionFacts(String status, Instant startedAt) {
    }

    static Optional<ExecutionFacts> execution(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status, started_at FROM rez_restore.executions WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new ExecutionFacts(row.getString(1), row.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** The job's journal entries in execution order. */
    static List<JournalEntry> journal(Connection connection, String jobId) throws SQLException {
        List<JournalEntry> entries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT journal_id, plan_row_id, table_name, record_sys_id, action, before_image_source,
                       before_image_state, before_image_enc, after_fingerprint, pruned_at, executed_at
                FROM rez_restore.rollback_journal WHERE job_id = ? ORDER BY executed_at, journal_id""")) {
            statement.setString(1, jobId);
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String state = rows.getString("before_image_state");
                    String image = rows.getString("before_image_enc");
                    Timestamp pruned = rows.getTimestamp("pruned_at");
                    entries.add(new JournalEntry(rows.getString("journal_id"), rows.getString("plan_row_id"),
                            rows.getString("table_name"), rows.getString("record_sys_id"), rows.getString("action"),
                            "target".equals(rows.getString("before_image_source")),
                            Optional.ofNullable(state).map(TargetState::fromWire),
                            Optional.ofNullable(image).map(json -> (ObjectNode) Json.parse(json)),
                            Optional.ofNullable(rows.getString("after_fingerprint")),
                            Optional.ofNullable(pruned).map(Timestamp::toInstant),
                            rows.getTimestamp("executed_at").toInstant()));
                }
            }
        }
        return entries;
    }

    /** The {@code row_values} of some rows of a plan, by row id (rows the plan does not have are left out). */
    static Map<String, ObjectNode> rowValues(Connection connection, PlanKey plan, Collection<String> rowIds)
            throws SQLException {
        Map<String, ObjectNode> values = new HashMap<>();
        if (rowIds.isEmpty()) {
            return values;
        }
        try (PreparedStatement statement = connection.prepareStatement(PlanRowProbe.select("row_id, row_values"))) {
            PlanRowProbe.bind(statement, connection, plan, rowIds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JsonNode parsed = Json.parse(rows.getString(2));
                    if (parsed instanceof ObjectNode object) {
                        values.put(rows.getString(1), object);
                    }
                }
            }
        }
        return values;
    }

    /** A queued, running or paused undo job of {@code jobId} in the scope, if any. */
    static Optional<String> activeUndo(Connection connection, PlanKey scope, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT j.job_id FROM rez_restore.jobs j
                JOIN rez_restore.plans p ON p.tenant_id = j.tenant_id AND p.instance_id = j.instance_id
                    AND p.source = j.source AND p.plan_id = j.plan_id
                WHERE j.tenant_id = ? AND j.instance_id = ? AND j.source = ?
                  AND j.status IN ('queued', 'running', 'paused') AND p.plan -> 'rollback_of' ->> 'job_id' = ?
                ORDER BY j.enqueued_seq LIMIT 1""")) {
            statement.setString(1, scope.tenantId());
            statement.setString(2, scope.instanceId());
            statement.setString(3, scope.source());
            statement.setString(4, jobId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** The plan ids of the scope that start with {@code prefix} (to number generated undo plan ids). */
    static List<String> planIdsStartingWith(Connection connection, PlanKey scope, String prefix) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT plan_id FROM rez_restore.plans
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND starts_with(plan_id, ?)""")) {
            statement.setString(1, scope.tenantId());
            statement.setString(2, scope.instanceId());
            statement.setString(3, scope.source());
            statement.setString(4, prefix);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }
}
