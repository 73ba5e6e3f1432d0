package io.rezilient.restore.service.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Loads the JWKS of issuers we trust for RS256 / EdDSA tokens and refuses, at start-up, anything that could widen
 * what verifies: symmetric keys (HMAC has exactly one key, the shared secret), private key material (a verifier has no
 * business holding it), curves and key types we do not verify, short RSA keys, keys without a unique {@code kid}
 * (keys are selected by {@code kid} only) and keys marked for encryption.
 */
public final class JwksFile {
    static final int MIN_RSA_BITS = 2048;

    private JwksFile() {
    }

    public static JWKSet load(Path path) {
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JWKS file " + path + ": " + e.getMessage(), e);
        }
        return parse(json, path.toString());
    }

    /** @param origin names the JWKS in error messages (a file path, "test", …) */
    public static JWKSet parse(String json, String origin) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWKS " + origin + " is not a valid JWK set: " + e.getMessage(), e);
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalArgumentException("JWKS " + origin + " has no keys");
        }
        Set<String> kids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            if (kid == null || kid.isBlank()) {
                throw new IllegalArgumentException("JWKS " + origin + ": every key needs a kid");
            }
            if (!kids.add(kid)) {
                throw new IllegalArgumentException("JWKS " + origin + ": kid " + kid + " appears twice");
            }
            check(key, "JWKS " + origin + " key " + kid);
        }
        return set;
    }

    private static void check(JWK key, String what) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new IllegalArgumentException(what + " is not a signature key (use=" + key.getKeyUse().identifier() + ")");
        }
        if (key instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new IllegalArgumentException(what + " is a " + rsa.size() + "-bit RSA key; at least " + MIN_RSA_BITS + " required");
            }
        } else if (key instanceof OctetKeyPair okp) {
            if (!Ed25519Keys.isEd25519(okp)) {
                throw new IllegalArgumentException(what + " is an OKP key on " + okp.getCurve() + "; only Ed25519 is supported");
            }
        } else {
            throw new IllegalArgumentException(what + " has key type " + key.getKeyType()
                    + "; only RSA (RS256) and OKP Ed25519 (EdDSA) are accepted — HS256 uses RRS_AUTH_SIGNING_KEY");
        }
        if (key.isPrivate()) {
            throw new IllegalArgumentException(what + " contains private key material; publish only public keys");
        }
    }
}
