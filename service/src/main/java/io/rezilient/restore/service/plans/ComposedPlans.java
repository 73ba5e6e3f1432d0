package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finalised plans the service composes itself rather than from a dry-run (an undo plan built from a rollback journal):
 * the same {@code plan_hash_input} contract, the same streaming hash and the same two tables as a dry-run that was
 * finalised, written on the caller's transaction so the plan and whatever uses it commit together.
 */
public final class ComposedPlans {
    private ComposedPlans() {
    }

    /**
     * The parsed {@code plan_hash_input} head (no rows, no media candidates).
     *
     * @throws io.rezilient.restore.service.http.ApiError 400 when a part breaks the contract
     */
    public static ObjectNode head(ObjectNode pit, ObjectNode scope, ObjectNode executionOptions,
                                  ObjectNode actionCounts) {
        return PlanHashInputs.head(pit, scope, executionOptions, actionCounts, JsonNodeFactory.instance.arrayNode());
    }

    /**
     * The {@code plan_hash} of {@code head} with {@code rows}, which must be in {@code row_id} order.
     *
     * @throws IllegalStateException when a row breaks the row contract
     */
    public static String planHash(ObjectNode head, List<DraftRow> rows) {
        return PlanHashInputs.hash(head, sink -> rows.forEach(sink));
    }

    /**
     * The {@code plan} object of a composed plan: as a dry-run's, with no conflicts and the approval placeholder,
     * plus {@code extra} fields (e.g. {@code rollback_of}).
     */
    public static ObjectNode planJson(String planId, String planHash, Instant generatedAt, ObjectNode head,
                                      ObjectNode extra) {
        ObjectNode plan = PlanRecords.plan(planId, planHash, generatedAt, head, JsonNodeFactory.instance.arrayNode(),
                false);
        plan.setAll(extra.deepCopy());
        return plan;
    }

    /** The gate of a plan with nothing left to decide and no freshness to wait for: executable, reason none. */
    public static ObjectNode executableGate() {
        return new Gate(Executability.EXECUTABLE, ReasonCode.NONE, Optional.empty(), 0, 0, 0, 0, 0).toJson();
    }

    /** The header of a composed plan, finalised now by {@code by}; no candidates, no watermarks. */
    public static PlanHeader finalizedHeader(String planHash, String requestFingerprint, String by, long rowCount,
                                             ObjectNode plan, ObjectNode head, Instant now) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return new PlanHeader(ReconciliationState.FINALIZED, planHash, requestFingerprint, by, Optional.of(by),
                rowCount, plan, head, executableGate(), json.arrayNode(), json.arrayNode(), json.arrayNode(), now, now,
                Optional.of(now));
    }

    /** Whether any plan (draft or finalised) has {@code key}. */
    public static boolean exists(Connection connection, PlanKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM rez_restore.plans WHERE"
                + " tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ?")) {
            PlanHeaderSql.setKey(statement, 1, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Writes a finalised plan: its rows, then its header (the rows' foreign key is checked at commit). The caller's
     * transaction commits or rolls back both.
     */
    public static void insert(Connection connection, PlanKey key, PlanHeader header, List<DraftRow> rows)
            throws SQLException {
        if (header.state() != ReconciliationState.FINALIZED) {
            throw new IllegalArgumentException("a composed plan is stored finalised, not " + header.state().wire());
        }
        if (header.rowCount() != rows.size()) {
            throw new IllegalArgumentException("plan " + key + " header counts " + header.rowCount() + " rows but "
                    + rows.size() + " were given");
        }
        PlanRowCopy copy = new PlanRowCopy(key);
        for (DraftRow row : rows) {
            copy.add(row);
            if (copy.pending() >= PostgresDraftWriter.BATCH_SIZE) {
                copy.flush(connection);
            }
        }
        copy.flush(connection);
        PlanHeaderSql.insert(connection, key, header);
    }
}
