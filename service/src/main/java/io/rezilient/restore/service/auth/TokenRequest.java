package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.http.InputText;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link DevTokenIssuer} token should say.
 *
 * @param capabilities empty: no {@code capabilities} claim (like the control plane's tokens); present: the claim
 * @param ttl          whole seconds, more than zero and at most {@link #MAX_TTL}
 */
public record TokenRequest(
        ResourceScope scope,
        String subject,
        Optional<Set<Capability>> capabilities,
        Duration ttl,
        String issuer,
        String audience,
        String serviceScope) {

    public static final String DEFAULT_ISSUER = "rez-dev-token-issuer";
    /** Development tokens are short-lived; a day covers a working session without minting near-permanent keys. */
    public static final Duration MAX_TTL = Duration.ofHours(24);

    public TokenRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(ttl, "ttl");
        requireText(scope.tenantId(), "tenant");
        requireText(scope.instanceId(), "instance");
        requireText(scope.source(), "source");
        requireText(subject, "subject");
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        requireText(serviceScope, "service scope");
        if (ttl.isNegative() || ttl.isZero() || ttl.getNano() != 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be whole seconds between 1s and " + MAX_TTL.toHours() + "h");
        }
        capabilities = capabilities.map(Set::copyOf);
    }

    /** An RRS token (aud {@code rezilient:rrs}, scope {@code rrs}) with the default issuer. */
    public static TokenRequest rrs(ResourceScope scope, String subject, Optional<Set<Capability>> capabilities, Duration ttl) {
        return new TokenRequest(scope, subject, capabilities, ttl, DEFAULT_ISSUER, TokenVerifier.AUDIENCE,
                TokenVerifier.SERVICE_SCOPE);
    }

    public TokenRequest withIssuer(String newIssuer) {
        return new TokenRequest(scope, subject, capabilities, ttl, newIssuer, audience, serviceScope);
    }

    public TokenRequest withAudience(String newAudience) {
        return new TokenRequest(scope, subject, capabilities, ttl, issuer, newAudience, serviceScope);
    }

    /** The service's rule for token strings ({@link InputText}): a token it would refuse is not minted. */
    private static void requireText(String value, String what) {
        InputText.identifierProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " " + problem);
        });
    }
}
