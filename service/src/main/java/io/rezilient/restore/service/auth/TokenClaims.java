package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The claims of a signature-checked token, shape-validated ({@code auth.token-claims.v1}, service-spec §2.1) but not
 * yet checked against time, audience or issuer. Times are NumericDate seconds, kept as JSON gave them.
 */
record TokenClaims(
        String issuer,
        String subject,
        String audience,
        String tokenId,
        double issuedAt,
        double expiresAt,
        OptionalDouble notBefore,
        String serviceScope,
        String tenantId,
        String instanceId,
        String source,
        Optional<Set<Capability>> capabilities) {
}
