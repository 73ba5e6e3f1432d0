package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The SQL of pull-mode claims ({@code rez_restore.execution_claims}, service-spec §6.7, architecture §5 item 3). */
final class ClaimSql {
    private ClaimSql() {
    }

    /** A stored claim; {@code commitFingerprint} and {@code commitResponse} are set once it is committed. */
    record Claim(String claimId, String jobId, String planId, String planHash, Instant claimedAt, String claimedBy,
                 Instant expiresAt, int fromPosition, int toPosition, int nextChunkIndex, int nextRowIndex,
                 String status, Optional<String> commitFingerprint, Optional<ObjectNode> commitResponse) {
        Claim {
            Objects.requireNonNull(claimId, "claimId");
            Objects.requireNonNull(commitFingerprint, "commitFingerprint");
            Objects.requireNonNull(commitResponse, "commitResponse");
        }

        boolean isActive() {
            return "claimed".equals(status);
        }

        boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }

        int rowCount() {
            return toPosition - fromPosition;
        }
    }

    private static final String COLUMNS = """
            claim_id, job_id, plan_id, plan_hash, claimed_at, claimed_by, claim_expires_at, from_position, to_position,
            next_chunk_index, next_row_index, status, commit_fingerprint, commit_response""";

    /** The job's active claims, locked, in row order: one, or two when the second was pipelined (S71). */
    static List<Claim> active(Connection connection, String jobId) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM rez_restore.execution_claims WHERE job_id = ? AND status = 'claimed'"
                + " ORDER BY from_position FOR UPDATE")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claims.add(claim(rows));
                }
            }
        }
        return claims;
    }

    /** The claim, whichever job it belongs to; the caller compares the job. */
    static Optional<Claim> find(Connection connection, String claimId) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM rez_restore.execution_claims WHERE claim_id = ? FOR UPDATE",
                claimId);
    }

    /** The claim without locking it (a replay check outside a transaction). */
    static Optional<Claim> findStored(Connection connection, String claimId) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM rez_restore.execution_claims WHERE claim_id = ?", claimId);
    }

    private static Optional<Claim> one(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(claim(rows)) : Optional.empty();
            }
        }
    }

    private static Claim claim(ResultSet rows) throws SQLException {
        String response = rows.getString("commit_response");
        return new Claim(rows.getString("claim_id"), rows.getString("job_id"), rows.getString("plan_id"),
                rows.getString("plan_hash"), ExecutionSql.instant(rows, "claimed_at"), rows.getString("claimed_by"),
                ExecutionSql.instant(rows, "claim_expires_at"), rows.getInt("from_position"),
                rows.getInt("to_position"), rows.getInt("next_chunk_index"), rows.getInt("next_row_index"),
                rows.getString("status"), Optional.ofNullable(rows.getString("commit_fingerprint")),
                response == null ? Optional.empty() : Optional.of((ObjectNode) Json.parse(response)));
    }

    static void insert(Connection connection, Claim claim) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO rez_restore.execution_claims (claim_id, job_id, plan_id, plan_hash, claimed_at, claimed_by,
                    claim_expires_at, from_position, to_position, next_chunk_index, next_row_index, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'claimed')""")) {
            statement.setString(1, claim.claimId());
            statement.setString(2, claim.jobId());
            statement.setString(3, claim.planId());
            statement.setString(4, claim.planHash());
            statement.setObject(5, ExecutionSql.at(claim.claimedAt()));
            statement.setString(6, claim.claimedBy());
            statement.setObject(7, ExecutionSql.at(claim.expiresAt()));
            statement.setInt(8, claim.fromPosition());
            statement.setInt(9, claim.toPosition());
            statement.setInt(10, claim.nextChunkIndex());
            statement.setInt(11, claim.nextRowIndex());
            statement.executeUpdate();
        }
    }

    /** An expired claim gives way to a new one: its rows can be claimed again; a late commit of it is refused. */
    static void supersede(Connection connection, String claimId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE rez_restore.execution_claims SET status = 'superseded' WHERE claim_id = ? AND status = 'claimed'")) {
            statement.setString(1, claimId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("claim " + claimId + " was not active");
            }
        }
    }

    static void markCommitted(Connection connection, String claimId, String committedBy, Instant at,
                              String fingerprint, ObjectNode response) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE rez_restore.execution_claims SET status = 'committed', committed_at = ?, committed_by = ?,
                    commit_fingerprint = ?, commit_response = ?::jsonb
                WHERE claim_id = ? AND status = 'claimed'""")) {
            statement.setObject(1, ExecutionSql.at(at));
            statement.setString(2, committedBy);
            statement.setString(3, fingerprint);
            statement.setString(4, response.toString());
            statement.setString(5, claimId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("claim " + claimId + " was not active");
            }
        }
    }
}
