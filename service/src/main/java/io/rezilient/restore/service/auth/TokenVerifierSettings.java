package io.rezilient.restore.service.auth;

import com.nimbusds.jose.jwk.JWKSet;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link TokenVerifier} trusts.
 *
 * @param signingSecret     {@code RRS_AUTH_SIGNING_KEY}: the HS256 secret shared with the auth control plane, at
 *                          least {@link Hs256Secrets#MIN_BYTES} bytes
 * @param jwks              public keys for RS256 / EdDSA tokens, see {@link JwksFile}; ours, not in the reference
 * @param allowedAlgorithms the {@code alg} allow-list; an algorithm also needs its key source to be configured
 * @param clockSkew         {@code RRS_AUTH_TOKEN_CLOCK_SKEW_SECONDS} (reference default 30 s)
 * @param expectedIssuer    {@code RRS_AUTH_EXPECTED_ISSUER}: when present, {@code iss} must equal it
 * @param maxTokenLifetime  {@code RRS_AUTH_MAX_TOKEN_TTL_SECONDS} (ours): the longest {@code exp - iat} accepted
 */
public record TokenVerifierSettings(
        Optional<String> signingSecret,
        Optional<JWKSet> jwks,
        Set<TokenAlgorithm> allowedAlgorithms,
        Duration clockSkew,
        Optional<String> expectedIssuer,
        Duration maxTokenLifetime) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /**
     * A day: the control plane mints five-minute tokens and {@code rez token issue} at most day-long ones, so anything
     * longer is a token nobody should hold (a leaked one would stay usable for as long as it says).
     */
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);

    public TokenVerifierSettings {
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(expectedIssuer, "expectedIssuer");
        Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
        // An empty secret would make every HMAC forgeable by anyone; blank values count as unset as in §11.
        signingSecret = signingSecret.filter(s -> !s.isBlank());
        expectedIssuer = expectedIssuer.filter(s -> !s.isBlank());
        allowedAlgorithms = allowedAlgorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowedAlgorithms));
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("token clock skew must not be negative");
        }
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the maximum token lifetime must be positive");
        }
        if (allowedAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("the token algorithm allow-list is empty");
        }
        signingSecret.flatMap(Hs256Secrets::problem).ifPresent(problem -> {
            throw new IllegalArgumentException("the HS256 signing secret " + problem);
        });
        if (signingSecret.isEmpty() && jwks.isEmpty()) {
            throw new IllegalArgumentException("no token keys: set RRS_AUTH_SIGNING_KEY or a JWKS");
        }
    }

    /** The reference's set-up: HS256 with the shared secret only, default skew, no issuer pin; our lifetime bound. */
    public static TokenVerifierSettings hs256(String signingSecret) {
        return new TokenVerifierSettings(Optional.of(signingSecret), Optional.empty(), EnumSet.of(TokenAlgorithm.HS256),
                DEFAULT_CLOCK_SKEW, Optional.empty(), DEFAULT_MAX_TOKEN_LIFETIME);
    }

    /** Adds a JWKS and allows every algorithm ({@link TokenAlgorithm}) its key types can verify. */
    public TokenVerifierSettings withJwks(JWKSet keys) {
        Set<TokenAlgorithm> algorithms = EnumSet.copyOf(allowedAlgorithms);
        algorithms.addAll(EnumSet.of(TokenAlgorithm.RS256, TokenAlgorithm.EDDSA, TokenAlgorithm.ED25519));
        return new TokenVerifierSettings(signingSecret, Optional.of(keys), algorithms, clockSkew, expectedIssuer,
                maxTokenLifetime);
    }

    public TokenVerifierSettings withAllowedAlgorithms(Set<TokenAlgorithm> algorithms) {
        return new TokenVerifierSettings(signingSecret, jwks, algorithms, clockSkew, expectedIssuer, maxTokenLifetime);
    }

    public TokenVerifierSettings withClockSkew(Duration skew) {
        return new TokenVerifierSettings(signingSecret, jwks, allowedAlgorithms, skew, expectedIssuer, maxTokenLifetime);
    }

    public TokenVerifierSettings withExpectedIssuer(String issuer) {
        return new TokenVerifierSettings(signingSecret, jwks, allowedAlgorithms, clockSkew, Optional.ofNullable(issuer),
                maxTokenLifetime);
    }

    public TokenVerifierSettings withMaxTokenLifetime(Duration lifetime) {
        return new TokenVerifierSettings(signingSecret, jwks, allowedAlgorithms, clockSkew, expectedIssuer, lifetime);
    }

    /** Never prints the secret: settings end up in start-up logs. */
    @Override
    public String toString() {
        return "TokenVerifierSettings[signingSecret=" + (signingSecret.isPresent() ? "<set>" : "<unset>")
                + ", jwksKids=" + jwks.map(set -> set.getKeys().stream().map(k -> k.getKeyID()).toList()).orElse(java.util.List.of())
                + ", allowedAlgorithms=" + allowedAlgorithms.stream().map(TokenAlgorithm::joseName).sorted().toList()
                + ", clockSkew=" + clockSkew + ", expectedIssuer=" + expectedIssuer.orElse("<unset>")
                + ", maxTokenLifetime=" + maxTokenLifetime + "]";
    }
}
