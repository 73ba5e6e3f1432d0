package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target-side ledger that makes applying a claim exactly-once: schema {@value #SCHEMA} in the target database,
 * written in the same transaction as the chunk's rows, so a claim is in the ledger if and only if its writes
 * committed.
 *
 * <ul>
 *   <li>{@code applied_claims}: one row per applied claim — job, plan hash, when, status ({@code applied} or
 *       {@code row_fallback}) and the rows that made it fall back.</li>
 *   <li>{@code applied_rows}: one row per row of the claim — its outcome, reason, message and conflict class as
 *       reported, its before-image (state, and the sealed image only: never plaintext), whether it was applied row
 *       by row, whether this claim wrote the target ({@code wrote_target}) and the record's fingerprint after the
 *       write ({@code after_fingerprint}). Indexed by (job, row) to find a row an earlier claim of the same job
 *       applied.</li>
 * </ul>
 */
final class ClaimLedger {
    static final String SCHEMA = "rez_agent";
    private static final String APPLIED = RowOutcome.APPLIED.wire();
    private static final String INDEX = "applied_rows_job_row";
    /** Added last (a ledger of an earlier agent lacks it): when it exists, so does everything else. */
    private static final String LAST_COLUMN = "after_fingerprint";
    private static final List<String> DDL = List.of(
            "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
            "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".applied_claims ("
                    + " claim_id TEXT PRIMARY KEY,"
                    + " job_id TEXT NOT NULL,"
                    + " plan_hash TEXT NOT NULL,"
                    + " applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),"
                    + " status TEXT NOT NULL CHECK (status IN ('applied', 'row_fallback')),"
                    + " fallback_trigger_row_ids TEXT[] NOT NULL DEFAULT '{}')",
            "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".applied_rows ("
                    + " claim_id TEXT NOT NULL REFERENCES " + SCHEMA + ".applied_claims (claim_id),"
                    + " row_id TEXT NOT NULL,"
                    + " row_index INTEGER NOT NULL,"
                    + " job_id TEXT NOT NULL,"
                    + " table_name TEXT NOT NULL,"
                    + " sys_id TEXT NOT NULL,"
                    + " row_attempt INTEGER NOT NULL,"
                    + " outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'skipped', 'failed')),"
                    + " reason_code TEXT NOT NULL,"
                    + " message TEXT,"
                    + " conflict_class TEXT,"
                    + " before_image_state TEXT NOT NULL CHECK (before_image_state IN ('exists', 'missing')),"
                    + " before_image_enc JSONB,"
                    + " used_row_fallback BOOLEAN NOT NULL,"
                    + " wrote_target BOOLEAN NOT NULL,"
                    + " PRIMARY KEY (claim_id, row_id),"
                    + " CHECK ((before_image_state = 'exists') = (before_image_enc IS NOT NULL)))",
            "CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + SCHEMA + ".applied_rows (job_id, row_id)",
            "ALTER TABLE " + SCHEMA + ".applied_rows ADD COLUMN IF NOT EXISTS " + LAST_COLUMN + " TEXT");

    private volatile boolean ready;

    /**
     * Creates the ledger on first use. {@code IF NOT EXISTS} alone is not safe when two agents start together (both
     * can pass the check and one then fails on the catalog's unique index), so creators take a lock first.
     */
    void ensure(Connection connection) throws SQLException {
        if (ready) {
            return;
        }
        // CREATE INDEX IF NOT EXISTS locks its table before it finds the index exists, which would make a new writer
        // wait for every open chunk transaction: look before creating anything
        if (exists(connection)) {
            ready = true;
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            ApplyLocks.takeLedgerDdl(connection);
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
            connection.commit();
            ready = true;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND EXISTS"
                + " (SELECT 1 FROM information_schema.columns WHERE table_schema = ? AND table_name = 'applied_rows'"
                + " AND column_name = ?)")) {
            statement.setString(1, SCHEMA + "." + INDEX);
            statement.setString(2, SCHEMA);
            statement.setString(3, LAST_COLUMN);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** The stored result of {@code claimId} (marked replayed), if the claim was applied. */
    Optional<ChunkResult> find(Connection connection, String claimId) throws SQLException {
        ChunkStatus status;
        List<String> triggers;
        try (PreparedStatement statement = connection.prepareStatement("SELECT status, fallback_trigger_row_ids FROM "
                + SCHEMA + ".applied_claims WHERE claim_id = ?")) {
            statement.setString(1, claimId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                status = ChunkStatus.fromWire(row.getString(1));
                triggers = Arrays.asList((String[]) row.getArray(2).getArray());
            }
        }
        List<RowResult> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT row_id, outcome, reason_code, message,"
                + " conflict_class, before_image_enc, used_row_fallback, after_fingerprint FROM " + SCHEMA
                + ".applied_rows"
                + " WHERE claim_id = ? ORDER BY row_index")) {
            statement.setString(1, claimId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new RowResult(row.getString(1), RowOutcome.fromWire(row.getString(2)),
                            ReasonCode.fromWire(row.getString(3)), Optional.ofNullable(row.getString(4)),
                            Optional.ofNullable(row.getString(5)).map(ConflictClass::fromWire),
                            image(row.getString(6)).map(BeforeImage::of).orElse(BeforeImage.absent()),
                            row.getBoolean(7), Optional.ofNullable(row.getString(8))));
                }
            }
        }
        return Optional.of(new ChunkResult(claimId, status, rows, triggers, true));
    }

    /**
     * For each of {@code rowIds}, the earliest other claim of job {@code jobId} that applied it. Call it with the
     * rows' locks held: then every claim that could have applied them has committed or not started.
     */
    Map<String, EarlierApply> earlierApplies(Connection connection, String jobId, String claimId,
                                             Collection<String> rowIds) throws SQLException {
        Map<String, EarlierApply> earlier = new HashMap<>();
        Array ids = connection.createArrayOf("text", rowIds.toArray());
        try (PreparedStatement statement = connection.prepareStatement("SELECT r.row_id, r.claim_id, c.plan_hash,"
                + " r.row_attempt, r.before_image_enc, r.after_fingerprint FROM " + probe("r.claim_id, r.row_attempt,"
                + " r.before_image_enc, r.after_fingerprint", "AND r.claim_id <> ?") + " JOIN " + SCHEMA
                + ".applied_claims c ON c.claim_id = r.claim_id ORDER BY c.applied_at, r.claim_id")) {
            statement.setArray(1, ids);
            statement.setString(2, jobId);
            statement.setString(3, APPLIED);
            statement.setString(4, claimId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    earlier.putIfAbsent(row.getString(1), new EarlierApply(row.getString(2), row.getString(3),
                            row.getInt(4), image(row.getString(5)), Optional.ofNullable(row.getString(6))));
                }
            }
        } finally {
            ids.free();
        }
        return earlier;
    }

    /** The rows among {@code rowIds} that some claim of job {@code jobId} applied. */
    Set<String> appliedRows(Connection connection, String jobId, Collection<String> rowIds) throws SQLException {
        Set<String> applied = new HashSet<>();
        Array ids = connection.createArrayOf("text", rowIds.toArray());
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT r.row_id FROM "
                + probe("", ""))) {
            statement.setArray(1, ids);
            statement.setString(2, jobId);
            statement.setString(3, APPLIED);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    applied.add(row.getString(1));
                }
            }
        } finally {
            ids.free();
        }
        return applied;
    }

    /**
     * The ledger rows of a job that applied the ids bound first, as {@code r(row_id, columns…)}; binds: the ids
     * (text[]), the job, {@value #APPLIED}, then what {@code condition} needs. One index probe per id: the
     * {@code OFFSET 0} keeps the planner from merging the lookup into one scan of every row the job has applied
     * filtered by the ids, which it prefers while the ledger's statistics lag behind a fast-growing job — and which
     * made each claim cost as much as the job had done so far (scripts/bench execute).
     */
    private static String probe(String columns, String condition) {
        return "unnest(CAST(? AS text[])) AS k(row_id) CROSS JOIN LATERAL (SELECT k.row_id"
                + (columns.isEmpty() ? "" : ", " + columns) + " FROM " + SCHEMA + ".applied_rows r"
                + " WHERE r.job_id = ? AND r.row_id = k.row_id AND r.outcome = ? " + condition + " OFFSET 0) r";
    }

    /** Records the claim and its rows; part of the chunk's transaction. */
    void record(Connection connection, ChunkRequest chunk, ChunkStatus status, List<String> triggers,
                List<LedgerRow> rows) throws SQLException {
        Array triggerArray = connection.createArrayOf("text", triggers.toArray());
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + SCHEMA + ".applied_claims"
                + " (claim_id, job_id, plan_hash, status, fallback_trigger_row_ids) VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, chunk.claimId());
            statement.setString(2, chunk.jobId());
            statement.setString(3, chunk.planHash());
            statement.setString(4, status.wire());
            statement.setArray(5, triggerArray);
            statement.executeUpdate();
        } finally {
            triggerArray.free();
        }
        // the rows go as one array per column into one statement: a claim's thousand rows bound as a thousand
        // tuples of parameters cost the target several multi-row statements to parse and plan
        int n = rows.size();
        Object[][] columns = new Object[14][n];
        for (int r = 0; r < n; r++) {
            LedgerRow row = rows.get(r);
            RowResult result = row.result();
            Object[] values = {result.rowId(), row.index(), row.row().table(), row.row().sysId(),
                    row.row().rowAttempt(), result.outcome().wire(), result.reasonCode().wire(),
                    result.message().orElse(null), result.conflictClass().map(ConflictClass::wire).orElse(null),
                    result.beforeImage().state().wire(), result.beforeImage().sealed().map(Json::write).orElse(null),
                    result.usedRowFallback(), row.wroteTarget(), result.afterFingerprint().orElse(null)};
            for (int c = 0; c < values.length; c++) {
                columns[c][r] = values[c];
            }
        }
        String[] types = {"text", "int4", "text", "text", "int4", "text", "text", "text", "text", "text", "text",
                "bool", "bool", "text"};
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + SCHEMA + ".applied_rows"
                + " (claim_id, job_id, row_id, row_index, table_name, sys_id, row_attempt, outcome, reason_code,"
                + " message, conflict_class, before_image_state, before_image_enc, used_row_fallback, wrote_target,"
                + " after_fingerprint) SELECT ?, ?, u.row_id, u.row_index, u.table_name, u.sys_id, u.row_attempt,"
                + " u.outcome, u.reason_code, u.message, u.conflict_class, u.state, CAST(u.enc AS jsonb),"
                + " u.fallback, u.wrote, u.after FROM unnest(CAST(? AS text[]), CAST(? AS int4[]),"
                + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int4[]), CAST(? AS text[]), CAST(? AS text[]),"
                + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bool[]),"
                + " CAST(? AS bool[]), CAST(? AS text[])) AS u(row_id, row_index, table_name, sys_id, row_attempt,"
                + " outcome, reason_code, message, conflict_class, state, enc, fallback, wrote, after)")) {
            statement.setString(1, chunk.claimId());
            statement.setString(2, chunk.jobId());
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 3, connection.createArrayOf(types[c], columns[c]));
            }
            statement.executeUpdate();
        }
    }

    private static Optional<ObjectNode> image(String json) {
        if (json == null) {
            return Optional.empty();
        }
        JsonNode node = Json.parse(json);
        if (!node.isObject()) {
            throw new IllegalStateException("the ledger holds a before-image that is not a JSON object");
        }
        return Optional.of((ObjectNode) node);
    }
}
