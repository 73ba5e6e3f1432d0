package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.util.Objects;
import java.util.Set;

/**
 * The capabilities a verified caller holds (architecture §5 deviation 2): the token's {@code capabilities} claim
 * when it has one — the token is the grant, so the table is not consulted even when the claim is empty (an issuer
 * that says "nothing" must not be overridden by an older grant) — else the grant table's rows for the token's scope
 * and subject. Grants are read on every call, not cached, so a revocation takes effect on the next request.
 */
public final class EffectiveCapabilities {
    private final CapabilityGrants grants;

    public EffectiveCapabilities(CapabilityGrants grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /**
     * @throws CapabilityGrantsUnavailableException when the token has no claim and the grants cannot be read
     */
    public Set<Capability> of(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        return principal.capabilities()
                .orElseGet(() -> Set.copyOf(grants.granted(principal.scope(), principal.subject())));
    }

    /** Whether the caller holds {@code capability}; see {@link #of(Principal)}. */
    public boolean holds(Principal principal, Capability capability) {
        return of(principal).contains(capability);
    }
}
