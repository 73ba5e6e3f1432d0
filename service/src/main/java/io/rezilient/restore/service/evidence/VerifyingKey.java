package io.rezilient.restore.service.evidence;

import java.security.PublicKey;
import java.util.Objects;

/** A public key that verifies evidence signed under {@code keyId}. */
public record VerifyingKey(String keyId, SigningAlgorithm algorithm, PublicKey publicKey) {
    public VerifyingKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    public boolean verifies(byte[] payload, String base64Signature) {
        return algorithm.verify(publicKey, payload, base64Signature);
    }
}
