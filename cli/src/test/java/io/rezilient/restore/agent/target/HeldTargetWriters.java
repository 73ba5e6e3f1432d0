package io.rezilient.restore.agent.target;

import io.rezilient.restore.agent.crypto.BeforeImageSealer;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Test access to the writer's package-private {@link BeforeCommit} hook, so the cli's crash tests can stop a chunk
 * inside its target transaction (every write and the ledger entry done, nothing committed) without the hook
 * becoming production API. It lives in the writer's package on the test class path only.
 */
public final class HeldTargetWriters {
    /** Called with the chunk's transaction open, just before its commit. */
    @FunctionalInterface
    public interface Hook {
        void reached(Connection connection, String claimId) throws Exception;
    }

    private HeldTargetWriters() {
    }

    /** A {@link PostgresTargetWriter} for {@code schema} that calls {@code hook} before each chunk's commit. */
    public static PostgresTargetWriter withBeforeCommit(DataSource dataSource, String schema, BeforeImageSealer sealer,
                                                        Hook hook) {
        return new PostgresTargetWriter(dataSource, schema, sealer, (connection, claimId) -> {
            try {
                hook.reached(connection, claimId);
            } catch (java.sql.SQLException | RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the commit of claim " + claimId, e);
            } catch (Exception e) {
                throw new IllegalStateException("before-commit hook failed for claim " + claimId, e);
            }
        });
    }
}
