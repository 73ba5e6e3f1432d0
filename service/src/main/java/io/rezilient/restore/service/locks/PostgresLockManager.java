package io.rezilient.restore.service.locks;

import io.rezilient.restore.contracts.restore.ReasonCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Scope locks of restore jobs (service-spec §5.2) as rows of {@code rez_restore.lock_holds} and {@code lock_queue}
 * (migration V7). Every method works on the caller's open transaction, so the job transition that causes a lock
 * change (creation, completion, promotion) commits or rolls back together with it; the manager never commits.
 *
 * <p><b>Lock rows only.</b> The manager reads and writes lock rows and decides, with {@link ScopeQueue} (where the
 * head-of-line fairness rule lives), who may hold what. It never changes a job's row: a job's status, reason and
 * stamps change only through {@code io.rezilient.restore.service.jobs.JobStateMachine}, which the caller
 * ({@code JobTransitions}, the queue reconciler) invokes in the same transaction for every job whose rows moved.
 *
 * <p><b>Fairness</b> (a deliberate deviation from the reference, which checks newcomers only against running
 * holders and so lets a stream of narrow jobs starve a wide one): FIFO per key with head-of-line reservation, see
 * {@link ScopeQueue}. Consequently, for every key, jobs start holding it in the order in which they asked for it.
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
 * <p><b>Row-lock order</b>: a promotion updates the {@code jobs} rows of promoted jobs, so a caller must take the
 * scope lock ({@link #lockScope}, or a method that takes it) <em>before</em> it locks any job row of the scope;
 * otherwise two transactions can wait for each other (the job row held by one, the scope lock by the other).
 */
public final class PostgresLockManager {
    private static final String QUEUED_SCOPE_LOCK = ReasonCode.QUEUED_SCOPE_LOCK.wire();

    /**
     * Takes the scope's advisory lock for the rest of the caller's transaction; the changing methods take it
     * themselves, a caller needs this only to lock the scope before touching job rows (see the class comment).
     */
    public void lockScope(Connection connection, LockScope scope) throws SQLException {
        requireTransaction(connection);
        try (PreparedStatement statement =
                     connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            // a 64-bit hash of the scope: a collision only makes two unrelated scopes wait for each other
            statement.setString(1, scope.advisoryLockName());
            statement.execute();
        }
    }

    /**
     * The scope's lock rows as they are now (one statement, so one consistent view). Under the scope lock they
     * cannot change until the transaction ends; without it they are a snapshot, good for explaining a wait.
     */
    public ScopeQueue read(Connection connection, LockScope scope) throws SQLException {
        return LockSql.readScope(connection, scope);
    }

    /**
     * Decides where a new job asking for {@code tables} goes, writing nothing but the scope lock and a FIFO place:
     * it runs when nothing would block it, else it queues with its blockers and position. Admitting is a lock change
     * of the scope, so, like a release, it lets every waiter start that the rule lets start; in a consistent scope
     * that is only a job whose start a source-mapping check withheld (creation has just passed that check). The
     * decision assumes they start: the caller starts them (lock rows and status) in the same transaction. Then the
     * caller inserts the job row in the decided state and calls {@link #enter}.
     *
     * @throws IllegalArgumentException when no table remains after normalisation ({@link LockKey#normalizeTables})
     * @throws IllegalStateException    when the job already holds or waits for keys
     */
    public Admission admit(Connection connection, JobRef job, Collection<String> tables) throws SQLException {
        Objects.requireNonNull(job, "job");
        List<String> normalized = LockKey.normalizeTables(tables);
        lockScope(connection, job.scope());
        ScopeQueue queue = read(connection, job.scope());
        if (queue.involves(job.jobId())) {
            throw new IllegalStateException("job " + job.jobId() + " already holds or waits for scope locks");
        }
        long seq = LockSql.nextSeq(connection);
        ScopeQueue placed = queue.afterStarting(queue.startable())
                .withNewcomer(new ScopeQueue.Waiter(job.jobId(), normalized, QUEUED_SCOPE_LOCK));
        Blockers blockers = placed.blockers(job.jobId());
        LockDecision decision = blockers.isEmpty()
                ? new LockDecision.Running(normalized)
                : new LockDecision.Queued(normalized, blockers, placed.position(job.jobId()).orElseThrow());
        return new Admission(job, normalized, seq, decision, queue);
    }

    /**
     * Writes the admitted job's lock rows: it holds its tables from {@code now}, or waits for them at its FIFO
     * place. The job row must exist (the rows reference it with its scope).
     */
    public void enter(Connection connection, Admission admission, Instant now) throws SQLException {
        requireTransaction(connection);
        if (admission.runs()) {
            LockSql.insertHolds(connection, admission.job(), admission.tables(), now);
        } else {
            LockSql.insertQueueRows(connection, admission.job(), admission.tables(), admission.seq(), now);
        }
    }

    /**
     * Drops every key the job holds and its queue entry, and answers the scope as it is then: its
     * {@link ScopeQueue#startable()} waiters are the jobs the release lets start, which the caller starts
     * ({@link #grant} and their status) or holds back, in the same transaction. Unlike the reference, releasing a
     * queued job can let others start: with head-of-line reservation it may have been all that held a younger job
     * back.
     */
    public ScopeQueue release(Connection connection, JobRef job) throws SQLException {
        lockScope(connection, job.scope());
        LockSql.deleteJobRows(connection, job.jobId());
        return read(connection, job.scope());
    }

    /**
     * Waiters of the scope start holding their tables from {@code now} (their queue rows become hold rows, one
     * statement). The caller has the scope lock and passes only jobs {@link ScopeQueue#startable()} let start.
     *
     * @throws IllegalStateException when the rows moved are not exactly the waiters' tables (the rows changed under
     *                               the scope lock: a bug)
     */
    public void grant(Connection connection, LockScope scope, List<ScopeQueue.Waiter> waiters, Instant now)
            throws SQLException {
        requireTransaction(connection);
        if (waiters.isEmpty()) {
            return;
        }
        int expected = waiters.stream().mapToInt(waiter -> waiter.tables().size()).sum();
        int moved = LockSql.moveQueueRowsToHolds(connection, scope,
                waiters.stream().map(ScopeQueue.Waiter::jobId).toList(), now);
        if (moved != expected) {
            throw new IllegalStateException("lock queue changed under the scope lock: " + moved + " rows moved for "
                    + expected + " tables of " + waiters.stream().map(ScopeQueue.Waiter::jobId).toList());
        }
    }

    /**
     * The job's 1-based position in its scope's queue (per (tenant, instance, source), not global as in the
     * reference, because queues of different scopes never wait for each other); empty when it does not wait.
     */
    public OptionalInt queuePosition(Connection connection, String jobId) throws SQLException {
        var job = LockSql.scopeOf(connection, jobId);
        return job.isEmpty() ? OptionalInt.empty() : read(connection, job.get().scope()).position(jobId);
    }

    /** What a queued job waits for ({@link ScopeQueue#blockers}); {@link Blockers#none()} when it does not wait. */
    public Blockers blocking(Connection connection, String jobId) throws SQLException {
        var job = LockSql.scopeOf(connection, jobId);
        return job.isEmpty() ? Blockers.none() : read(connection, job.get().scope()).blockers(jobId);
    }

    /**
     * What would keep a job that is not yet created from running if it asked for {@code tables} of the scope now
     * ({@link ScopeQueue#blockersOfNewcomer}: held tables and tables any waiter wants, since every waiter is older
     * than a newcomer, S25). The reference's {@code getBlockingLocks} takes such a request rather than a job, and
     * the conformance vectors ask it. Read only, without the scope lock: a consistent snapshot that may be stale by
     * the time the job is created.
     *
     * @throws IllegalArgumentException when no table remains after normalisation, or a scope part is blank
     */
    public Blockers blockingFor(Connection connection, String tenantId, String instanceId, String source,
                                Collection<String> tables) throws SQLException {
        LockScope scope = new LockScope(tenantId, instanceId, source);
        List<String> normalized = LockKey.normalizeTables(tables);
        return read(connection, scope).blockersOfNewcomer(normalized);
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
