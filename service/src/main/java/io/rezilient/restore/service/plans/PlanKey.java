package io.rezilient.restore.service.plans;

import java.util.Objects;

/**
 * Identifies one stored plan (draft or finalised). Plans are keyed per tenant scope, not by {@code plan_id} alone
 * as in the reference (deviation from service-spec §4.10): one tenant reusing an id cannot see or block another's.
 */
public record PlanKey(String tenantId, String instanceId, String source, String planId) {
    public PlanKey {
        requireNonBlank(tenantId, "tenantId");
        requireNonBlank(instanceId, "instanceId");
        requireNonBlank(source, "source");
        requireNonBlank(planId, "planId");
    }

    /**
     * An unambiguous single-string form (each part length-prefixed, so no separator can be forged by a part), for
     * hashing the key into an advisory lock.
     */
    String lockName() {
        StringBuilder name = new StringBuilder("rez_restore.plans");
        for (String part : new String[] {tenantId, instanceId, source, planId}) {
            name.append('|').append(part.length()).append(':').append(part);
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return tenantId + "/" + instanceId + "/" + source + "/" + planId;
    }

    private static void requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
