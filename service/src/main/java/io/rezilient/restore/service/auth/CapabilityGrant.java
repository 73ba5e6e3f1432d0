package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code rez_restore.capability_grants}: {@code subject} holds {@code capability} in {@code scope}.
 *
 * @param grantedBy the admin who granted it, for the audit
 */
public record CapabilityGrant(ResourceScope scope, String subject, Capability capability, String grantedBy,
                              Instant grantedAt) {
    public CapabilityGrant {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(grantedBy, "grantedBy");
        Objects.requireNonNull(grantedAt, "grantedAt");
    }
}
