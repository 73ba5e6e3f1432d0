package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/** Reads {@code rez_restore.plan_rows} (migration V5) as a stream. */
final class PlanRowsSql {
    /** Rows fetched per round trip: bounds memory at a few MB whatever the plan's size. */
    static final int FETCH_SIZE = 1000;

    private static final String SELECT_IN_ORDER = "SELECT row_id, table_name, record_sys_id, action,"
            + " precondition_hash, metadata, row_values, artifact_key, manifest_key, source_operation, winner_tuple"
            + " FROM rez_restore.plan_rows"
            + " WHERE tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ?"
            // row_id is COLLATE "C": byte order, served by the primary key's index
            + " ORDER BY row_id";

    private PlanRowsSql() {
    }

    /**
     * Streams a plan's rows in row_id order through a server-side cursor: pgjdbc only fetches in portions of
     * {@link #FETCH_SIZE} when autocommit is off, which the caller's transaction guarantees. The cursor reads the
     * rows as they were when it opened, so updates made while it runs are not seen twice or re-read.
     */
    static void stream(Connection connection, PlanKey key, Consumer<DraftRow> consumer) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("streaming plan rows needs a transaction (autocommit off)");
        }
        try (PreparedStatement statement = connection.prepareStatement(SELECT_IN_ORDER)) {
            statement.setFetchSize(FETCH_SIZE);
            PlanHeaderSql.setKey(statement, 1, key);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(draftRow(rows));
                }
            }
        }
    }

    private static DraftRow draftRow(ResultSet rows) throws SQLException {
        PlanRow row = new PlanRow(rows.getString("row_id"), rows.getString("table_name"),
                rows.getString("record_sys_id"), PlanRowAction.fromWire(rows.getString("action")),
                rows.getString("precondition_hash"), PlanHeaderSql.object(rows, "metadata"),
                PlanHeaderSql.object(rows, "row_values"));
        return new DraftRow(row, rows.getString("artifact_key"), rows.getString("manifest_key"),
                SourceOperation.fromWire(rows.getString("source_operation")),
                PitTuple.fromJson(PlanHeaderSql.json(rows, "winner_tuple")));
    }
}
