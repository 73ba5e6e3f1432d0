package io.rezilient.restore.service.locks;

import java.util.List;
import java.util.Objects;

/** Where {@link PostgresLockManager#admit} places a new job: it runs holding its keys, or waits in the queue. */
public sealed interface LockDecision {
    /** The normalised tables the job asked for (its {@code lock_scope_tables}). */
    List<String> tables();

    /** Every key was free and no older queued job wanted any of them: the job holds them all and is running. */
    record Running(List<String> tables) implements LockDecision {
        public Running {
            tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        }
    }

    /**
     * The job waits (status {@code queued}, reason {@code queued_scope_lock}); {@code queuePosition} is its
     * 1-based position at the time of the decision, as {@link ScopeQueue#position} defines it.
     */
    record Queued(List<String> tables, Blockers blockers, int queuePosition) implements LockDecision {
        public Queued {
            tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
            Objects.requireNonNull(blockers, "blockers");
            if (blockers.isEmpty()) {
                throw new IllegalArgumentException("a queued job waits for something");
            }
            if (queuePosition < 1) {
                throw new IllegalArgumentException("queuePosition is 1-based: " + queuePosition);
            }
        }
    }
}
