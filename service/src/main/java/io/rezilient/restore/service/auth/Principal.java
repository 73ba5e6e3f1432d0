package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A verified caller: its scope, its operator identity ({@code sub}) and, when the token carries a
 * {@code capabilities} claim, the capabilities it grants (architecture §5 deviation 2).
 *
 * @param capabilities empty when the token has no {@code capabilities} claim (the auth control plane's tokens):
 *                     the caller's capabilities must then come from the grant table keyed by scope and subject;
 *                     present (possibly an empty set) when the token itself is the grant
 */
public record Principal(
        ResourceScope scope,
        String subject,
        String issuer,
        String tokenId,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Set<Capability>> capabilities) {

    public Principal {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        capabilities = Objects.requireNonNull(capabilities, "capabilities").map(Set::copyOf);
    }

    public String tenantId() {
        return scope.tenantId();
    }

    public String instanceId() {
        return scope.instanceId();
    }

    public String source() {
        return scope.source();
    }

    /** True only when the token's own claim grants it; a token without the claim grants nothing by itself. */
    public boolean tokenGrants(Capability capability) {
        return capabilities.map(granted -> granted.contains(capability)).orElse(false);
    }
}
