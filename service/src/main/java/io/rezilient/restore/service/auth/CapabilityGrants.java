package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.util.Set;

/**
 * What a token subject may do in a scope when its token carries no {@code capabilities} claim (architecture §5
 * deviation 2): the admin-managed grant table, keyed by (tenant, instance, source, subject).
 */
@FunctionalInterface
public interface CapabilityGrants {
    /** Grants nothing to anyone: for an authenticator that trusts only the tokens' own claims. */
    CapabilityGrants NONE = (scope, subject) -> Set.of();

    /**
     * @return the capabilities granted to {@code subject} in exactly {@code scope}; empty when none
     * @throws CapabilityGrantsUnavailableException when the grants cannot be read (the caller must fail closed)
     */
    Set<Capability> granted(ResourceScope scope, String subject);
}
