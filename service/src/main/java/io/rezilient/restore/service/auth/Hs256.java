package io.rezilient.restore.service.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 over the signing input with the shared secret's UTF-8 bytes, as the auth control plane computes it.
 * Done with the JDK (a few lines, constant-time comparison included); the secret's length is checked once where it
 * is configured ({@link Hs256Secrets}), not on every token.
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
