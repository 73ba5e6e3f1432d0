package io.rezilient.restore.service.plans;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * In-process admission for the plan writes (drafting and finalising), taken <em>before</em> any database
 * connection is borrowed.
 *
 * <p>A plan write holds its transaction's connection (with the plan key's advisory lock) while it borrows a second
 * one — the index stream while drafting, the watermark read in both. Without this gate, two things exhaust the
 * service's small connection pool and answer 503 after the pool's timeout:
 * <ul>
 *   <li>retries of one plan_id: each waits for the advisory lock <em>holding a pooled connection</em>, so a handful
 *       of them starve the holder of the connection it needs to finish;</li>
 *   <li>many different plans at once: each holds one connection and waits for a second.</li>
 * </ul>
 * Same-key writes therefore queue here on a lock (holding nothing), and at most {@code maxWriters} writes run at
 * once, so they need at most twice that many connections. The advisory lock still serialises writers of other
 * service instances.
 */
public final class PlanWriteGate {
    /** Stripes of the per-key lock: keys sharing a stripe merely queue behind each other. */
    private static final int STRIPES = 64;
    /** Connections kept free of plan writes for reads, the registry and readiness checks. */
    private static final int RESERVED_CONNECTIONS = 2;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Semaphore writers;

    /**
     * The gate for a pool of {@code poolSize} connections: two per write, after a reserve for everything else. The
     * planner and the finaliser must share one gate, since they write the same plans through the same pool.
     */
    public static PlanWriteGate forPool(int poolSize) {
        return new PlanWriteGate(Math.max(1, (poolSize - RESERVED_CONNECTIONS) / 2));
    }

    PlanWriteGate(int maxWriters) {
        if (maxWriters < 1) {
            throw new IllegalArgumentException("maxWriters must be >= 1");
        }
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
        this.writers = new Semaphore(maxWriters, true);
    }

    /** Runs {@code write} once no other write of {@code key} runs here and a writer slot is free. */
    <T> T run(PlanKey key, Supplier<T> write) {
        Objects.requireNonNull(write, "write");
        ReentrantLock stripe = stripes[Math.floorMod(Objects.requireNonNull(key, "key").hashCode(), STRIPES)];
        stripe.lock();
        try {
            writers.acquireUninterruptibly();
            try {
                return write.get();
            } finally {
                writers.release();
            }
        } finally {
            stripe.unlock();
        }
    }
}
