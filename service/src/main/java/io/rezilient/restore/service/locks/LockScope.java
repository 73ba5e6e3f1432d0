package io.rezilient.restore.service.locks;

/**
 * One (tenant, instance, source): the unit in which lock keys live, whose lock changes are serialised by one
 * advisory lock, and within which the fairness rule applies (queues of different scopes never wait for each other).
 */
public record LockScope(String tenantId, String instanceId, String source) {
    public LockScope {
        LockKey.requireNonBlank(tenantId, "tenantId");
        LockKey.requireNonBlank(instanceId, "instanceId");
        LockKey.requireNonBlank(source, "source");
    }

    /** The name of the scope's advisory lock; every lock change of the scope happens under it. */
    String advisoryLockName() {
        return "rez_restore.locks|" + tenantId + "|" + instanceId + "|" + source;
    }
}
