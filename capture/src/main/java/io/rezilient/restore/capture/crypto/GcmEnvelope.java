package io.rezilient.restore.capture.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.contracts.validation.ValidationException;

/**
 * This module's use of the contract {@link EncryptedPayload} envelope: {@code alg} {@value #ALG}, {@code format}
 * {@value #FORMAT} ({@code ciphertext} = base64 of {@code nonce (12) || ciphertext || tag (16)}), {@code module}
 * {@value #MODULE}, no compression.
 */
public final class GcmEnvelope {
    public static final long VERSION = 1;
    public static final String ALG = "AES-256-GCM";
    /** Who sealed it; the reference puts the ServiceNow encrypter's scope here, we name ourselves. */
    public static final String MODULE = "rez.capture";
    /** Our framing of {@code ciphertext}. */
    public static final String FORMAT = "rez.aes-gcm.v1";
    public static final String COMPRESSION_NONE = "none";

    private GcmEnvelope() {
    }

    /** The envelope of a value sealed under {@code kid}. */
    public static EncryptedPayload of(String kid, String ciphertextBase64) {
        return new EncryptedPayload(VERSION, ALG, kid, MODULE, FORMAT, COMPRESSION_NONE, ciphertextBase64, null);
    }

    /**
     * Reads the envelope in field {@code field} and checks it is one this module can open; every problem (not a
     * valid contract envelope, another algorithm, framing or compression, no key id) is a
     * {@link DecryptionException} naming the field.
     */
    public static EncryptedPayload read(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new DecryptionException(field + " must be an encrypted payload object, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        EncryptedPayload payload;
        try {
            payload = EncryptedPayload.fromJson(node);
        } catch (ValidationException e) {
            throw new DecryptionException(field + "." + e.firstIssue().describe(), e);
        }
        requireOpenable(payload, field);
        return payload;
    }

    /** Throws unless {@code payload} is sealed the way this module seals. */
    public static void requireOpenable(EncryptedPayload payload, String field) {
        if (!ALG.equals(payload.alg())) {
            throw new DecryptionException(field + ".alg must be " + ALG + ", got " + payload.alg());
        }
        if (payload.format() != null && !FORMAT.equals(payload.format())) {
            throw new DecryptionException(field + ".format must be " + FORMAT + ", got " + payload.format());
        }
        if (payload.compression() != null && !COMPRESSION_NONE.equals(payload.compression())) {
            throw new DecryptionException(field + ".compression must be " + COMPRESSION_NONE + ", got "
                    + payload.compression());
        }
        if (payload.kid() == null) {
            throw new DecryptionException(field + ".kid is required to find the key");
        }
    }
}
