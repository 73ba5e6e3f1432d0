package io.rezilient.restore.service.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 over the signing input with the shared secret's UTF-8 bytes, as the auth control plane computes it.
 * Done with the JDK rather than nimbus's {@code MACVerifier} because that refuses secrets under 256 bits, and the
 * reference accepts whatever secret the control plane was given; compatibility with its tokens comes first.
 */
final class Hs256 {
    private Hs256() {
    }

    static byte[] sign(byte[] secret, byte[] signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison, so timing does not reveal how many leading bytes of a forged MAC were right. */
    static boolean verify(byte[] secret, byte[] signingInput, byte[] signature) {
        return MessageDigest.isEqual(sign(secret, signingInput), signature);
    }

    static byte[] secretBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
