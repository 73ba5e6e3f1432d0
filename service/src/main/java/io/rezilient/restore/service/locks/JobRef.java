package io.rezilient.restore.service.locks;

/** A job as the lock manager sees it: its id and the (tenant, instance, source) scope its keys live in. */
public record JobRef(String jobId, String tenantId, String instanceId, String source) {
    public JobRef {
        LockKey.requireNonBlank(jobId, "jobId");
        LockKey.requireNonBlank(tenantId, "tenantId");
        LockKey.requireNonBlank(instanceId, "instanceId");
        LockKey.requireNonBlank(source, "source");
    }

    /** The name of the scope's advisory lock; every lock change of the scope happens under it. */
    String scopeLockName() {
        return "rez_restore.locks|" + tenantId + "|" + instanceId + "|" + source;
    }
}
