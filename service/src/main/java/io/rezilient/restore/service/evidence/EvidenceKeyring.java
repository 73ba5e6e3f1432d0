package io.rezilient.restore.service.evidence;

import io.rezilient.restore.service.config.EvidenceKeyPair;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence signing keys by {@code signer_key_id} (architecture §5 item 8): the active key pair, which signs new
 * packages, and the public keys of retired pairs, which keep verifying the packages they signed. The reference
 * loads one key, so a rotation made every older package fail verification.
 */
public final class EvidenceKeyring {
    private final String activeKeyId;
    private final EvidenceKeyPair activePair;
    private final Map<String, VerifyingKey> keys = new LinkedHashMap<>();

    /**
     * @param retired public keys of earlier signers; one with the active key id is refused, so a key id always
     *                names one key
     */
    public EvidenceKeyring(String activeKeyId, EvidenceKeyPair activePair, Collection<VerifyingKey> retired) {
        this.activeKeyId = Objects.requireNonNull(activeKeyId, "activeKeyId");
        this.activePair = Objects.requireNonNull(activePair, "activePair");
        keys.put(activeKeyId, new VerifyingKey(activeKeyId, SigningAlgorithm.of(activePair.algorithm()),
                activePair.publicKey()));
        for (VerifyingKey key : retired) {
            VerifyingKey previous = keys.putIfAbsent(key.keyId(), key);
            if (previous != null && !previous.publicKey().equals(key.publicKey())) {
                throw new IllegalArgumentException("signer key id " + key.keyId()
                        + " names two different public keys");
            }
        }
    }

    public static EvidenceKeyring single(String keyId, EvidenceKeyPair pair) {
        return new EvidenceKeyring(keyId, pair, List.of());
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public SigningAlgorithm activeAlgorithm() {
        return SigningAlgorithm.of(activePair.algorithm());
    }

    /** The base64 signature of {@code payload} by the active key. */
    public String sign(byte[] payload) {
        return activeAlgorithm().sign(activePair.privateKey(), payload);
    }

    /** The key registered under {@code keyId}. */
    public Optional<VerifyingKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** The active key's public half. */
    public VerifyingKey activeKey() {
        return keys.get(activeKeyId);
    }

    /** Every known key, the active one first. */
    public List<VerifyingKey> keys() {
        return List.copyOf(keys.values());
    }
}
