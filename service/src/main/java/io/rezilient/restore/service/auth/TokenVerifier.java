package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies bearer tokens (service-spec §2.1, architecture §6). Order: structure, then signature, then claims — the
 * claims of a token are not examined until its signature verifies, so an unsigned token cannot probe claim rules.
 * Claim checks follow the reference's order and reason codes; {@code nbf} is ours (the reference ignores it) and,
 * like a future {@code iat}, is {@code denied_token_malformed}, and so is a lifetime ({@code exp - iat}) beyond the
 * configured maximum (also ours). Thread-safe; build one per process.
 */
public final class TokenVerifier {
    /** The {@code aud} every RRS token must carry (the control plane's {@code "rezilient:" + service_scope}). */
    public static final String AUDIENCE = "rezilient:rrs";
    public static final String SERVICE_SCOPE = "rrs";

    private final TokenVerifierSettings settings;
    private final SignatureCheck signatures;
    private final Clock clock;

    public TokenVerifier(TokenVerifierSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signatures = new SignatureCheck(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The caller behind an {@code Authorization} header value (may be null when the header is absent). */
    public Principal authenticate(String authorizationHeader) {
        return verify(BearerHeader.token(authorizationHeader));
    }

    /** The caller behind a compact JWS. */
    public Principal verify(String compactToken) {
        if (compactToken == null || compactToken.isEmpty()) {
            throw TokenRejectedException.malformed("empty bearer token");
        }
        Jwt jwt = Jwt.parse(compactToken);
        signatures.verify(jwt);
        TokenClaims claims = ClaimsParser.parse(jwt.payload());
        check(claims);
        return new Principal(
                new ResourceScope(claims.tenantId(), claims.instanceId(), claims.source()),
                claims.subject(), claims.issuer(), claims.tokenId(),
                instant(claims.issuedAt()), instant(claims.expiresAt()), claims.capabilities());
    }

    private void check(TokenClaims claims) {
        if (!claims.serviceScope().equals(SERVICE_SCOPE)) {
            throw new TokenRejectedException(ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE, "token service_scope is not rrs");
        }
        if (!claims.audience().equals(AUDIENCE)) {
            throw new TokenRejectedException(ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE, "token aud is not " + AUDIENCE);
        }
        if (settings.expectedIssuer().isPresent() && !settings.expectedIssuer().get().equals(claims.issuer())) {
            throw TokenRejectedException.malformed("token iss is not the expected issuer");
        }
        // NumericDate seconds; the clock is read once so every check sees the same "now".
        long now = clock.instant().getEpochSecond();
        long skew = settings.clockSkew().toSeconds();
        if (now > claims.expiresAt() + skew) {
            throw new TokenRejectedException(ReasonCode.DENIED_TOKEN_EXPIRED, "token expired");
        }
        if (claims.notBefore().isPresent() && claims.notBefore().getAsDouble() > now + skew) {
            throw TokenRejectedException.malformed("token is not valid yet (nbf)");
        }
        if (claims.issuedAt() > now + skew) {
            throw TokenRejectedException.malformed("token iat is in the future");
        }
        if (claims.issuedAt() >= claims.expiresAt()) {
            throw TokenRejectedException.malformed("token iat is not before exp");
        }
        // Ours (deviation S48). iat is a required claim (service-spec §2.1), so every token that gets here has a
        // lifetime; both ends come from the issuer's clock, so no skew applies.
        if (claims.expiresAt() - claims.issuedAt() > settings.maxTokenLifetime().toSeconds()) {
            throw TokenRejectedException.malformed("token lifetime (exp - iat) exceeds "
                    + settings.maxTokenLifetime().toSeconds() + " s");
        }
    }

    private static Instant instant(double epochSeconds) {
        return Instant.ofEpochMilli((long) Math.floor(epochSeconds * 1000));
    }
}
