package io.rezilient.restore.capture.crypto;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One tenant data key: a 256-bit AES key with its id. The key material never appears in {@link #toString()},
 * so a key that ends up in a log or an exception message does not leak.
 */
public final class DataKey {
    /** AES-256: keys are exactly this many bytes. */
    public static final int KEY_BYTES = 32;

    private final String kid;
    private final String tenantId;
    private final Instant createdAt;
    private final SecretKeySpec secret;

    public DataKey(String kid, String tenantId, Instant createdAt, byte[] material) {
        this.kid = requireText(kid, "kid");
        this.tenantId = requireText(tenantId, "tenantId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        if (material == null || material.length != KEY_BYTES) {
            throw new IllegalArgumentException("key " + kid + " must be " + KEY_BYTES + " bytes (AES-256), got "
                    + (material == null ? "none" : material.length + " bytes"));
        }
        this.secret = new SecretKeySpec(material, "AES");
    }

    public String kid() {
        return kid;
    }

    public String tenantId() {
        return tenantId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The AES key for {@code javax.crypto}. */
    public SecretKey secret() {
        return secret;
    }

    /** A copy of the raw key bytes (for the keyring file only). */
    public byte[] material() {
        return secret.getEncoded();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey that && kid.equals(that.kid) && tenantId.equals(that.tenantId)
                && createdAt.equals(that.createdAt) && Arrays.equals(material(), that.material());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, tenantId, createdAt);
    }

    @Override
    public String toString() {
        return "DataKey[kid=" + kid + ", tenant=" + tenantId + ", created_at=" + createdAt + "]";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be a non-blank string");
        }
        return value;
    }
}
