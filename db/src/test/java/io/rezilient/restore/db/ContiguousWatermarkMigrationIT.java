package io.rezilient.restore.db;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V9 turns the "highest offset seen" watermarks of earlier builds into contiguous ranges, from the events already
 * indexed, and makes the events earlier builds quarantined for arriving out of order due for retry at once.
 */
class ContiguousWatermarkMigrationIT {
    private static final Instant T0 = Instant.parse("2026-02-16T12:00:00Z");
    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void migrateToV8WithHoledDataThenToTheLatest() throws Exception {
        db = TestDatabases.create("ContiguousWatermarkMigrationIT");
        ds = db.dataSource();
        Flyway.configure(Migrations.class.getClassLoader())
                .configuration(Migrations.flyway(ds).getConfiguration()).target("8").load().migrate();

        Jdbc.update(ds, "INSERT INTO rez_restore_index.partition_generations (tenant_id, instance_id, source, topic,"
                + " kafka_partition, generation_id, generation_epoch, generation_started_at) VALUES"
                + " ('t', 'i', 's', 'rez.cdc', 0, 'g1', 1, ?), ('t', 'i', 's', 'rez.cdc', 1, 'g1', 1, ?)",
                ts(0), ts(0));
        // partition 0: offsets 3–5 and 7–8 (6 missing); partition 1: 0–2 complete; a straggler generation is ignored
        for (int offset : List.of(3, 4, 5, 7, 8)) {
            event(0, offset);
        }
        for (int offset : List.of(0, 1, 2)) {
            event(1, offset);
        }
        for (int partition = 0; partition <= 1; partition++) {
            Jdbc.update(ds, "INSERT INTO rez_restore_index.partition_watermarks (tenant_id, instance_id, source, topic,"
                    + " kafka_partition, generation_id, generation_epoch, indexed_through_offset, indexed_through_time,"
                    + " coverage_start, coverage_end, freshness, executability, reason_code, measured_at) VALUES"
                    + " ('t', 'i', 's', 'rez.cdc', ?, 'g1', 1, ?, ?, ?, ?, 'fresh', 'executable', 'none', ?)",
                    partition, new BigDecimal(partition == 0 ? 8 : 2), ts(partition == 0 ? 8 : 2),
                    ts(partition == 0 ? 3 : 0), ts(partition == 0 ? 8 : 2), ts(9));
        }
        Jdbc.update(ds, "INSERT INTO rez_restore_index.quarantined_artifacts (ingest_scope_id, manifest_key, reason_code,"
                + " reason, attempts, next_attempt_at) VALUES ('scope', 'k/6.manifest.json', 'watermark_invariant',"
                + " 'below the watermark', 5, NULL), ('scope', 'k/x.manifest.json', 'artifact_missing', '404', 5, NULL)");

        Migrations.migrate(ds);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static Timestamp ts(int seconds) {
        return Timestamp.from(T0.plusSeconds(seconds));
    }

    private static void event(int partition, int offset) throws Exception {
        Jdbc.update(ds, "INSERT INTO rez_restore_index.index_events (tenant_id, instance_id, source, event_id,"
                + " event_type, event_time, topic, kafka_partition, kafka_offset, artifact_key, manifest_key,"
                + " artifact_kind, generation_id) VALUES ('t', 'i', 's', ?, 'cdc.write', ?, 'rez.cdc', ?, ?, 'a', 'm',"
                + " 'cdc', 'g1')", "e-" + partition + "-" + offset, ts(offset), partition, new BigDecimal(offset));
    }

    private static Object column(int partition, String column) throws Exception {
        return Jdbc.single(ds, "SELECT " + column + " FROM rez_restore_index.partition_watermarks"
                + " WHERE kafka_partition = ?", partition);
    }

    @Test
    void aWatermarkAboveAHoleFallsBackToTheRunThatStartsAtItsLowestOffset() throws Exception {
        assertThat(column(0, "indexed_from_offset")).isEqualTo(new BigDecimal(3));
        assertThat(column(0, "indexed_through_offset")).isEqualTo(new BigDecimal(5));
        assertThat(((Timestamp) column(0, "indexed_through_time")).toInstant()).isEqualTo(T0.plusSeconds(5));
        assertThat(((Timestamp) column(0, "coverage_end")).toInstant()).isEqualTo(T0.plusSeconds(5));
        assertThat(column(0, "highest_indexed_offset")).isEqualTo(new BigDecimal(8));
        assertThat(((Timestamp) column(0, "highest_indexed_time")).toInstant()).isEqualTo(T0.plusSeconds(8));
        assertThat(column(0, "frontier_stalled_since")).isNotNull();
    }

    @Test
    void aCompleteWatermarkKeepsItsPosition() throws Exception {
        assertThat(column(1, "indexed_from_offset")).isEqualTo(new BigDecimal(0));
        assertThat(column(1, "indexed_through_offset")).isEqualTo(new BigDecimal(2));
        assertThat(column(1, "highest_indexed_offset")).isEqualTo(new BigDecimal(2));
        assertThat(column(1, "frontier_stalled_since")).isNull();
    }

    @Test
    void eventsQuarantinedForArrivingOutOfOrderAreDueAtOnceAndOthersKeepTheirSchedule() throws Exception {
        assertThat(Jdbc.single(ds, "SELECT next_attempt_at IS NOT NULL AND next_attempt_at <= now()"
                + " FROM rez_restore_index.quarantined_artifacts WHERE manifest_key = 'k/6.manifest.json'")).isEqualTo(true);
        assertThat(Jdbc.single(ds, "SELECT next_attempt_at FROM rez_restore_index.quarantined_artifacts"
                + " WHERE manifest_key = 'k/x.manifest.json'")).isNull();
    }
}
