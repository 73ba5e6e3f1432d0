package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Optional;

/**
 * Decides whether a token's signature was made by a key we trust. The header's {@code alg} picks the algorithm, but
 * only from the allow-list, and the algorithm — never the header — picks the key source: HS256 the shared secret,
 * RS256 / EdDSA a JWKS key found by {@code kid} whose type (and {@code alg}, if the JWK names one) must match.
 * Every refusal here is {@code denied_token_invalid_signature}: to the reference, a token it cannot verify with its
 * key is simply badly signed.
 */
final class SignatureCheck {
    private final TokenVerifierSettings settings;
    private final Optional<byte[]> secret;

    SignatureCheck(TokenVerifierSettings settings) {
        this.settings = settings;
        this.secret = settings.signingSecret().map(Hs256::secretBytes);
    }

    void verify(Jwt jwt) {
        TokenAlgorithm algorithm = algorithm(jwt);
        if (jwt.header().has("crit")) {
            // RFC 7515 §4.1.11: we understand no extensions, so a token that makes one critical must be refused.
            throw TokenRejectedException.malformed("token header has critical extensions we do not support");
        }
        boolean valid = switch (algorithm) {
            case HS256 -> Hs256.verify(secret.orElseThrow(() -> TokenRejectedException.invalidSignature(
                    "HS256 token but no signing secret is configured")), jwt.signingInput(), jwt.signature());
            case RS256 -> verifyRs256(jwkFor(jwt, algorithm, RSAKey.class), jwt);
            case EDDSA, ED25519 -> verifyEd25519(jwkFor(jwt, algorithm, OctetKeyPair.class), jwt);
        };
        if (!valid) {
            throw TokenRejectedException.invalidSignature("token signature does not verify");
        }
    }

    private TokenAlgorithm algorithm(Jwt jwt) {
        JsonNode alg = jwt.header().get("alg");
        if (alg == null || !alg.isTextual()) {
            throw TokenRejectedException.malformed("token header has no alg");
        }
        Optional<TokenAlgorithm> known = TokenAlgorithm.fromJoseName(alg.textValue());
        if (known.isEmpty() || !settings.allowedAlgorithms().contains(known.get())) {
            // Covers "none": an unsigned token is refused before any key is considered.
            throw TokenRejectedException.invalidSignature("token algorithm is not allowed");
        }
        return known.get();
    }

    private <K extends JWK> K jwkFor(Jwt jwt, TokenAlgorithm algorithm, Class<K> type) {
        if (settings.jwks().isEmpty()) {
            throw TokenRejectedException.invalidSignature(algorithm.joseName() + " token but no JWKS is configured");
        }
        JsonNode kid = jwt.header().get("kid");
        if (kid == null || !kid.isTextual()) {
            throw TokenRejectedException.invalidSignature(algorithm.joseName() + " token without a kid");
        }
        JWK key = settings.jwks().get().getKeyByKeyId(kid.textValue());
        if (key == null) {
            throw TokenRejectedException.invalidSignature("token kid matches no JWKS key");
        }
        if (!type.isInstance(key)) {
            throw TokenRejectedException.invalidSignature("token algorithm does not fit the type of the kid's key");
        }
        if (key.getAlgorithm() != null && !sameFamily(key.getAlgorithm().getName(), algorithm)) {
            throw TokenRejectedException.invalidSignature("token algorithm differs from the alg of the kid's key");
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw TokenRejectedException.invalidSignature("the kid's key is not for verification");
        }
        return type.cast(key);
    }

    /** "EdDSA" and "Ed25519" name the same verification for an Ed25519 key. */
    private static boolean sameFamily(String jwkAlg, TokenAlgorithm algorithm) {
        Optional<TokenAlgorithm> declared = TokenAlgorithm.fromJoseName(jwkAlg);
        if (declared.isEmpty()) {
            return false;
        }
        boolean bothEd = (declared.get() == TokenAlgorithm.EDDSA || declared.get() == TokenAlgorithm.ED25519)
                && (algorithm == TokenAlgorithm.EDDSA || algorithm == TokenAlgorithm.ED25519);
        return bothEd || declared.get() == algorithm;
    }

    private static boolean verifyRs256(RSAKey key, Jwt jwt) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key.toRSAPublicKey());
            verifier.update(jwt.signingInput());
            return verifier.verify(jwt.signature());
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException | JOSEException e) {
            throw TokenRejectedException.invalidSignature("RS256 verification failed: " + e.getClass().getSimpleName());
        }
    }

    private static boolean verifyEd25519(OctetKeyPair key, Jwt jwt) {
        try {
            return Ed25519Keys.verify(key, jwt.signingInput(), jwt.signature());
        } catch (GeneralSecurityException e) {
            throw TokenRejectedException.invalidSignature("Ed25519 verification failed: " + e.getClass().getSimpleName());
        }
    }
}
