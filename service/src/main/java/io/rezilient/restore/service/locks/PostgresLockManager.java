package io.rezilient.restore.service.locks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scope locks of restore jobs (service-spec §5.2) as rows of {@code rez_restore.lock_holds} and {@code lock_queue}
 * (migration V7). Every method works on the caller's open transaction, so the job transition that causes a lock
 * change (creation, completion, promotion) commits or rolls back together with it; the manager never commits.
 *
 * <p><b>Fairness</b> (a deliberate deviation from the reference, which checks newcomers only against running
 * holders and so lets a stream of narrow jobs starve a wide one): FIFO per key with head-of-line reservation. A job
 * runs only when none of its keys is held by another job <em>and</em> no older queued job waits for any of its keys;
 * otherwise it queues. Jobs with disjoint keys still run in parallel. Consequently, for every key, jobs start holding
 * it in the order in which they asked for it ({@code seq}).
 *
 * <p><b>Serialisation across replicas</b>: every lock change of a (tenant, instance, source) scope is made under
 * that scope's transaction-scoped advisory lock, held until the caller commits or rolls back. Keys of different
 * scopes never conflict and fairness never looks across scopes, so changes of one scope form a single serial
 * history, exactly as if one in-memory lock manager served the scope; different scopes proceed in parallel. One
 * lock per scope rather than one per key because promotion after a release must look at every queued job that
 * shares a key with any job ahead of it, a set that is only known once the queue has been read. Each call takes
 * exactly one advisory lock, so calls cannot deadlock on them; a transaction that changes jobs of several scopes
 * must order its calls by scope. Under READ COMMITTED each statement after the lock sees everything the previous
 * holder committed, which is why other isolation levels are refused. Independently of all this, the primary key of
 * {@code lock_holds} makes two holders of one key impossible.
 *
 * <p><b>Row-lock order</b>: promotion updates the {@code jobs} rows of promoted jobs, so a caller must call
 * {@link #lockScope} (or the changing method) <em>before</em> it locks any job row of the scope; otherwise two
 * transactions can wait for each other (the job row held by one, the scope lock by the other).
 */
public final class PostgresLockManager {
    private static final String QUEUED = "queued";
    private static final String RUNNING = "running";
    private static final String REASON_NONE = "none";
    private static final String REASON_QUEUED = "queued_scope_lock";

    private final Clock clock;

    public PostgresLockManager(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes the scope's advisory lock for the rest of the caller's transaction; the changing methods take it
     * themselves, a caller needs this only to lock the scope before touching job rows (see the class comment).
     */
    public void lockScope(Connection connection, JobRef job) throws SQLException {
        requireTransaction(connection);
        try (PreparedStatement statement =
                     connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            // a 64-bit hash of the scope: a collision only makes two unrelated scopes wait for each other
            statement.setString(1, job.scopeLockName());
            statement.execute();
        }
    }

    /**
     * Asks for {@code job}'s keys. The job row must exist, in the job's scope and not terminal; it is updated to
     * the decision: {@code running} (reason {@code none}, {@code started_at} now) holding every key, or
     * {@code queued} (reason {@code queued_scope_lock}) with one queue row per table. Either way the job gets the
     * next {@code enqueued_seq}, its place in the FIFO.
     *
     * @throws IllegalArgumentException when no table remains after normalisation ({@link LockKey#normalizeTables})
     * @throws IllegalStateException    when the job already holds or waits for keys, or its row is missing or
     *                                  terminal
     */
    public LockDecision acquire(Connection connection, JobRef job, Collection<String> tables) throws SQLException {
        return acquire(connection, job, tables, clock.instant());
    }

    /**
     * As {@link #acquire(Connection, JobRef, Collection)}, stamping the job's {@code started_at} (when it runs) and
     * {@code updated_at} with {@code now}, so a caller can render the job without reading it back.
     */
    public LockDecision acquire(Connection connection, JobRef job, Collection<String> tables, Instant now)
            throws SQLException {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(now, "now");
        List<String> normalized = LockKey.normalizeTables(tables);
        lockScope(connection, job);
        if (holdsOrWaits(connection, job.jobId())) {
            throw new IllegalStateException("job " + job.jobId() + " already holds or waits for scope locks");
        }
        long seq = LockSql.nextSeq(connection);
        Blockers blockers = blockersOf(connection, job, normalized, seq);
        // the job row first: it proves the job exists in this scope before any lock row refers to it
        if (blockers.isEmpty()) {
            updateAcquiringJob(connection, job, RUNNING, REASON_NONE, now, seq, now);
            LockSql.insertHolds(connection, job, normalized, now);
            return new LockDecision.Running(normalized);
        }
        updateAcquiringJob(connection, job, QUEUED, REASON_QUEUED, null, seq, now);
        LockSql.insertQueueRows(connection, job, normalized, seq, now);
        int position = queuePosition(connection, job.jobId())
                .orElseThrow(() -> new IllegalStateException("job " + job.jobId() + " vanished from the queue"));
        return new LockDecision.Queued(normalized, blockers, position);
    }

    /**
     * Drops every key {@code jobId} holds and its queue entry, then promotes, in FIFO order, every queued job of
     * the scope that can now run: all its keys free and no older, still queued job waiting for any of them.
     * Promoted jobs hold their keys and become {@code running} (reason {@code none}, {@code started_at} now).
     * The released job's own status is the caller's to change, in the same transaction. Unlike the reference,
     * releasing a queued job also promotes: with head-of-line reservation it may have been all that held a
     * younger job back.
     *
     * @return the promoted job ids in the order they were promoted (FIFO); empty when nothing could start
     * @throws IllegalArgumentException when there is no such job
     */
    public List<String> release(Connection connection, String jobId) throws SQLException {
        requireTransaction(connection);
        JobRef job = LockSql.findJob(connection, jobId)
                .orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        lockScope(connection, job);
        LockSql.deleteJobRows(connection, "lock_holds", jobId);
        LockSql.deleteJobRows(connection, "lock_queue", jobId);
        return promote(connection, job);
    }

    /**
     * The job's 1-based position in its scope's queue: the number of jobs of the same (tenant, instance, source)
     * that are queued with a {@code seq} up to its own. Computed from the current rows, so it moves up as jobs
     * ahead of it leave; empty when the job is not queued. Per scope, not global (the reference counts one global
     * queue), because queues of different scopes never wait for each other.
     */
    public OptionalInt queuePosition(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH mine AS (SELECT DISTINCT tenant_id, instance_id, source, seq
                              FROM rez_restore.lock_queue WHERE job_id = ?)
                SELECT count(DISTINCT q.job_id) FROM rez_restore.lock_queue q
                JOIN mine m ON q.tenant_id = m.tenant_id AND q.instance_id = m.instance_id
                           AND q.source = m.source AND q.seq <= m.seq""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                int position = rows.getInt(1);
                return position == 0 ? OptionalInt.empty() : OptionalInt.of(position);
            }
        }
    }

    /**
     * What a queued job waits for: its tables held by other jobs or wanted by older queued jobs, and those jobs
     * (one statement, so one consistent view). {@link Blockers#none()} when the job is not queued.
     */
    public Blockers blocking(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH mine AS (SELECT tenant_id, instance_id, source, table_name, seq
                              FROM rez_restore.lock_queue WHERE job_id = ?)
                SELECT h.table_name, h.job_id FROM rez_restore.lock_holds h
                JOIN mine m USING (tenant_id, instance_id, source, table_name)
                UNION
                SELECT q.table_name, q.job_id FROM rez_restore.lock_queue q
                JOIN mine m USING (tenant_id, instance_id, source, table_name)
                WHERE q.seq < m.seq""")) {
            statement.setString(1, jobId);
            return readBlockers(statement);
        }
    }

    /**
     * What would keep a job that is not yet created from running if it asked for {@code tables} of the scope now:
     * those tables held by a job or wanted by a queued job (every queued job is older than a newcomer, S25), and
     * those jobs. The reference's {@code getBlockingLocks} takes such a request rather than a job, and the
     * conformance vectors ask it; {@link #blocking} answers the same question for a job that is already queued.
     * Read only: one statement, no scope lock, so it is a consistent snapshot that may be stale by the time the
     * job is created.
     *
     * @throws IllegalArgumentException when no table remains after normalisation, or a scope part is blank
     */
    public Blockers blockingFor(Connection connection, String tenantId, String instanceId, String source,
                                Collection<String> tables) throws SQLException {
        LockKey.requireNonBlank(tenantId, "tenantId");
        LockKey.requireNonBlank(instanceId, "instanceId");
        LockKey.requireNonBlank(source, "source");
        List<String> normalized = LockKey.normalizeTables(tables);
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name, job_id FROM rez_restore.lock_holds
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND table_name = ANY (?)
                UNION
                SELECT table_name, job_id FROM rez_restore.lock_queue
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND table_name = ANY (?)""")) {
            Array names = connection.createArrayOf("text", normalized.toArray());
            for (int first : new int[]{1, 5}) {
                statement.setString(first, tenantId);
                statement.setString(first + 1, instanceId);
                statement.setString(first + 2, source);
                statement.setArray(first + 3, names);
            }
            return readBlockers(statement);
        }
    }

    private static Blockers blockersOf(Connection connection, JobRef job, List<String> tables, long seq)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name, job_id FROM rez_restore.lock_holds
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND table_name = ANY (?) AND job_id <> ?
                UNION
                SELECT table_name, job_id FROM rez_restore.lock_queue
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND table_name = ANY (?) AND seq < ?""")) {
            Array names = connection.createArrayOf("text", tables.toArray());
            int i = LockSql.bindScope(statement, 1, job);
            statement.setArray(i++, names);
            statement.setString(i++, job.jobId());
            i = LockSql.bindScope(statement, i, job);
            statement.setArray(i++, names);
            statement.setLong(i, seq);
            return readBlockers(statement);
        }
    }

    private static Blockers readBlockers(PreparedStatement statement) throws SQLException {
        Set<String> tables = new TreeSet<>();
        Set<String> jobIds = new TreeSet<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
                jobIds.add(rows.getString(2));
            }
        }
        return new Blockers(List.copyOf(tables), List.copyOf(jobIds));
    }

    /**
     * One pass over the scope's queue in FIFO order suffices: a job may start when its tables avoid both the held
     * keys and every key of an older queued job; whatever happens to a younger job cannot free a key for an older
     * one, so no second pass could promote more.
     */
    private List<String> promote(Connection connection, JobRef scope) throws SQLException {
        Map<String, List<String>> queue = LockSql.queueInFifoOrder(connection, scope);
        if (queue.isEmpty()) {
            return List.of();
        }
        Set<String> unavailable = new HashSet<>(LockSql.heldTables(connection, scope));
        List<String> promoted = new ArrayList<>();
        for (Map.Entry<String, List<String>> queued : queue.entrySet()) {
            if (Collections.disjoint(queued.getValue(), unavailable)) {
                promoted.add(queued.getKey());
            }
            // held from now on if promoted, reserved for this older job if not
            unavailable.addAll(queued.getValue());
        }
        if (promoted.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        for (String jobId : promoted) {
            JobRef job = new JobRef(jobId, scope.tenantId(), scope.instanceId(), scope.source());
            LockSql.deleteJobRows(connection, "lock_queue", jobId);
            LockSql.insertHolds(connection, job, queue.get(jobId), now);
        }
        int started = LockSql.startQueuedJobs(connection, promoted, now);
        if (started != promoted.size()) {
            throw new IllegalStateException("lock queue and jobs disagree: " + promoted.size()
                    + " queue entries promoted but " + started + " jobs were queued: " + promoted);
        }
        return List.copyOf(promoted);
    }

    private static boolean holdsOrWaits(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM rez_restore.lock_holds WHERE job_id = ?)
                    OR EXISTS (SELECT 1 FROM rez_restore.lock_queue WHERE job_id = ?)""")) {
            statement.setString(1, jobId);
            statement.setString(2, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static void updateAcquiringJob(Connection connection, JobRef job, String status, String reason,
                                           Instant startedAt, long seq, Instant now) throws SQLException {
        int updated = LockSql.updateAcquiringJob(connection, job, status, reason, startedAt, seq, now);
        if (updated != 1) {
            throw new IllegalStateException("job " + job.jobId() + " is not a non-terminal job of scope "
                    + job.tenantId() + "/" + job.instanceId() + "/" + job.source());
        }
    }

    /**
     * The advisory lock lives until the transaction ends, so without one it would end at once; and only under
     * READ COMMITTED does each statement after the lock see what the previous holder committed.
     */
    private static void requireTransaction(Connection connection) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("lock changes need an open transaction (autocommit is on)");
        }
        if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            throw new IllegalStateException("lock changes need READ COMMITTED isolation");
        }
    }
}
