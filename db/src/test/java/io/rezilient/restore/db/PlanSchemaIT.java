package io.rezilient.restore.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;

import static io.rezilient.restore.db.Jdbc.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

/** Migration V5: {@code rez_restore.plans} and {@code plan_rows}, their rules and who may touch them. */
class PlanSchemaIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String HASH = "a".repeat(64);
    private static final String INSERT_HEADER = "INSERT INTO rez_restore.plans (tenant_id, instance_id, source, plan_id,"
            + " reconciliation_state, plan_hash, request_fingerprint, requested_by, finalized_by, row_count, plan,"
            + " plan_hash_input_head, gate, delete_candidates, media_candidates, watermarks, created_at, updated_at,"
            + " finalized_at) VALUES (?, 'i', 's', ?, ?, ?, ?, 'alice', ?, 0, ?::jsonb, ?::jsonb, '{}', '[]', '[]',"
            + " '[]', '2026-01-01T00:00:00Z', ?::timestamptz, ?::timestamptz)";
    private static final String INSERT_ROW = "INSERT INTO rez_restore.plan_rows (tenant_id, instance_id, source,"
            + " plan_id, row_id, table_name, record_sys_id, action, precondition_hash, metadata, row_values,"
            + " artifact_key, manifest_key, source_operation, winner_tuple)"
            + " VALUES (?, 'i', 's', ?, ?, 'incident', 'rec', ?, ?, '{}', ?::jsonb, 'a/k', 'm/k', ?, '{}')";

    private static ServiceRoleDatabase db;
    private static DataSource owner;
    private static DataSource reader;
    private static DataSource writer;

    @BeforeAll
    static void createDatabaseAndLogins() {
        db = ServiceRoleDatabase.create("PlanSchemaIT");
        owner = db.owner();
        reader = db.reader();
        writer = db.writer();
    }

    @AfterAll
    static void dropDatabaseAndLogins() {
        db.close();
    }

    private static String tenant() {
        return "tenant-" + UUID.randomUUID();
    }

    private static String header(DataSource as, String tenant, String planId, String state, String hash,
                                 String finalizedBy, String planHashInputHead, String updatedAt, String finalizedAt) {
        return sqlState(() -> Jdbc.update(as, INSERT_HEADER, tenant, planId, state, hash, HASH, finalizedBy, "{}",
                planHashInputHead, updatedAt, finalizedAt));
    }

    private static String draft(DataSource as, String tenant, String planId) {
        return header(as, tenant, planId, "draft", HASH, null, "{}", "2026-01-01T00:00:00Z", null);
    }

    private static String row(DataSource as, String tenant, String planId, String rowId, String action, String hash,
                              String values, String operation) {
        return sqlState(() -> Jdbc.update(as, INSERT_ROW, tenant, planId, rowId, action, hash, values, operation));
    }

    @Test
    void stateFinaliserAndTimesAgree() {
        String t = tenant();
        String at = "2026-01-02T00:00:00Z";
        assertThat(draft(owner, t, "p-draft")).isNull();
        assertThat(header(owner, t, "p-final", "finalized", HASH, "bob", "{}", at, at)).isNull();
        assertThat(header(owner, t, "p1", "finalised", HASH, null, "{}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p2", "draft", HASH, "bob", "{}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p3", "draft", HASH, null, "{}", at, at)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p4", "finalized", HASH, null, "{}", at, at)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p5", "finalized", HASH, "bob", "{}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p6", "draft", HASH, null, "{}", "2025-12-31T00:00:00Z", null))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p7", "finalized", HASH, "bob", "{}", at, "2025-12-31T00:00:00Z"))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(draft(owner, t, "p-draft")).isEqualTo(UNIQUE_VIOLATION);
    }

    @Test
    void hashesAreLowerCaseHexAndTheHashInputHeadCarriesNoRows() {
        String t = tenant();
        String at = "2026-01-01T00:00:00Z";
        assertThat(header(owner, t, "p1", "draft", "A".repeat(64), null, "{}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p2", "draft", "a".repeat(63), null, "{}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p3", "draft", HASH, null, "{\"rows\":[]}", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, "p4", "draft", HASH, null, "[]", at, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(header(owner, t, " ", "draft", HASH, null, "{}", at, null)).isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void rowsAreCheckedUniquePerPlanAndBelongToAPlan() throws Exception {
        String t = tenant();
        assertThat(draft(owner, t, "p")).isNull();
        assertThat(row(owner, t, "p", "row.1", "update", HASH, "{}", "U")).isNull();
        assertThat(row(owner, t, "p", "row.1", "insert", HASH, "{}", "I")).isEqualTo(UNIQUE_VIOLATION);
        assertThat(row(owner, t, "p", "row.2", "upsert", HASH, "{}", "U")).isEqualTo(CHECK_VIOLATION);
        assertThat(row(owner, t, "p", "row.3", "update", "B".repeat(64), "{}", "U")).isEqualTo(CHECK_VIOLATION);
        assertThat(row(owner, t, "p", "row.4", "update", HASH, "[]", "U")).isEqualTo(CHECK_VIOLATION);
        assertThat(row(owner, t, "p", "row.5", "update", HASH, "{}", "X")).isEqualTo(CHECK_VIOLATION);
        assertThat(row(owner, t, "p", "", "update", HASH, "{}", "U")).isEqualTo(CHECK_VIOLATION);
        // the foreign key is checked at commit (rows precede their header), so a row of no plan fails then
        assertThat(row(owner, t, "no-such-plan", "row.1", "update", HASH, "{}", "U")).isEqualTo(FOREIGN_KEY_VIOLATION);

        Jdbc.update(owner, "DELETE FROM rez_restore.plans WHERE tenant_id = ?", t);
        assertThat(Jdbc.single(owner, "SELECT count(*) FROM rez_restore.plan_rows WHERE tenant_id = ?", t))
                .isEqualTo(0L);
    }

    @Test
    void rowIdsOrderByteWise() throws Exception {
        String t = tenant();
        assertThat(draft(owner, t, "p")).isNull();
        for (String rowId : List.of("row.b", "row.B", "row.a", "row._", "row.Ä")) {
            assertThat(row(owner, t, "p", rowId, "update", HASH, "{}", "U")).isNull();
        }
        assertThat(Jdbc.column(owner, "SELECT row_id FROM rez_restore.plan_rows WHERE tenant_id = ? ORDER BY row_id", t))
                .containsExactly("row.B", "row._", "row.a", "row.b", "row.Ä");
    }

    @Test
    void theWriterRoleReadsAndWritesPlans() throws Exception {
        String t = tenant();
        assertThat(draft(writer, t, "p")).isNull();
        assertThat(row(writer, t, "p", "row.1", "update", HASH, "{}", "U")).isNull();
        assertThat(Jdbc.update(writer, "UPDATE rez_restore.plan_rows SET action = 'insert' WHERE tenant_id = ?", t))
                .isEqualTo(1);
        assertThat(Jdbc.single(writer, "SELECT count(*) FROM rez_restore.plans WHERE tenant_id = ?", t)).isEqualTo(1L);
        assertThat(Jdbc.update(writer, "DELETE FROM rez_restore.plans WHERE tenant_id = ?", t)).isEqualTo(1);
    }

    @Test
    void theReadOnlyRoleCannotSeePlans() {
        assertThat(sqlState(() -> Jdbc.column(reader, "SELECT * FROM rez_restore.plans"))).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.column(reader, "SELECT * FROM rez_restore.plan_rows")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(draft(reader, tenant(), "p")).isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

}
