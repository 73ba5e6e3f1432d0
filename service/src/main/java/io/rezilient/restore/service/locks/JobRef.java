package io.rezilient.restore.service.locks;

/** A job as the lock manager sees it: its id and the (tenant, instance, source) scope its keys live in. */
public record JobRef(String jobId, String tenantId, String instanceId, String source) {
    public JobRef {
        LockKey.requireNonBlank(jobId, "jobId");
        LockKey.requireNonBlank(tenantId, "tenantId");
        LockKey.requireNonBlank(instanceId, "instanceId");
        LockKey.requireNonBlank(source, "source");
    }

    public LockScope scope() {
        return new LockScope(tenantId, instanceId, source);
    }
}
