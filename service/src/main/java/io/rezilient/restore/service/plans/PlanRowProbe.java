package io.rezilient.restore.service.plans;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Reads chosen rows of one plan by their ids: one primary-key probe per id. The {@code LATERAL … LIMIT 1} keeps the
 * planner from flattening the lookup into a scan of every row of the plan filtered by the ids, which it chooses (with
 * {@code row_id = ANY (…)} as well) while the table's statistics predate a freshly written plan — that made each
 * claim and commit of an execution cost as much as its plan is long (scripts/bench execute).
 */
public final class PlanRowProbe {
    private PlanRowProbe() {
    }

    /** The statement selecting {@code columns} of {@code plan_rows}; bind it with {@link #bind}. */
    public static String select(String columns) {
        return "SELECT p.* FROM unnest(CAST(? AS text[])) AS k(row_id) CROSS JOIN LATERAL (SELECT " + columns
                + " FROM rez_restore.plan_rows WHERE tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ?"
                + " AND row_id = k.row_id LIMIT 1) p";
    }

    public static void bind(PreparedStatement statement, Connection connection, PlanKey plan,
                            Collection<String> rowIds)
            throws SQLException {
        statement.setArray(1, connection.createArrayOf("text", rowIds.toArray()));
        statement.setString(2, plan.tenantId());
        statement.setString(3, plan.instanceId());
        statement.setString(4, plan.source());
        statement.setString(5, plan.planId());
    }
}
