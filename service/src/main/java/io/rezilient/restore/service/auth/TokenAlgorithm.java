package io.rezilient.restore.service.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JWS algorithms the service can verify. Anything else ({@code none}, {@code HS384}, {@code ES256}, …) is refused
 * before a key is looked at. Each algorithm is tied to one key source: HS256 only ever uses the shared secret and the
 * others only ever use JWKS keys of their own type, so an HS256 token "signed" with an RSA public key cannot pass.
 */
public enum TokenAlgorithm {
    /** HMAC-SHA256 with {@code RRS_AUTH_SIGNING_KEY}, as the auth control plane signs. */
    HS256("HS256"),
    /** RSASSA-PKCS1-v1_5 with SHA-256, RSA key (≥ 2048 bits) from the JWKS. */
    RS256("RS256"),
    /** Ed25519 from the JWKS (RFC 8037 name). */
    EDDSA("EdDSA"),
    /** Ed25519 from the JWKS (RFC 9864 fully-specified name); the same verification as {@link #EDDSA}. */
    ED25519("Ed25519");

    private final String joseName;

    TokenAlgorithm(String joseName) {
        this.joseName = joseName;
    }

    /** The value of the JWS header's {@code alg}. */
    public String joseName() {
        return joseName;
    }

    boolean usesJwks() {
        return this != HS256;
    }

    /** The algorithm a header names, if it is one of ours; case-sensitive, as JOSE names are. */
    public static Optional<TokenAlgorithm> fromJoseName(String name) {
        return Arrays.stream(values()).filter(a -> a.joseName.equals(name)).findFirst();
    }

    /**
     * An allow-list as configuration spells it, e.g. {@code "HS256,RS256,EdDSA"}: comma-separated JOSE names. An
     * unknown name — {@code none} included — fails start-up instead of being silently skipped.
     */
    public static Set<TokenAlgorithm> parseAllowList(String commaSeparated) {
        Set<TokenAlgorithm> algorithms = EnumSet.noneOf(TokenAlgorithm.class);
        for (String name : commaSeparated.split(",", -1)) {
            algorithms.add(fromJoseName(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unsupported token algorithm '" + name.strip() + "' (allowed: "
                            + Arrays.stream(values()).map(TokenAlgorithm::joseName).collect(Collectors.joining(", ")) + ")")));
        }
        return algorithms;
    }
}
