package io.rezilient.restore.service.queue;

import io.rezilient.restore.service.locks.JobRef;

import java.util.Objects;

/** One (tenant, instance, source): the unit in which lock keys live and in which the reconciler rebuilds. */
public record ScopeKey(String tenantId, String instanceId, String source) {
    /** The lock manager names a scope through a job; the reconciler locks the scope itself, not a job. */
    private static final String SCOPE_LOCK_HOLDER = "queue-reconcile";

    public ScopeKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
    }

    /** A reference carrying this scope, for {@code PostgresLockManager.lockScope}. */
    JobRef lockRef() {
        return new JobRef(SCOPE_LOCK_HOLDER, tenantId, instanceId, source);
    }

    /** A job of this scope as the lock manager names it. */
    JobRef job(String jobId) {
        return new JobRef(jobId, tenantId, instanceId, source);
    }
}
