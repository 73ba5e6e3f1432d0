package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads and writes {@code rez_restore.plans} (migration V5). */
final class PlanHeaderSql {
    private static final String KEY = "tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ?";
    private static final String COLUMNS = "reconciliation_state, plan_hash, request_fingerprint, requested_by,"
            + " finalized_by, row_count, plan, plan_hash_input_head, gate, delete_candidates, media_candidates,"
            + " watermarks, created_at, updated_at, finalized_at";

    private PlanHeaderSql() {
    }

    /** The header, optionally locked {@code FOR UPDATE} until the transaction ends. */
    static Optional<PlanHeader> find(Connection connection, PlanKey key, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM rez_restore.plans WHERE " + KEY + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            setKey(statement, 1, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(header(row)) : Optional.empty();
            }
        }
    }

    /** The state, hash, scope tables and gate of a plan (see {@link PlanFacts}), read as a one-row projection. */
    static Optional<PlanFacts> findFacts(Connection connection, PlanKey key) throws SQLException {
        String sql = "SELECT reconciliation_state, plan_hash, plan -> 'scope' -> 'tables' AS scope_tables,"
                + " gate ->> 'executability' AS executability, gate ->> 'reason_code' AS gate_reason_code"
                + " FROM rez_restore.plans WHERE " + KEY;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            setKey(statement, 1, key);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                List<String> tables = new ArrayList<>();
                String scopeTables = row.getString("scope_tables");
                if (scopeTables != null) {
                    Json.parse(scopeTables).forEach(table -> tables.add(table.asText()));
                }
                return Optional.of(new PlanFacts(ReconciliationState.fromWire(row.getString("reconciliation_state")),
                        row.getString("plan_hash"), tables,
                        Objects.requireNonNullElse(row.getString("executability"), ""),
                        Objects.requireNonNullElse(row.getString("gate_reason_code"), "")));
            }
        }
    }

    static void insert(Connection connection, PlanKey key, PlanHeader header) throws SQLException {
        String sql = "INSERT INTO rez_restore.plans (tenant_id, instance_id, source, plan_id, " + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb,"
                + " ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            setKey(statement, 1, key);
            setHeader(statement, 5, header);
            statement.executeUpdate();
        }
    }

    /** Replaces every column of an existing header. */
    static void update(Connection connection, PlanKey key, PlanHeader header) throws SQLException {
        String sql = "UPDATE rez_restore.plans SET reconciliation_state = ?, plan_hash = ?, request_fingerprint = ?,"
                + " requested_by = ?, finalized_by = ?, row_count = ?, plan = ?::jsonb, plan_hash_input_head = ?::jsonb,"
                + " gate = ?::jsonb, delete_candidates = ?::jsonb, media_candidates = ?::jsonb,"
                + " watermarks = ?::jsonb, created_at = ?, updated_at = ?, finalized_at = ? WHERE " + KEY;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = setHeader(statement, 1, header);
            setKey(statement, next, key);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("plan " + key + " vanished while locked");
            }
        }
    }

    /** Binds the key from parameter {@code first}; returns the next parameter index. */
    static int setKey(PreparedStatement statement, int first, PlanKey key) throws SQLException {
        statement.setString(first, key.tenantId());
        statement.setString(first + 1, key.instanceId());
        statement.setString(first + 2, key.source());
        statement.setString(first + 3, key.planId());
        return first + 4;
    }

    private static int setHeader(PreparedStatement statement, int first, PlanHeader header) throws SQLException {
        int i = first;
        statement.setString(i++, header.state().wire());
        statement.setString(i++, header.planHash());
        statement.setString(i++, header.requestFingerprint());
        statement.setString(i++, header.requestedBy());
        statement.setString(i++, header.finalizedBy().orElse(null));
        statement.setLong(i++, header.rowCount());
        statement.setString(i++, Json.write(header.plan()));
        statement.setString(i++, Json.write(header.planHashInputHead()));
        statement.setString(i++, Json.write(header.gate()));
        statement.setString(i++, Json.write(header.deleteCandidates()));
        statement.setString(i++, Json.write(header.mediaCandidates()));
        statement.setString(i++, Json.write(header.watermarks()));
        statement.setObject(i++, utc(header.createdAt()));
        statement.setObject(i++, utc(header.updatedAt()));
        statement.setObject(i++, header.finalizedAt().map(PlanHeaderSql::utc).orElse(null));
        return i;
    }

    private static PlanHeader header(ResultSet row) throws SQLException {
        return new PlanHeader(ReconciliationState.fromWire(row.getString("reconciliation_state")),
                row.getString("plan_hash"), row.getString("request_fingerprint"), row.getString("requested_by"),
                Optional.ofNullable(row.getString("finalized_by")), row.getLong("row_count"),
                object(row, "plan"), object(row, "plan_hash_input_head"), object(row, "gate"),
                array(row, "delete_candidates"), array(row, "media_candidates"), array(row, "watermarks"),
                instant(row, "created_at"), instant(row, "updated_at"),
                Optional.ofNullable(row.getObject("finalized_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    /** A JSONB column the schema guarantees is an object. */
    static ObjectNode object(ResultSet row, String column) throws SQLException {
        return (ObjectNode) json(row, column);
    }

    private static ArrayNode array(ResultSet row, String column) throws SQLException {
        return (ArrayNode) json(row, column);
    }

    static JsonNode json(ResultSet row, String column) throws SQLException {
        return Json.parse(row.getString(column));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
