package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.run.ClaimExecutor;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.agent.target.TargetWriteException;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.service.config.PushTarget;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.execute.PushApplier;
import io.rezilient.restore.service.execute.PushTargetUnavailableException;

import java.time.Duration;

/**
 * The restore service's push mode through the restore agent's own code (architecture §7): a claim answer is applied
 * by {@link ClaimExecutor} — values opened with the tenant keyring, the rows applied to the PostgreSQL target as one
 * chunk with the claim recorded in the target's ledger, before-images sealed — exactly as {@code rez agent run} does
 * over HTTP. The service module cannot use the agent module, so the CLI puts the two together.
 */
final class AgentPushApplier implements PushApplier {
    /** Enough for a busy target; short enough that a target that went away answers 503 within seconds. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int POOL_MAX = 4;

    private final HikariDataSource pool;
    private final PostgresTargetWriter writer;
    private final ClaimExecutor executor;

    private AgentPushApplier(HikariDataSource pool, Keyring keys) {
        this.pool = pool;
        BeforeImageSealer sealer = new BeforeImageSealer(keys);
        this.writer = new PostgresTargetWriter(pool, sealer);
        // the sealer also opens the journal's before-images: push mode runs undo jobs too
        this.executor = new ClaimExecutor(writer, keys);
    }

    /**
     * Loads the keyring and connects to the target; an unreadable keyring or an unreachable target stops the start
     * like the service's own database does, naming the variable.
     *
     * @throws IllegalArgumentException when the keyring cannot be loaded
     * @throws IllegalStateException    when the target does not answer
     */
    static AgentPushApplier open(PushTarget target) {
        Keyring keys;
        try {
            keys = new KeyringFile(target.keyringFile()).load();
        } catch (KeyringException unreadable) {
            throw new IllegalArgumentException(ServiceEnv.KEYRING_FILE.name() + ": " + unreadable.getMessage(),
                    unreadable);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.target().jdbcUrl());
        config.setPoolName("rez-push-target");
        config.setMaximumPoolSize(POOL_MAX);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(1);
        try {
            return new AgentPushApplier(new HikariDataSource(config), keys);
        } catch (RuntimeException unreachable) {
            // Hikari's message may quote the URL, which can carry a password; ours never does
            throw new IllegalStateException("cannot connect to the push target " + target.target().redacted() + " ("
                    + ServiceEnv.EXECUTE_TARGET_JDBC_URL.name() + "): " + rootMessage(unreachable), unreachable);
        }
    }

    @Override
    public ObjectNode apply(String jobId, ObjectNode claimAnswer) {
        try {
            return executor.apply(jobId, claimAnswer).commit();
        } catch (TargetWriteException failed) {
            throw new PushTargetUnavailableException(failed.getMessage(), failed);
        }
    }

    @Override
    public void close() {
        writer.close();
        pool.close();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
