package io.rezilient.restore.service.config;

import com.nimbusds.jose.jwk.JWKSet;
import io.rezilient.restore.service.auth.TokenAlgorithm;
import io.rezilient.restore.service.auth.TokenVerifierSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Token settings (service-spec §2, plus our JWKS and algorithm allow-list). {@link #toString()} hides both secrets
 * so the record can be logged by accident without leaking them.
 */
public record AuthSettings(String adminToken, String signingKey, int clockSkewSeconds,
                           Optional<String> expectedIssuer, Optional<JWKSet> jwks,
                           Set<TokenAlgorithm> allowedAlgorithms, int maxTokenTtlSeconds) {
    public AuthSettings {
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(expectedIssuer, "expectedIssuer");
        Objects.requireNonNull(jwks, "jwks");
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("clockSkewSeconds must be >= 0");
        }
        if (maxTokenTtlSeconds <= 0) {
            throw new IllegalArgumentException("maxTokenTtlSeconds must be > 0");
        }
    }

    /** What the bearer-token verifier trusts. */
    public TokenVerifierSettings verifierSettings() {
        return new TokenVerifierSettings(Optional.of(signingKey), jwks, allowedAlgorithms,
                Duration.ofSeconds(clockSkewSeconds), expectedIssuer, Duration.ofSeconds(maxTokenTtlSeconds));
    }

    /**
     * What an operator should hear at start-up: settings that are valid but leave a door open. Without a pinned
     * issuer, any party holding a trusted key — another service sharing the HS256 secret, say — can mint tokens the
     * service accepts.
     */
    public List<String> startupWarnings() {
        if (expectedIssuer.isEmpty()) {
            return List.of(ServiceEnv.AUTH_EXPECTED_ISSUER.name() + " is not set: tokens of any issuer signed with a "
                    + "trusted key are accepted; pin the auth control plane's issuer");
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "AuthSettings[adminToken=***, signingKey=***, clockSkewSeconds=" + clockSkewSeconds
                + ", expectedIssuer=" + expectedIssuer.orElse("(any)") + ", jwksKeys="
                + jwks.map(set -> set.getKeys().size()).orElse(0) + ", allowedAlgorithms="
                + allowedAlgorithms.stream().map(TokenAlgorithm::joseName).sorted().toList() + ", maxTokenTtlSeconds="
                + maxTokenTtlSeconds + "]";
    }
}
