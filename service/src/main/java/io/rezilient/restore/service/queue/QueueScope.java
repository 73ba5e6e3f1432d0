package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code scope} of a reconcile or reset (service-spec §3.7, §5.5): optional tenant, instance and source, and
 * optional lock scope tables (canonical: trimmed, distinct, sorted; empty means "any table").
 *
 * <p>Tenant, instance and source choose the (tenant, instance, source) scopes examined; within them the tables only
 * narrow which jobs are "in scope" for anomalies and forcing. The rebuild always covers a whole (tenant, instance,
 * source), since one job's keys decide whether any other job of it may run.
 */
public record QueueScope(Optional<String> tenantId, Optional<String> instanceId, Optional<String> source,
                         List<String> lockScopeTables) {
    public QueueScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        lockScopeTables = List.copyOf(lockScopeTables);
    }

    public static QueueScope any() {
        return new QueueScope(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * This scope confined to {@code authority} (a token admin's own tenant, instance and source): fields not given
     * are taken from it, and a field naming anything else is refused with {@code 403 scope_blocked}, so a token
     * admin can neither see nor change another tenant's queue. The shared admin token has no such bound.
     */
    public QueueScope confinedTo(ResourceScope authority) {
        requireWithin("tenant_id", tenantId, authority.tenantId());
        requireWithin("instance_id", instanceId, authority.instanceId());
        requireWithin("source", source, authority.source());
        return new QueueScope(Optional.of(authority.tenantId()), Optional.of(authority.instanceId()),
                Optional.of(authority.source()), lockScopeTables);
    }

    private static void requireWithin(String field, Optional<String> given, String allowed) {
        if (given.isPresent() && !given.get().equals(allowed)) {
            throw new ApiError(403, "scope_blocked", ScopeGuard.CREATE_BLOCKED_REASON.wire(),
                    "scope." + field + " must be the admin token's own " + field);
        }
    }

    /** Whether tenant, instance and source are all given: the only scope an apply may change. */
    public boolean isExact() {
        return tenantId.isPresent() && instanceId.isPresent() && source.isPresent();
    }

    /** The exact (tenant, instance, source), when {@link #isExact()}. */
    public Optional<ScopeKey> exactKey() {
        return isExact() ? Optional.of(new ScopeKey(tenantId.get(), instanceId.get(), source.get()))
                : Optional.empty();
    }

    /** Whether a job with these lock tables is in scope: it shares at least one table, or no tables were given. */
    public boolean coversTables(List<String> jobTables) {
        return lockScopeTables.isEmpty() || !Collections.disjoint(lockScopeTables, jobTables);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        putOptional(json, "tenant_id", tenantId);
        putOptional(json, "instance_id", instanceId);
        putOptional(json, "source", source);
        if (lockScopeTables.isEmpty()) {
            json.putNull("lock_scope_tables");
        } else {
            json.putArray("lock_scope_tables").addAll(lockScopeTables.stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
        }
        return json;
    }

    private static void putOptional(ObjectNode json, String field, Optional<String> value) {
        if (value.isPresent()) {
            json.put(field, value.get());
        } else {
            json.putNull(field);
        }
    }
}
