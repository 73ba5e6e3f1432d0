package io.rezilient.restore.service.evidence;

import io.rezilient.restore.service.config.EvidenceKeyPair;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The evidence contract's {@code signature_algorithm}s: {@code ed25519} (RFC 8032, deterministic, what the reference
 * signs with) and {@code rsa-pss-sha256} (RSASSA-PSS, SHA-256 with MGF1-SHA-256 and a 32-byte salt).
 */
public enum SigningAlgorithm {
    ED25519("ed25519"),
    RSA_PSS_SHA256("rsa-pss-sha256");

    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            32, PSSParameterSpec.TRAILER_FIELD_BC);

    private final String wire;

    SigningAlgorithm(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SigningAlgorithm> fromWire(String wire) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.wire.equals(wire)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** The algorithm a key pair of this type signs evidence with. */
    public static SigningAlgorithm of(EvidenceKeyPair.Algorithm keyType) {
        return keyType == EvidenceKeyPair.Algorithm.ED25519 ? ED25519 : RSA_PSS_SHA256;
    }

    /** The base64 signature of {@code payload}. */
    public String sign(PrivateKey key, byte[] payload) {
        try {
            Signature signature = instance();
            signature.initSign(key);
            signature.update(payload);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing evidence with " + wire + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code base64Signature} is a valid signature of {@code payload} by {@code key}. The signature text is
     * decoded leniently, as Node's {@code Buffer.from(text, 'base64')} does (characters outside the alphabet are
     * skipped, the URL-safe alphabet is accepted): text that is not base64 simply fails the check.
     */
    public boolean verify(PublicKey key, byte[] payload, String base64Signature) {
        byte[] signatureBytes = lenientBase64(base64Signature);
        try {
            Signature signature = instance();
            signature.initVerify(key);
            signature.update(payload);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Signature instance() throws GeneralSecurityException {
        if (this == ED25519) {
            return Signature.getInstance("Ed25519");
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(PSS);
        return pss;
    }

    static byte[] lenientBase64(String text) {
        if (text == null) {
            return new byte[0];
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                break;
            }
            if (c == '-') {
                kept.append('+');
            } else if (c == '_') {
                kept.append('/');
            } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
                kept.append(c);
            }
        }
        if (kept.length() % 4 == 1) {
            kept.setLength(kept.length() - 1); // a lone trailing sextet carries no whole byte
        }
        while (kept.length() % 4 != 0) {
            kept.append('=');
        }
        try {
            return Base64.getDecoder().decode(kept.toString());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

}
