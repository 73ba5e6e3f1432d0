package io.rezilient.restore.db;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The rules the schema itself enforces, so that no code path (and no hand-written SQL) can store an index the
 * restore service would misread. Every test works in its own tenant, so tests share the database safely.
 */
class IndexSchemaConstraintsIT {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String NUMERIC_OUT_OF_RANGE = "22003";
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-02-16T12:00:00Z");

    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexSchemaConstraintsIT");
        ds = db.dataSource();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    // ---- index_events ------------------------------------------------------------------------------------------

    @Test
    void theIdempotencyKeyRejectsTheSameEventTwice() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        insert("index_events", event(tenant));

        assertThat(sqlState(() -> insert("index_events", event(tenant, "kafka_offset", new BigDecimal(99)))))
                .isEqualTo(UNIQUE_VIOLATION);
        assertThat(Jdbc.single(ds, "SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?", tenant))
                .isEqualTo(1L);
    }

    @Test
    void theSameEventIdInAnotherSourceOrGenerationIsAnotherEvent() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        generation(tenant, "gen-02", 2);
        generation(tenant, "sn://other", "gen-01", 1);
        insert("index_events", event(tenant));

        assertThatCode(() -> insert("index_events", event(tenant, "generation_id", "gen-02"))).doesNotThrowAnyException();
        assertThatCode(() -> insert("index_events", event(tenant, "source", "sn://other"))).doesNotThrowAnyException();
    }

    @Test
    void offsetsHoldValuesBeyondBigintExactlyAndRefuseNegativeOrOversizedOnes() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        BigInteger beyondUnsigned64 = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5));
        insert("index_events", event(tenant, "kafka_offset", new BigDecimal(beyondUnsigned64)));

        Object stored = Jdbc.single(ds, "SELECT kafka_offset FROM rez_restore_index.index_events WHERE tenant_id = ?", tenant);
        assertThat(((BigDecimal) stored).toBigIntegerExact()).isEqualTo(beyondUnsigned64);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "event_id", "evt-neg", "kafka_offset", new BigDecimal(-1)))))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events",
                event(tenant, "event_id", "evt-huge", "kafka_offset", new BigDecimal(BigInteger.TEN.pow(20))))))
                .as("beyond NUMERIC(20,0) fails loudly instead of rounding").isEqualTo(NUMERIC_OUT_OF_RANGE);
    }

    @Test
    void enumsAndValueRulesAreChecked() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "operation", "X")))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "artifact_kind", "video")))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "kafka_partition", -1)))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "sha256_plain", "ABC")))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "sys_updated_on", "2026-02-16T12:00:00Z"))))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "record_sys_id", "  ")))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "event_type", null)))).isEqualTo(NOT_NULL_VIOLATION);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "manifest_key", null)))).isEqualTo(NOT_NULL_VIOLATION);
    }

    @Test
    void anEventOfAnUnregisteredGenerationIsRefused() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        assertThat(sqlState(() -> insert("index_events", event(tenant, "generation_id", "gen-unknown"))))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
    }

    @Test
    void thePitLookupAndPartitionOffsetReadsAreServedByIndexes() throws Exception {
        String pitPlan = plan("""
                SELECT * FROM rez_restore_index.index_events
                WHERE tenant_id = 't' AND instance_id = 'i' AND source = 's'
                  AND table_name IN ('incident', 'problem') AND record_sys_id IN ('a', 'b')
                  AND event_time <= '2026-02-16T12:00:00Z'
                ORDER BY table_name, record_sys_id, event_time DESC""");
        assertThat(pitPlan).contains("index_events_pit_lookup");

        String offsetPlan = plan("""
                SELECT kafka_offset, max(event_time) FROM rez_restore_index.index_events
                WHERE tenant_id = 't' AND instance_id = 'i' AND source = 's' AND topic = 'rez.cdc' AND kafka_partition = 0
                  AND generation_id = 'g' AND kafka_offset > 10
                GROUP BY kafka_offset ORDER BY kafka_offset LIMIT 64""");
        assertThat(offsetPlan).contains("index_events_partition_offsets");
    }

    // ---- generations and watermarks -----------------------------------------------------------------------------

    @Test
    void aWatermarkNeverMovesToAnOlderGenerationEpoch() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        generation(tenant, "gen-02", 2);
        insert("partition_watermarks", watermark(tenant, "gen-02", 2, 10));

        String straggler = "UPDATE rez_restore_index.partition_watermarks SET generation_id = 'gen-01', generation_epoch = 1,"
                + " indexed_through_offset = 500 WHERE tenant_id = ?";
        SQLException refused = catchThrowableOfType(SQLException.class, () -> Jdbc.update(ds, straggler, tenant));
        assertThat((Throwable) refused).as("the straggler's update is refused").isNotNull();
        assertThat(refused.getSQLState()).isEqualTo(CHECK_VIOLATION);
        assertThat(refused.getMessage()).contains("cannot move from generation epoch 2 (gen-02) back to 1 (gen-01)");
    }

    @Test
    void withinOneGenerationTheFrontierFallsOnlyWithTheRangeStart() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 10), "indexed_from_offset",
                new BigDecimal(5), "highest_indexed_offset", new BigDecimal(20), "frontier_stalled_since", T0));
        String move = "UPDATE rez_restore_index.partition_watermarks SET indexed_through_offset = ? WHERE tenant_id = ?";

        assertThat(sqlState(() -> Jdbc.update(ds, move, new BigDecimal(9), tenant))).isEqualTo(CHECK_VIOLATION);
        assertThat(Jdbc.update(ds, move, new BigDecimal(10), tenant)).as("equal is allowed").isEqualTo(1);
        assertThat(Jdbc.update(ds, move, new BigDecimal(11), tenant)).isEqualTo(1);

        String lower = "UPDATE rez_restore_index.partition_watermarks SET indexed_from_offset = ?,"
                + " indexed_through_offset = ? WHERE tenant_id = ?";
        assertThat(Jdbc.update(ds, lower, new BigDecimal(2), new BigDecimal(3), tenant))
                .as("an earlier event across a hole restarts the range lower").isEqualTo(1);
        assertThat(sqlState(() -> Jdbc.update(ds, lower, new BigDecimal(4), new BigDecimal(11), tenant)))
                .as("the range start never rises").isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, "UPDATE rez_restore_index.partition_watermarks"
                + " SET highest_indexed_offset = 19 WHERE tenant_id = ?", tenant)))
                .as("the highest indexed offset never falls").isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void aWatermarkRangeIsOrderedAndAnOpenHoleHasItsStartTime() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 10),
                "indexed_from_offset", new BigDecimal(11))))).as("from above through").isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 10),
                "highest_indexed_offset", new BigDecimal(9))))).as("highest below through").isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 10),
                "highest_indexed_offset", new BigDecimal(12))))).as("a hole without its start time")
                .isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 10),
                "frontier_stalled_since", T0)))).as("a start time without a hole").isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void aWatermarkMustNameAnExistingGenerationWithItsOwnEpoch() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        generation(tenant, "gen-02", 2);
        assertThat(sqlState(() -> insert("partition_watermarks", watermark(tenant, "gen-01", 2, 10))))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks", watermark(tenant, "gen-09", 9, 10))))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
    }

    @Test
    void twoGenerationsOfAPartitionCannotShareAnEpoch() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        assertThat(sqlState(() -> generation(tenant, "gen-02", 1))).isEqualTo(UNIQUE_VIOLATION);
    }

    @Test
    void sourceIsPartOfTheWatermarkKey() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        generation(tenant, "sn://other", "gen-01", 1);
        insert("partition_watermarks", watermark(tenant, "gen-01", 1, 10));

        Map<String, Object> sameTopicOtherSource = watermark(tenant, "gen-01", 1, 3);
        sameTopicOtherSource.put("source", "sn://other");
        insert("partition_watermarks", sameTopicOtherSource);

        assertThat(Jdbc.column(ds, "SELECT indexed_through_offset FROM rez_restore_index.partition_watermarks "
                + "WHERE tenant_id = ? ORDER BY source", tenant)).containsExactly(new BigDecimal(10), new BigDecimal(3));
    }

    @Test
    void freshnessAndExecutabilityAreCheckedAndAgree() throws Exception {
        String tenant = newTenant();
        generation(tenant, "gen-01", 1);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 1), "freshness", "maybe"))))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks", with(watermark(tenant, "gen-01", 1, 1), "executability", "yes"))))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> insert("partition_watermarks",
                with(with(watermark(tenant, "gen-01", 1, 1), "freshness", "stale"), "executability", "executable"))))
                .as("stale is never executable").isEqualTo(CHECK_VIOLATION);
    }

    // ---- progress, leases, backfill, overrides, quarantine -----------------------------------------------------

    @Test
    void leaseFencingEpochsOnlyMoveForward() throws Exception {
        String scope = "scope-" + UUID.randomUUID();
        Jdbc.update(ds, "INSERT INTO rez_restore_index.source_leases (ingest_scope_id, holder_id, lease_expires_at, fencing_epoch)"
                + " VALUES (?, 'host-a:1', ?, 3)", scope, T0);
        String set = "UPDATE rez_restore_index.source_leases SET holder_id = ?, fencing_epoch = ? WHERE ingest_scope_id = ?";

        assertThat(Jdbc.update(ds, set, "host-b:2", 4, scope)).isEqualTo(1);
        assertThat(sqlState(() -> Jdbc.update(ds, set, "host-a:1", 3, scope))).isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void progressRejectsAStaleWriterAnotherSourceUriAndNegativeCounters() throws Exception {
        String scope = "scope-" + UUID.randomUUID();
        Jdbc.update(ds, "INSERT INTO rez_restore_index.source_progress (ingest_scope_id, source_uri, cursor, fencing_epoch)"
                + " VALUES (?, 's3://bucket/prefix', '{\"v\":3}', 5)", scope);

        assertThat(sqlState(() -> Jdbc.update(ds, "UPDATE rez_restore_index.source_progress SET cursor = 'x', fencing_epoch = 4"
                + " WHERE ingest_scope_id = ?", scope))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, "UPDATE rez_restore_index.source_progress SET source_uri = 's3://other'"
                + " WHERE ingest_scope_id = ?", scope))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, "UPDATE rez_restore_index.source_progress SET processed_count = -1"
                + " WHERE ingest_scope_id = ?", scope))).isEqualTo(CHECK_VIOLATION);
        assertThat(Jdbc.update(ds, "UPDATE rez_restore_index.source_progress SET processed_count = processed_count + 7,"
                + " last_indexed_offset = ?, fencing_epoch = 5 WHERE ingest_scope_id = ?",
                new BigDecimal(BigInteger.TWO.pow(63)), scope)).isEqualTo(1);
    }

    @Test
    void backfillBatchesBelongToARunAndReconcile() throws Exception {
        String run = "run-" + UUID.randomUUID();
        assertThat(sqlState(() -> batch(run, 1, 10, 6, 4, 0))).as("no such run").isEqualTo(FOREIGN_KEY_VIOLATION);
        backfillRun(run, "bootstrap", "running");

        batch(run, 1, 10, 6, 4, 0);
        assertThat(sqlState(() -> batch(run, 2, 10, 6, 3, 0))).as("6 + 3 + 0 != 10").isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> batch(run, 1, 1, 1, 0, 0))).as("batch 1 again").isEqualTo(UNIQUE_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, "DELETE FROM rez_restore_index.backfill_runs WHERE run_id = ?", run)))
                .as("the audit keeps its run").isEqualTo(FOREIGN_KEY_VIOLATION);
    }

    @Test
    void backfillRunsCheckModeStatusAndPauseReason() {
        assertThat(sqlState(() -> backfillRun("run-" + UUID.randomUUID(), "rewind", "running"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> backfillRun("run-" + UUID.randomUUID(), "gap_repair", "done"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> backfillRun("run-" + UUID.randomUUID(), "gap_repair", "paused")))
                .as("a pause needs a reason code").isEqualTo(CHECK_VIOLATION);
        assertThatCode(() -> backfillRun("run-" + UUID.randomUUID(), "history_extension", "running")).doesNotThrowAnyException();
    }

    @Test
    void onlyOneOverrideOfASettingIsActive() throws Exception {
        String scope = "scope-" + UUID.randomUUID();
        String insert = "INSERT INTO rez_restore_index.config_overrides (scope, config_key, config_value, config_version,"
                + " valid_from, valid_until, created_by, reason, status, ended_at) VALUES (?, 'batch_size', ?, ?, ?, ?, 'ops', 'gap repair', ?, ?)";
        Jdbc.update(ds, insert, scope, "500", 1, T0, T0.plusHours(1), "active", null);

        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "800", 2, T0, T0.plusHours(1), "active", null)))
                .isEqualTo(UNIQUE_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "800", 3, T0, T0.minusHours(1), "expired", T0)))
                .as("a window that ends before it starts").isEqualTo(CHECK_VIOLATION);
        assertThat(Jdbc.update(ds, insert, scope, "800", 4, T0, T0.plusHours(1), "rolled_back", T0)).isEqualTo(1);
    }

    @Test
    void aQuarantinedArtifactIsResolvedWithAResolutionOrNotAtAll() throws Exception {
        String scope = "scope-" + UUID.randomUUID();
        String insert = "INSERT INTO rez_restore_index.quarantined_artifacts (ingest_scope_id, manifest_key, reason_code, reason,"
                + " attempts, resolved_at, resolution) VALUES (?, ?, 'artifact_missing', 'GET returned 404', ?, ?, ?)";
        Jdbc.update(ds, insert, scope, "p/a.manifest.json", 1, null, null);

        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "p/a.manifest.json", 2, null, null))).isEqualTo(UNIQUE_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "p/b.manifest.json", 1, T0, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "p/c.manifest.json", 1, T0, "ignored"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, insert, scope, "p/d.manifest.json", 0, null, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(Jdbc.update(ds, insert, scope, "p/e.manifest.json", 3, T0, "skipped")).isEqualTo(1);
    }

    @Test
    void coverageKeepsItsWindowOrderedAndItsSpanAnObject() {
        String tenant = newTenant();
        String insert = "INSERT INTO rez_restore_index.source_coverage (tenant_id, instance_id, source, earliest_indexed_time,"
                + " latest_indexed_time, generation_span, measured_at) VALUES (?, 'sn-dev-01', ?, ?, ?, ?::jsonb, ?)";
        assertThat(sqlState(() -> Jdbc.update(ds, insert, tenant, "a", T0, T0.minusSeconds(1), "{}", T0))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(ds, insert, tenant, "b", T0, T0, "[]", T0))).isEqualTo(CHECK_VIOLATION);
        assertThatCode(() -> Jdbc.update(ds, insert, tenant, "c", T0, T0, "{\"rez.cdc:0\":\"gen-01\"}", T0)).doesNotThrowAnyException();
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------

    private static String newTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    private static void generation(String tenant, String generationId, int epoch) throws SQLException {
        generation(tenant, "sn://acme-dev.service-now.com", generationId, epoch);
    }

    private static void generation(String tenant, String source, String generationId, int epoch) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant_id", tenant);
        row.put("instance_id", "sn-dev-01");
        row.put("source", source);
        row.put("topic", "rez.cdc");
        row.put("kafka_partition", 0);
        row.put("generation_id", generationId);
        row.put("generation_epoch", epoch);
        row.put("generation_started_at", T0);
        insert("partition_generations", row);
    }

    /** A valid index_events row (indexer-spec §10 fixture defaults), with {@code overrides} as column/value pairs. */
    private static Map<String, Object> event(String tenant, Object... overrides) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant_id", tenant);
        row.put("instance_id", "sn-dev-01");
        row.put("source", "sn://acme-dev.service-now.com");
        row.put("table_name", "incident");
        row.put("record_sys_id", "rec-1");
        row.put("event_id", "evt-0001");
        row.put("event_type", "cdc.write");
        row.put("operation", "U");
        row.put("sys_updated_on", "2026-02-16 12:00:00");
        row.put("sys_mod_count", 3);
        row.put("event_time", T0);
        row.put("topic", "rez.cdc");
        row.put("kafka_partition", 0);
        row.put("kafka_offset", BigDecimal.ONE);
        row.put("sha256_plain", "a".repeat(64));
        row.put("artifact_key", "p/evt-0001.artifact.json");
        row.put("manifest_key", "p/evt-0001.manifest.json");
        row.put("artifact_kind", "cdc");
        row.put("generation_id", "gen-01");
        for (int i = 0; i < overrides.length; i += 2) {
            row.put((String) overrides[i], overrides[i + 1]);
        }
        return row;
    }

    private static Map<String, Object> watermark(String tenant, String generationId, int epoch, long offset) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant_id", tenant);
        row.put("instance_id", "sn-dev-01");
        row.put("source", "sn://acme-dev.service-now.com");
        row.put("topic", "rez.cdc");
        row.put("kafka_partition", 0);
        row.put("generation_id", generationId);
        row.put("generation_epoch", epoch);
        row.put("indexed_from_offset", new BigDecimal(offset));
        row.put("indexed_through_offset", new BigDecimal(offset));
        row.put("highest_indexed_offset", new BigDecimal(offset));
        row.put("highest_indexed_time", T0);
        row.put("indexed_through_time", T0);
        row.put("coverage_start", T0);
        row.put("coverage_end", T0);
        row.put("freshness", "fresh");
        row.put("executability", "executable");
        row.put("reason_code", "none");
        row.put("measured_at", T0);
        return row;
    }

    private static Map<String, Object> with(Map<String, Object> row, Object... columnsAndValues) {
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    private static void backfillRun(String runId, String mode, String status) throws SQLException {
        Jdbc.update(ds, "INSERT INTO rez_restore_index.backfill_runs (run_id, tenant_id, instance_id, source, mode, status,"
                + " throttle_batch_size, max_realtime_lag_seconds) VALUES (?, 'tenant-acme', 'sn-dev-01', 'sn://acme', ?, ?, 250, 180)",
                runId, mode, status);
    }

    private static void batch(String runId, int seq, int items, int inserted, int existing, int failed) throws SQLException {
        Jdbc.update(ds, "INSERT INTO rez_restore_index.backfill_batches (run_id, batch_seq, item_count, inserted_count,"
                + " existing_count, failed_count, cursor_advanced, actor, started_at, finished_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, true, 'backfill-controller', ?, ?)",
                runId, seq, items, inserted, existing, failed, T0, T0.plusSeconds(2));
    }

    private static void insert(String table, Map<String, Object> row) throws SQLException {
        String sql = "INSERT INTO rez_restore_index." + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + String.join(", ", row.keySet().stream().map(column -> "?").toList()) + ")";
        Jdbc.update(ds, sql, row.values().toArray());
    }

    private static String plan(String query) throws SQLException {
        try (Connection connection = ds.getConnection(); Statement statement = connection.createStatement()) {
            // on an almost empty table a sequential scan is cheapest; forbid it to see which index the planner can use
            statement.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The SQLSTATE the statement failed with, or null when it succeeded. */
    private static String sqlState(ThrowingCallable statement) {
        SQLException failure = catchThrowableOfType(SQLException.class, statement);
        return failure == null ? null : failure.getSQLState();
    }
}
