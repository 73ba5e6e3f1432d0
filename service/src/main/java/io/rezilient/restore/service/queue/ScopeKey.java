package io.rezilient.restore.service.queue;

import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.locks.JobRef;
import io.rezilient.restore.service.locks.LockScope;

import java.util.Objects;

/** One (tenant, instance, source): the unit in which lock keys live and in which the reconciler rebuilds. */
public record ScopeKey(String tenantId, String instanceId, String source) {
    public ScopeKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
    }

    /** The scope as the lock manager names it. */
    LockScope lockScope() {
        return new LockScope(tenantId, instanceId, source);
    }

    /** The scope as the source registry is asked about it. */
    ResourceScope resourceScope() {
        return new ResourceScope(tenantId, instanceId, source);
    }

    /** A job of this scope as the lock manager names it. */
    JobRef job(String jobId) {
        return new JobRef(jobId, tenantId, instanceId, source);
    }
}
