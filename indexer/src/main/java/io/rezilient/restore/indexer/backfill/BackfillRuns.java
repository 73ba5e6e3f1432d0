package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.db.RestoreSchemas;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The backfill runs and their state changes ({@code backfill_runs}, {@code backfill_run_events}). Every change of a
 * run's status is one transaction: the row is locked, the change checked against where the run is, and the audit row
 * written with who asked and why.
 */
public final class BackfillRuns {
    static final String RUNS = RestoreSchemas.INDEX_SCHEMA + ".backfill_runs";
    static final String EVENTS = RestoreSchemas.INDEX_SCHEMA + ".backfill_run_events";
    static final String BATCHES = RestoreSchemas.INDEX_SCHEMA + ".backfill_batches";

    private static final String COLUMNS = "run_id, mode, tenant_id, instance_id, source, topic, kafka_partition, "
            + "range_start_offset::text AS first_offset, range_end_offset::text AS last_offset, status, "
            + "pause_reason_code, throttle_batch_size, max_realtime_lag_seconds, rows_processed, last_cursor, "
            + "started_at, updated_at, completed_at";

    /** A state change of a run, as audited. */
    public record Event(long seq, BackfillStatus from, BackfillStatus to, String reasonCode, String detail,
                        String actor, Instant at) {
    }

    private final DataSource dataSource;

    public BackfillRuns(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Records a new run, running, started by {@code actor}; refuses a run id already used. */
    public BackfillRun create(String runId, BackfillMode mode, BackfillWindow window, int batchSize,
                              int maxRealtimeLagSeconds, String actor) {
        requireId(runId);
        requireActor(actor);
        if (batchSize < 1 || maxRealtimeLagSeconds < 0) {
            throw new BackfillException("backfill_request_invalid", "batch size must be >= 1 and the lag bound >= 0");
        }
        return inTransaction(connection -> {
            if (lock(connection, runId).isPresent()) {
                throw new BackfillException("backfill_run_exists", "backfill run " + runId + " already exists");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + RUNS
                    + " (run_id, tenant_id, instance_id, source, topic, kafka_partition, mode, status,"
                    + " throttle_batch_size, max_realtime_lag_seconds, range_start_offset, range_end_offset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?::numeric, ?::numeric)")) {
                insert.setString(1, runId);
                insert.setString(2, window.tenantId());
                insert.setString(3, window.instanceId());
                insert.setString(4, window.source());
                insert.setString(5, window.topic());
                insert.setInt(6, window.partition());
                insert.setString(7, mode.wire());
                insert.setInt(8, batchSize);
                insert.setInt(9, maxRealtimeLagSeconds);
                insert.setString(10, window.firstOffset().toString());
                insert.setString(11, window.lastOffset().toString());
                insert.executeUpdate();
            }
            audit(connection, runId, null, BackfillStatus.RUNNING, "started", null, actor);
            return lock(connection, runId).orElseThrow();
        });
    }

    public Optional<BackfillRun> find(String runId) {
        return Transactions.read(dataSource, "read backfill run " + runId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + RUNS + " WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(run(row)) : Optional.empty();
                }
            }
        });
    }

    /** Every run, newest first. */
    public List<BackfillRun> list() {
        return Transactions.read(dataSource, "list backfill runs", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + RUNS + " ORDER BY started_at DESC, run_id");
                 ResultSet rows = select.executeQuery()) {
                List<BackfillRun> runs = new ArrayList<>();
                while (rows.next()) {
                    runs.add(run(rows));
                }
                return runs;
            }
        });
    }

    /** The run's state changes, oldest first. */
    public List<Event> events(String runId) {
        return Transactions.read(dataSource, "read the events of backfill run " + runId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT event_seq, from_status, to_status,"
                    + " reason_code, detail, actor, at FROM " + EVENTS + " WHERE run_id = ? ORDER BY event_seq")) {
                select.setString(1, runId);
                List<Event> events = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String from = rows.getString("from_status");
                        events.add(new Event(rows.getLong("event_seq"),
                                from == null ? null : BackfillStatus.parse(from),
                                BackfillStatus.parse(rows.getString("to_status")), rows.getString("reason_code"),
                                rows.getString("detail"), rows.getString("actor"),
                                rows.getTimestamp("at").toInstant()));
                    }
                }
                return events;
            }
        });
    }

    /** Events written (new or already indexed) and bytes read by the run's committed batches. */
    public Totals totals(String runId) {
        return Transactions.read(dataSource, "sum the batches of backfill run " + runId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(inserted_count"
                    + " + existing_count), 0), coalesce(sum(bytes_read), 0) FROM " + BATCHES + " WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Totals(row.getLong(1), row.getLong(2));
                }
            }
        });
    }

    /** What a run's committed batches add up to. */
    public record Totals(long events, long bytes) {
    }

    /**
     * Moves the run to {@code to} if it is in one of {@code from}; refused with {@code backfill_run_not_found} or
     * {@code backfill_run_state_conflict} otherwise. {@code reasonCode} is the pause reason when pausing.
     */
    public BackfillRun transition(String runId, Set<BackfillStatus> from, BackfillStatus to, String reasonCode,
                                  String detail, String actor) {
        requireActor(actor);
        return inTransaction(connection -> {
            BackfillRun run = lock(connection, runId).orElseThrow(() -> new BackfillException(
                    "backfill_run_not_found", "no backfill run " + runId));
            if (!from.contains(run.status())) {
                throw new BackfillException("backfill_run_state_conflict", "backfill run " + runId + " is "
                        + run.status().wire() + "; it cannot become " + to.wire());
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + RUNS + " SET status = ?,"
                    + " pause_reason_code = ?, updated_at = now(),"
                    + " completed_at = CASE WHEN ? THEN now() ELSE NULL END WHERE run_id = ?")) {
                update.setString(1, to.wire());
                update.setString(2, to == BackfillStatus.PAUSED ? reasonCode : "none");
                update.setBoolean(3, to == BackfillStatus.COMPLETED);
                update.setString(4, runId);
                update.executeUpdate();
            }
            audit(connection, runId, run.status(), to, reasonCode, detail, actor);
            return lock(connection, runId).orElseThrow();
        });
    }

    private static void audit(Connection connection, String runId, BackfillStatus from, BackfillStatus to,
                              String reasonCode, String detail, String actor) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + EVENTS
                + " (run_id, event_seq, from_status, to_status, reason_code, detail, actor)"
                + " SELECT ?, coalesce(max(event_seq), 0) + 1, ?, ?, ?, ?, ? FROM " + EVENTS + " WHERE run_id = ?")) {
            insert.setString(1, runId);
            insert.setString(2, from == null ? null : from.wire());
            insert.setString(3, to.wire());
            insert.setString(4, reasonCode);
            insert.setString(5, detail);
            insert.setString(6, actor);
            insert.setString(7, runId);
            insert.executeUpdate();
        }
    }

    private static Optional<BackfillRun> lock(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + RUNS + " WHERE run_id = ? FOR UPDATE")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(run(row)) : Optional.empty();
            }
        }
    }

    private static BackfillRun run(ResultSet row) throws SQLException {
        BackfillWindow window = new BackfillWindow(row.getString("tenant_id"), row.getString("instance_id"),
                row.getString("source"), row.getString("topic"), row.getInt("kafka_partition"),
                new BigInteger(row.getString("first_offset")), new BigInteger(row.getString("last_offset")));
        return new BackfillRun(row.getString("run_id"), BackfillMode.parse(row.getString("mode")), window,
                BackfillStatus.parse(row.getString("status")), row.getString("pause_reason_code"),
                row.getInt("throttle_batch_size"), row.getInt("max_realtime_lag_seconds"),
                row.getLong("rows_processed"), row.getString("last_cursor"), instant(row, "started_at"),
                instant(row, "updated_at"), instant(row, "completed_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static void requireId(String runId) {
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new BackfillException("backfill_request_invalid", "run id must be 1-100 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit; got '" + runId + "'");
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new BackfillException("backfill_request_invalid", "the operator (actor) must be named");
        }
    }

    private <T> T inTransaction(Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, "change a backfill run", work);
    }
}
