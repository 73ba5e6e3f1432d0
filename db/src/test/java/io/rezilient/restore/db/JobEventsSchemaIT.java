package io.rezilient.restore.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.UUID;

import static io.rezilient.restore.db.Jdbc.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

/** Migration V8: {@code rez_restore.job_events} and {@code audit_events}, their rules and append-only grants. */
class JobEventsSchemaIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String INSERT_JOB = "INSERT INTO rez_restore.jobs (job_id, tenant_id, instance_id, source,"
            + " plan_id, plan_hash, status, status_reason_code, lock_scope_tables, required_capabilities, requested_by,"
            + " requested_at, approval, updated_at) VALUES (?, 't', 'i', 's', 'p', repeat('a', 64), 'queued',"
            + " 'queued_scope_lock', '{incident}', '{restore_execute}', 'alice', now(), '{}', now())";
    private static final String EVENT = "INSERT INTO rez_restore.job_events (event_id, job_id, event_type, reason_code,"
            + " created_at, details, actor_type, actor_id) VALUES (?, ?, ?, ?, now(), ?::jsonb, ?, 'alice')";
    private static final String AUDIT = "INSERT INTO rez_restore.audit_events (service, event_id, occurred_at,"
            + " occurred_at_text, lifecycle, action, outcome, tenant_id, instance_id, source, plan_id, plan_hash,"
            + " job_id, reason_code) VALUES ('rrs', ?, now(), ?, ?, ?, 'started', ?, ?, ?, ?, ?, ?, ?)";
    private static final String TEXT = "2026-11-24T12:00:00.000Z";

    private static ServiceRoleDatabase db;
    private static DataSource owner;
    private static DataSource reader;
    private static DataSource writer;

    @BeforeAll
    static void createDatabaseAndLogins() {
        db = ServiceRoleDatabase.create("JobEventsSchemaIT");
        owner = db.owner();
        reader = db.reader();
        writer = db.writer();
    }

    @AfterAll
    static void dropDatabaseAndLogins() {
        db.close();
    }

    private static String newJob() throws SQLException {
        String jobId = "job_" + UUID.randomUUID();
        Jdbc.update(owner, INSERT_JOB, jobId);
        return jobId;
    }


    @Test
    void jobEventsNeedAKnownTypeAnObjectDetailAndAnExistingJob() throws SQLException {
        String jobId = newJob();

        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_1" + jobId, jobId, "job_created", "none", "{}",
                "user"))).isNull();
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_2" + jobId, jobId, "job_exploded", "none", "{}",
                "user"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_3" + jobId, jobId, "job_started", "None", "{}",
                "user"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_4" + jobId, jobId, "job_started", "none", "[]",
                "user"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_5" + jobId, jobId, "job_started", "none", "{}",
                "robot"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_6" + jobId, "job_nobody", "job_started", "none",
                "{}", "user"))).isEqualTo(FOREIGN_KEY_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, EVENT, "evt_1" + jobId, jobId, "job_started", "none", "{}",
                "user"))).as("event ids are unique").isEqualTo(UNIQUE_VIOLATION);
    }

    @Test
    void auditEventsKeepTheContractsFieldDependencies() throws SQLException {
        String jobId = newJob();
        String hash = "b".repeat(64);

        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e1" + jobId, TEXT, "execute", "started", "t", "i", "s",
                "p", hash, jobId, null))).isNull();
        // execute needs a job, plan needs a plan, source needs an instance, a hash needs its plan
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e2" + jobId, TEXT, "execute", "started", "t", "i", "s",
                "p", hash, null, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e3" + jobId, TEXT, "plan", "job_created", "t", "i",
                "s", null, null, jobId, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e4" + jobId, TEXT, "execute", "started", "t", null,
                "s", "p", hash, jobId, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e5" + jobId, TEXT, "execute", "started", "t", "i", "s",
                null, hash, jobId, null))).isEqualTo(CHECK_VIOLATION);
        // wire formats: snake_case action, canonical time text, reason none is omitted rather than stored
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e6" + jobId, TEXT, "execute", "Started", "t", "i",
                "s", "p", hash, jobId, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e7" + jobId, "2026-11-24 12:00:00", "execute",
                "started", "t", "i", "s", "p", hash, jobId, null))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e8" + jobId, TEXT, "execute", "started", "t", "i", "s",
                "p", hash, jobId, "none"))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(writer, AUDIT, "e9" + jobId, TEXT, "teleport", "started", "t", "i",
                "s", "p", hash, jobId, null))).isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void theServiceMayAppendButNeverRewriteAuditAndTheReadOnlyRoleSeesNothing() throws SQLException {
        String jobId = newJob();
        Jdbc.update(writer, EVENT, "evt_a" + jobId, jobId, "job_created", "none", "{}", "user");
        Jdbc.update(writer, AUDIT, "ea" + jobId, TEXT, "execute", "started", "t", "i", "s", "p", "c".repeat(64), jobId,
                null);

        assertThat(sqlState(() -> Jdbc.update(writer, "UPDATE rez_restore.job_events SET reason_code = 'x'"
                + " WHERE job_id = ?", jobId))).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(writer, "DELETE FROM rez_restore.audit_events WHERE job_id = ?",
                jobId))).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(reader, "SELECT 1 FROM rez_restore.job_events")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(sqlState(() -> Jdbc.update(reader, "SELECT 1 FROM rez_restore.audit_events")))
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }
}
