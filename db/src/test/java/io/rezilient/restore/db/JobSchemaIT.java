package io.rezilient.restore.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static io.rezilient.restore.db.Jdbc.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

/** Migration V7: {@code rez_restore.jobs}, {@code lock_holds} and {@code lock_queue}, their rules and grants. */
class JobSchemaIT {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String REQUESTED = "2026-01-01T00:00:00Z";
    private static final String LATER = "2026-01-01T00:01:00Z";
    private static final String EARLIER = "2025-12-31T00:00:00Z";
    private static final String INSERT_JOB = "INSERT INTO rez_restore.jobs (job_id, tenant_id, instance_id, source,"
            + " plan_id, plan_hash, status, status_reason_code, lock_scope_tables, required_capabilities, requested_by,"
            + " requested_at, approval, started_at, completed_at, updated_at) VALUES (?, ?, 'i', 's', 'p', ?, ?, ?,"
            + " ?::text[], '{restore_execute}', 'alice', '" + REQUESTED + "', ?::jsonb, ?::timestamptz,"
            + " ?::timestamptz, ?::timestamptz)";
    private static final String HOLD = "INSERT INTO rez_restore.lock_holds (tenant_id, instance_id, source,"
            + " table_name, job_id, acquired_at) VALUES (?, 'i', ?, ?, ?, now())";
    private static final String QUEUE = "INSERT INTO rez_restore.lock_queue (job_id, table_name, tenant_id,"
            + " instance_id, source, seq, queued_at) VALUES (?, ?, ?, 'i', 's', ?, now())";

    private static ServiceRoleDatabase db;
    private static DataSource owner;
    private static DataSource reader;
    private static DataSource writer;

    @BeforeAll
    static void createDatabaseAndLogins() {
        db = ServiceRoleDatabase.create("JobSchemaIT");
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

    private static String job(DataSource as, String tenant, String jobId, String status, String reason,
                              String tables, String startedAt, String completedAt) {
        return job(as, tenant, jobId, status, reason, tables, "a".repeat(64), "{}", startedAt, completedAt, LATER);
    }

    private static String job(DataSource as, String tenant, String jobId, String status, String reason, String tables,
                              String hash, String approval, String startedAt, String completedAt, String updatedAt) {
        return sqlState(() -> Jdbc.update(as, INSERT_JOB, jobId, tenant, hash, status, reason, tables, approval,
                startedAt, completedAt, updatedAt));
    }

    private static String running(DataSource as, String tenant, String jobId) {
        return job(as, tenant, jobId, "running", "none", "{incident}", LATER, null);
    }

    @Test
    void statusReasonAndTimesAgree() {
        String t = tenant();
        assertThat(job(owner, t, "queued", "queued", "queued_scope_lock", "{incident}", null, null)).isNull();
        assertThat(running(owner, t, "running")).isNull();
        assertThat(job(owner, t, "paused", "paused", "paused_token_refresh_grace_exhausted", "{incident}", LATER, null))
                .isNull();
        assertThat(job(owner, t, "done", "completed", "none", "{incident}", LATER, LATER)).isNull();
        assertThat(job(owner, t, "cancelled-in-queue", "cancelled", "none", "{incident}", null, LATER)).isNull();

        assertThat(job(owner, t, "j1", "pending", "none", "{incident}", null, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j2", "queued", "none", "{incident}", null, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j3", "queued", "queued_scope_lock", "{incident}", LATER, null))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j4", "running", "none", "{incident}", null, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j5", "paused", "none", "{incident}", null, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j6", "completed", "none", "{incident}", LATER, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j7", "running", "none", "{incident}", LATER, LATER)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j8", "running", "None", "{incident}", LATER, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j9", "running", "", "{incident}", LATER, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j10", "running", "none", "{incident}", EARLIER, null)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j11", "failed", "none", "{incident}", LATER, EARLIER)).isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j12", "running", "none", "{incident}", "a".repeat(64), "{}", LATER, null, EARLIER))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(running(owner, t, "running")).isEqualTo(UNIQUE_VIOLATION);
    }

    /** V10: a queued job waits for its keys or for its source mapping (the check's refusal codes), nothing else. */
    @Test
    void aQueuedJobWaitsForItsKeysOrForItsSourceMapping() {
        String t = tenant();
        assertThat(job(owner, t, "unmapped", "queued", "blocked_unknown_source_mapping", "{incident}", null, null))
                .isNull();
        assertThat(job(owner, t, "outage", "queued", "blocked_auth_control_plane_outage", "{incident}", null, null))
                .isNull();

        assertThat(job(owner, t, "paused-reason", "queued", "paused_entitlement_disabled", "{incident}", null, null))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "failed-reason", "queued", "failed_internal_error", "{incident}", null, null))
                .isEqualTo(CHECK_VIOLATION);
        // only queued jobs are limited: an operator may cancel a job naming why (a mapping that is gone)
        assertThat(job(owner, t, "ended", "cancelled", "blocked_unknown_source_mapping", "{incident}", null, LATER))
                .isNull();
    }

    @Test
    void lockScopeTablesAreANonEmptyTrimmedSortedSet() {
        String t = tenant();
        assertThat(job(owner, t, "ok", "queued", "queued_scope_lock", "{incident,problem,task}", null, null)).isNull();
        // byte-wise order: upper case before lower case, as Java's String order has it
        assertThat(job(owner, t, "bytes", "queued", "queued_scope_lock", "{Zeta,alpha}", null, null)).isNull();
        for (String bad : new String[]{"{}", "{problem,incident}", "{incident,incident}", "{\" incident\"}",
                "{\"\"}", "{incident,NULL}", "{alpha,Zeta}"}) {
            assertThat(job(owner, t, "bad-" + UUID.randomUUID(), "queued", "queued_scope_lock", bad, null, null))
                    .as(bad).isEqualTo(CHECK_VIOLATION);
        }
    }

    @Test
    void hashAndApprovalAreChecked() {
        String t = tenant();
        assertThat(job(owner, t, "j1", "running", "none", "{incident}", "A".repeat(64), "{}", LATER, null, LATER))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, "j2", "running", "none", "{incident}", "a".repeat(64), "[]", LATER, null, LATER))
                .isEqualTo(CHECK_VIOLATION);
        assertThat(job(owner, t, " ", "running", "none", "{incident}", LATER, null)).isEqualTo(CHECK_VIOLATION);
    }

    @Test
    void aKeyHasOneHolderAndHoldsBelongToAJobOfTheSameScope() {
        String t = tenant();
        assertThat(running(owner, t, "a")).isNull();
        assertThat(running(owner, t, "b")).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, HOLD, t, "s", "incident", "a"))).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, HOLD, t, "s", "incident", "b"))).isEqualTo(UNIQUE_VIOLATION);
        // the same table on another source is another key, but job b belongs to source s
        assertThat(sqlState(() -> Jdbc.update(owner, HOLD, t, "s2", "incident", "b"))).isEqualTo(FOREIGN_KEY_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(owner, HOLD, t, "s", "problem", "no-such-job")))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(owner, HOLD, tenant(), "s", "problem", "b")))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
    }

    @Test
    void queueRowsAreOnePerJobAndTable() {
        String t = tenant();
        assertThat(job(owner, t, "q", "queued", "queued_scope_lock", "{incident,problem}", null, null)).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, QUEUE, "q", "incident", t, 1L))).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, QUEUE, "q", "problem", t, 1L))).isNull();
        assertThat(sqlState(() -> Jdbc.update(owner, QUEUE, "q", "problem", t, 1L))).isEqualTo(UNIQUE_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(owner, QUEUE, "q", "task", t, 0L))).isEqualTo(CHECK_VIOLATION);
        assertThat(sqlState(() -> Jdbc.update(owner, QUEUE, "q", "task", tenant(), 1L)))
                .isEqualTo(FOREIGN_KEY_VIOLATION);
    }

    @Test
    void theWriterRoleReadsAndWritesJobsLocksAndTheSequence() throws Exception {
        String t = tenant();
        assertThat(running(writer, t, "w")).isNull();
        assertThat(sqlState(() -> Jdbc.update(writer, HOLD, t, "s", "incident", "w"))).isNull();
        assertThat(Jdbc.update(writer, "UPDATE rez_restore.jobs SET enqueued_seq ="
                + " nextval('rez_restore.job_enqueue_seq') WHERE job_id = 'w'")).isEqualTo(1);
        assertThat(Jdbc.update(writer, "DELETE FROM rez_restore.lock_holds WHERE job_id = 'w'")).isEqualTo(1);
        assertThat(Jdbc.single(writer, "SELECT count(*) FROM rez_restore.jobs WHERE tenant_id = ?", t)).isEqualTo(1L);
    }

    @Test
    void theReadOnlyRoleCannotSeeJobsOrLocks() {
        for (String table : new String[]{"jobs", "lock_holds", "lock_queue"}) {
            assertThat(sqlState(() -> Jdbc.column(reader, "SELECT * FROM rez_restore." + table)))
                    .as(table).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
        assertThat(running(reader, tenant(), "r")).isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

}
