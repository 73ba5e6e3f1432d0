package io.rezilient.restore.capture.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic nonces for reproducible output (the synthetic workload: same seed and keyring, same bytes).
 *
 * <p>The nonce is the first 12 bytes of {@code HMAC-SHA256(ivKey, len(aad) || aad || plaintext)}, where
 * {@code ivKey = HMAC-SHA256(dataKey, "rez.capture.synthetic-iv.v1")}: the synthetic-IV construction. Two
 * encryptions share a nonce only if they share AAD and plaintext too, and then they produce the same
 * ciphertext, which reveals only that the two values are equal. So a nonce is never reused with a different
 * message, the property GCM needs. Not thread-safe: one instance per thread.
 */
public final class SyntheticIvSource implements IvSource {
    static final byte[] IV_KEY_LABEL = "rez.capture.synthetic-iv.v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";

    private final Mac mac;
    private final Map<String, SecretKeySpec> ivKeys = new HashMap<>();
    private final byte[] length = new byte[4];

    public SyntheticIvSource() {
        try {
            this.mac = Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks " + HMAC, e);
        }
    }

    @Override
    public void fill(DataKey key, byte[] aad, byte[] plaintext, byte[] iv) {
        try {
            mac.init(ivKeys.computeIfAbsent(key.kid() + '\n' + key.tenantId(), k -> deriveIvKey(key)));
            length[0] = (byte) (aad.length >>> 24);
            length[1] = (byte) (aad.length >>> 16);
            length[2] = (byte) (aad.length >>> 8);
            length[3] = (byte) aad.length;
            mac.update(length);
            mac.update(aad);
            mac.update(plaintext);
            System.arraycopy(mac.doFinal(), 0, iv, 0, iv.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a synthetic IV under key " + key.kid(), e);
        }
    }

    private SecretKeySpec deriveIvKey(DataKey key) {
        try {
            Mac derive = Mac.getInstance(HMAC);
            derive.init(new SecretKeySpec(key.material(), HMAC));
            return new SecretKeySpec(derive.doFinal(IV_KEY_LABEL), HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the synthetic-IV key of " + key.kid(), e);
        }
    }
}
