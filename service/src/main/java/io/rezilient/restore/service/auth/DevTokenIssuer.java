package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.rezilient.restore.contracts.restore.Capability;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Mints tokens the {@link TokenVerifier} accepts, for development, tests and {@code rez token issue}: the control
 * plane's claim set ({@code jti} {@code tok_<random>}) signed HS256 with the shared secret, or EdDSA with an Ed25519
 * private JWK (its {@code kid} goes into the header so a JWKS holding the public half selects it). Not for
 * production: it signs whatever scope it is asked for.
 */
public final class DevTokenIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenAlgorithm algorithm;
    private final byte[] secret;
    private final OctetKeyPair edKey;
    private final Clock clock;

    private DevTokenIssuer(TokenAlgorithm algorithm, byte[] secret, OctetKeyPair edKey, Clock clock) {
        this.algorithm = algorithm;
        this.secret = secret;
        this.edKey = edKey;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link Hs256Secrets#MIN_BYTES}: the service
     *                                  would refuse to start with it, so a token signed with it verifies nowhere
     */
    public static DevTokenIssuer hs256(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("the signing secret is empty");
        }
        Hs256Secrets.problem(signingSecret).ifPresent(problem -> {
            throw new IllegalArgumentException("the HS256 signing secret " + problem);
        });
        return new DevTokenIssuer(TokenAlgorithm.HS256, Hs256.secretBytes(signingSecret), null, clock);
    }

    public static DevTokenIssuer eddsa(OctetKeyPair privateKey, Clock clock) {
        if (!Ed25519Keys.isEd25519(privateKey) || !privateKey.isPrivate() || privateKey.getKeyID() == null) {
            throw new IllegalArgumentException("EdDSA signing needs a private Ed25519 JWK with a kid");
        }
        return new DevTokenIssuer(TokenAlgorithm.EDDSA, null, privateKey, clock);
    }

    public String issue(TokenRequest request) {
        long issuedAt = clock.instant().getEpochSecond();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.joseName());
        header.put("typ", "JWT");
        if (edKey != null) {
            header.put("kid", edKey.getKeyID());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", request.issuer());
        claims.put("sub", request.subject());
        claims.put("aud", request.audience());
        claims.put("jti", "tok_" + HexFormat.of().formatHex(randomBytes()));
        claims.put("iat", issuedAt);
        claims.put("exp", issuedAt + request.ttl().toSeconds());
        claims.put("service_scope", request.serviceScope());
        claims.put("tenant_id", request.scope().tenantId());
        claims.put("instance_id", request.scope().instanceId());
        claims.put("source", request.scope().source());
        request.capabilities().ifPresent(granted -> claims.put(ClaimsParser.CAPABILITIES,
                granted.stream().sorted().map(Capability::wire).toList()));
        String signingInput = segment(header) + "." + segment(claims);
        return signingInput + "." + Jwt.BASE64URL_ENCODER.encodeToString(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] sign(byte[] signingInput) {
        if (algorithm == TokenAlgorithm.HS256) {
            return Hs256.sign(secret, signingInput);
        }
        try {
            return Ed25519Keys.sign(edKey, signingInput);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    private static String segment(Map<String, Object> json) {
        try {
            return Jwt.BASE64URL_ENCODER.encodeToString(Jwt.JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise token JSON", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
