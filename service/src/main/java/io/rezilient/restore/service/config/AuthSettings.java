package io.rezilient.restore.service.config;

import com.nimbusds.jose.jwk.JWKSet;
import io.rezilient.restore.service.auth.TokenAlgorithm;
import io.rezilient.restore.service.auth.TokenVerifierSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Token settings (service-spec §2, plus our JWKS and algorithm allow-list). {@link #toString()} hides both secrets
 * so the record can be logged by accident without leaking them.
 */
public record AuthSettings(String adminToken, String signingKey, int clockSkewSeconds,
                           Optional<String> expectedIssuer, Optional<JWKSet> jwks,
                           Set<TokenAlgorithm> allowedAlgorithms) {
    public AuthSettings {
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(expectedIssuer, "expectedIssuer");
        Objects.requireNonNull(jwks, "jwks");
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("clockSkewSeconds must be >= 0");
        }
    }

    /** The reference's set-up (HS256 with the shared secret) plus a JWKS when one is configured. */
    public AuthSettings(String adminToken, String signingKey, int clockSkewSeconds, Optional<String> expectedIssuer) {
        this(adminToken, signingKey, clockSkewSeconds, expectedIssuer, Optional.empty(),
                Set.of(TokenAlgorithm.HS256));
    }

    /** What the bearer-token verifier trusts. */
    public TokenVerifierSettings verifierSettings() {
        return new TokenVerifierSettings(Optional.of(signingKey), jwks, allowedAlgorithms,
                Duration.ofSeconds(clockSkewSeconds), expectedIssuer);
    }

    @Override
    public String toString() {
        return "AuthSettings[adminToken=***, signingKey=***, clockSkewSeconds=" + clockSkewSeconds
                + ", expectedIssuer=" + expectedIssuer.orElse("(any)") + ", jwksKeys="
                + jwks.map(set -> set.getKeys().size()).orElse(0) + ", allowedAlgorithms="
                + allowedAlgorithms.stream().map(TokenAlgorithm::joseName).sorted().toList() + "]";
    }
}
