package io.rezilient.restore.service.locks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.jobs.JobDriver;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs {@code lock_manager} vector steps against the real {@link PostgresLockManager}, each step in its own READ
 * COMMITTED transaction as the service's writer role, and reads the reference's {@code exportState()} shape back
 * from {@code lock_holds} / {@code lock_queue}. Our outcomes keep our own error wording; {@link #inReferenceWording}
 * maps the refusals that mean the same thing.
 */
final class LockVectorHarness {
    /**
     * Our jobs always have a source (S32); a request without one runs on this fixed source, and state entries on it
     * are shown without {@code source}, as the reference shows an absent one.
     */
    static final String ABSENT_SOURCE = "sn://absent-source.invalid";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INSERT_JOB = "INSERT INTO rez_restore.jobs (job_id, tenant_id, instance_id, source,"
            + " plan_id, plan_hash, status, status_reason_code, lock_scope_tables, required_capabilities, requested_by,"
            + " requested_at, approval, updated_at, started_at, enqueued_seq) VALUES (?, ?, ?, ?, 'plan-1',"
            + " repeat('a', 64), ?, ?, ?, '{restore_execute}', 'alice', ?, '{}', ?, ?, ?)";

    /** Refusals whose cause is the same in both implementations, ours on the left (regex), the reference's right. */
    private static final Map<Pattern, String> SAME_REFUSAL = Map.of(
            Pattern.compile("lock scope tables must name at least one table"),
            "lock request must include at least one table",
            // we refuse a waiting job too; the reference only a running one (S34), so this pair is only ever
            // compared in a case where the job runs
            Pattern.compile("job .+ already holds or waits for scope locks"),
            "job already holds running locks");

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource writer;
    private final DataSource owner;
    private final Clock clock = new SteppingClock();
    private final PostgresLockManager locks = new PostgresLockManager();
    /** Jobs are created and released as the job service does it (the status changes with the lock rows). */
    private final JobDriver jobs = new JobDriver(clock);

    /**
     * @param writer the service's writer role, which runs every step
     * @param owner  the database owner, which empties the tables between cases (events are append-only for the
     *               service roles)
     */
    LockVectorHarness(DataSource writer, DataSource owner) {
        this.writer = writer;
        this.owner = owner;
    }

    PostgresLockManager locks() {
        return locks;
    }

    /**
     * One step: {@code {result, state}}, or {@code {error, state}} when our manager refused it (an
     * {@link IllegalArgumentException} or {@link IllegalStateException}, our wording). Any other failure, and an op
     * we have no equivalent for, fails the test instead of becoming an outcome.
     */
    ObjectNode run(JsonNode step) throws SQLException {
        ObjectNode outcome = JSON.objectNode();
        try {
            outcome.set("result", inTransaction(c -> apply(c, step)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            outcome.put("error", e.getMessage());
        }
        outcome.set("state", state());
        return outcome;
    }

    /** {@link #run} for every step of {@code vectorCase}, from an empty database. */
    List<ObjectNode> runAll(LockVectors.Case vectorCase) throws SQLException {
        clear();
        List<ObjectNode> outcomes = new ArrayList<>();
        for (JsonNode step : vectorCase.steps()) {
            outcomes.add(run(step));
        }
        return outcomes;
    }

    /** {@code outcome} with our refusal text replaced by the reference's where {@link #SAME_REFUSAL} pairs them. */
    static ObjectNode inReferenceWording(ObjectNode outcome) {
        ObjectNode copy = outcome.deepCopy();
        if (copy.has("error")) {
            String ours = copy.get("error").asText();
            SAME_REFUSAL.forEach((pattern, reference) -> {
                if (pattern.matcher(ours).matches()) {
                    copy.put("error", reference);
                }
            });
        }
        return copy;
    }

    private JsonNode apply(Connection connection, JsonNode step) throws SQLException {
        String op = step.path("op").asText();
        return switch (op) {
            case "acquire" -> acquire(connection, step.get("request"));
            case "release" -> release(connection, step.get("job_id").asText());
            case "get_queue_position" -> {
                OptionalInt position = locks.queuePosition(connection, step.get("job_id").asText());
                yield position.isPresent() ? JSON.numberNode(position.getAsInt()) : JSON.nullNode();
            }
            case "get_blocking_locks" -> blocking(connection, step.get("request"));
            default -> throw new UnsupportedOperationException("op " + op + " has no equivalent in "
                    + "PostgresLockManager (S35)");
        };
    }

    /** The job service's creation: the lock decision first, then the job row in that state and its lock rows. */
    private JsonNode acquire(Connection connection, JsonNode request) throws SQLException {
        JobRef job = new JobRef(request.get("jobId").asText(), request.get("tenantId").asText(),
                request.get("instanceId").asText(), sourceOf(request));
        LockDecision decision = jobs.create(connection, job, strings(request.get("tables"))).decision();
        ObjectNode result = JSON.objectNode();
        if (decision instanceof LockDecision.Queued queued) {
            result.put("state", "queued").put("reasonCode", "queued_scope_lock");
            result.set("blockedTables", array(queued.blockers().tables()));
            result.put("queuePosition", queued.queuePosition());
        } else {
            result.put("state", "running").put("reasonCode", "none");
            result.set("blockedTables", JSON.arrayNode());
        }
        return result;
    }

    /**
     * The job service's completion (the job ends, its keys go, the jobs that can start start). {@code released}:
     * whether the job held keys before (our release does not report it, the rows do).
     */
    private JsonNode release(Connection connection, String jobId) throws SQLException {
        boolean held = exists(connection, "SELECT 1 FROM rez_restore.lock_holds WHERE job_id = ?", jobId);
        List<String> promoted = jobs.complete(connection, jobId);
        ArrayNode entries = JSON.arrayNode();
        for (String id : promoted) {
            entries.addObject().put("jobId", id).put("reasonCode", reasonCode(connection, id));
        }
        ObjectNode result = JSON.objectNode().put("released", held);
        result.set("promoted", entries);
        return result;
    }

    private JsonNode blocking(Connection connection, JsonNode request) throws SQLException {
        Blockers blockers = locks.blockingFor(connection, request.get("tenantId").asText(),
                request.get("instanceId").asText(), sourceOf(request), strings(request.get("tables")));
        ObjectNode result = JSON.objectNode();
        result.set("blockedTables", array(blockers.tables()));
        result.set("blockerJobIds", array(blockers.jobIds()));
        return result;
    }

    /**
     * The reference's {@code exportState()} read from the rows: running jobs in the order they started (our
     * counterpart of the reference's insertion order; jobs promoted together start in FIFO order), queued jobs in
     * FIFO order; tables in our canonical order.
     */
    ObjectNode state() throws SQLException {
        return inTransaction(c -> {
            ObjectNode state = JSON.objectNode();
            state.set("running_jobs", entries(c, """
                    SELECT h.job_id, h.tenant_id, h.instance_id, h.source, h.table_name, j.status_reason_code
                    FROM rez_restore.lock_holds h JOIN rez_restore.jobs j USING (job_id)
                    ORDER BY j.started_at, j.enqueued_seq, h.job_id, h.table_name"""));
            state.set("queued_jobs", entries(c, """
                    SELECT q.job_id, q.tenant_id, q.instance_id, q.source, q.table_name, j.status_reason_code
                    FROM rez_restore.lock_queue q JOIN rez_restore.jobs j USING (job_id)
                    ORDER BY q.seq, q.job_id, q.table_name"""));
            return state;
        });
    }

    private static ArrayNode entries(Connection connection, String sql) throws SQLException {
        Map<String, ObjectNode> byJob = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ObjectNode entry = byJob.computeIfAbsent(rows.getString("job_id"),
                        id -> JSON.objectNode().put("jobId", id));
                entry.put("tenantId", rows.getString("tenant_id")).put("instanceId", rows.getString("instance_id"));
                entry.withArrayProperty("tables").add(rows.getString("table_name"));
                entry.put("reasonCode", rows.getString("status_reason_code"));
                if (!ABSENT_SOURCE.equals(rows.getString("source"))) {
                    entry.put("source", rows.getString("source"));
                }
            }
        }
        ArrayNode entries = JSON.arrayNode();
        byJob.values().forEach(entries::add);
        return entries;
    }

    /**
     * Writes a reference {@code load_state} snapshot straight into the rows, the nearest thing we have to loading a
     * state (S35): running entries become running jobs holding their keys, queued entries queued jobs in order.
     */
    void writeStateAsRows(Connection connection, JsonNode snapshot) throws SQLException {
        for (JsonNode entry : snapshot.path("running_jobs")) {
            JobRef job = jobOf(entry);
            List<String> tables = LockKey.normalizeTables(strings(entry.get("tables")));
            long seq = LockSql.nextSeq(connection);
            insertJob(connection, job, tables, "running", "none", true, seq);
            LockSql.insertHolds(connection, job, tables, clock.instant());
        }
        for (JsonNode entry : snapshot.path("queued_jobs")) {
            JobRef job = jobOf(entry);
            List<String> tables = LockKey.normalizeTables(strings(entry.get("tables")));
            long seq = LockSql.nextSeq(connection);
            insertJob(connection, job, tables, "queued", "queued_scope_lock", false, seq);
            LockSql.insertQueueRows(connection, job, tables, seq, clock.instant());
        }
    }

    /** Every job, event and lock row, so each case starts from the reference's fresh manager. */
    void clear() throws SQLException {
        try (Connection connection = owner.getConnection()) {
            for (String table : List.of("audit_events", "job_events", "lock_queue", "lock_holds", "jobs")) {
                try (PreparedStatement statement = connection.prepareStatement("DELETE FROM rez_restore." + table)) {
                    statement.executeUpdate();
                }
            }
        }
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** A job row as a loaded snapshot describes it (S35: written straight, as no transition makes it). */
    private void insertJob(Connection connection, JobRef job, List<String> tables, String status, String reason,
                           boolean started, long seq) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_JOB)) {
            statement.setString(1, job.jobId());
            LockSql.bindScope(statement, 2, job.scope());
            statement.setString(5, status);
            statement.setString(6, reason);
            statement.setArray(7, connection.createArrayOf("text", tables.toArray()));
            statement.setObject(8, now.atOffset(ZoneOffset.UTC));
            statement.setObject(9, now.atOffset(ZoneOffset.UTC));
            statement.setObject(10, started ? now.atOffset(ZoneOffset.UTC) : null, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(11, seq, Types.BIGINT);
            statement.executeUpdate();
        }
    }

    private static String reasonCode(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status_reason_code FROM rez_restore.jobs WHERE job_id = ?")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString("status_reason_code");
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static JobRef jobOf(JsonNode entry) {
        return new JobRef(entry.get("jobId").asText(), entry.get("tenantId").asText(),
                entry.get("instanceId").asText(), sourceOf(entry));
    }

    /** Exactly as given (S32): only an absent source maps to {@link #ABSENT_SOURCE}; a blank one stays blank. */
    static String sourceOf(JsonNode request) {
        return request.has("source") ? request.get("source").asText() : ABSENT_SOURCE;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Each reading one second after the previous: start order is {@code started_at} order, ties impossible. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong seconds = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the stepping clock is UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.incrementAndGet());
        }
    }
}
