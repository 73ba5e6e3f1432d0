package io.rezilient.restore.service.plans;

import java.sql.SQLException;

/**
 * Sorts SQL failures of the plan store: data the schema rejects is the caller's error
 * ({@link IllegalArgumentException}); anything else means the store is unavailable (503).
 */
final class PlanSqlErrors {
    private static final String UNIQUE_VIOLATION = "23505";

    private PlanSqlErrors() {
    }

    static RuntimeException translate(String what, SQLException e) {
        String state = e.getSQLState();
        if (UNIQUE_VIOLATION.equals(state)) {
            return new IllegalArgumentException(what + ": duplicate row_id: " + e.getMessage(), e);
        }
        // class 23 (integrity constraint) and 22 (data exception): the rows or header break a schema rule
        if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
            return new IllegalArgumentException(what + ": rejected by the schema: " + e.getMessage(), e);
        }
        return new PlanStoreUnavailableException(what + ": " + e.getMessage(), e);
    }
}
