package io.rezilient.restore.capture.crypto;

import io.rezilient.restore.contracts.events.EncryptedPayload;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag, framed as {@code iv || ciphertext || tag}.
 *
 * <p>Holds one {@link Cipher} and reuses it for every call, because creating a cipher costs more than
 * encrypting a small record. Not thread-safe: give each thread its own instance.
 */
public final class AesGcm {
    public static final int TAG_BITS = 128;
    public static final int TAG_BYTES = TAG_BITS / 8;
    /** The smallest framed ciphertext: a nonce and a tag around an empty message. */
    public static final int MIN_FRAMED_BYTES = IvSource.IV_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final IvSource ivSource;
    private Cipher cipher;

    public AesGcm(IvSource ivSource) {
        this.ivSource = ivSource;
        this.cipher = newCipher();
    }

    /** Seals {@code plaintext} under {@code key}, binding {@code aad}; returns the envelope for an artifact body. */
    public EncryptedPayload seal(DataKey key, Aad aad, byte[] plaintext) {
        byte[] framed = sealFramed(key, aad.encode(key.kid()), plaintext);
        return GcmEnvelope.of(key.kid(), Base64.getEncoder().encodeToString(framed));
    }

    /** Seals and returns the raw frame {@code iv || ciphertext || tag}. */
    public byte[] sealFramed(DataKey key, byte[] aad, byte[] plaintext) {
        byte[] out = new byte[IvSource.IV_BYTES + plaintext.length + TAG_BYTES];
        byte[] iv = new byte[IvSource.IV_BYTES];
        ivSource.fill(key, aad, plaintext, iv);
        System.arraycopy(iv, 0, out, 0, iv.length);
        try {
            init(Cipher.ENCRYPT_MODE, key, iv);
            cipher.updateAAD(aad);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IvSource.IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            cipher = newCipher(); // a failed cipher may be left mid-operation
            throw new IllegalStateException("AES-GCM encryption under key " + key.kid() + " failed", e);
        }
    }

    /**
     * Opens a payload sealed by {@link #seal}; {@code what} names the value for messages (e.g.
     * {@code row_enc of incident/abc}). A wrong key, a tampered byte or a different identity fails the tag check.
     */
    public byte[] open(DataKey key, Aad aad, EncryptedPayload payload, String what) {
        GcmEnvelope.requireOpenable(payload, what);
        if (!payload.kid().equals(key.kid())) {
            throw new DecryptionException(what + " is sealed under key " + payload.kid() + ", not " + key.kid());
        }
        byte[] framed;
        try {
            framed = Base64.getDecoder().decode(payload.ciphertext());
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(what + ": ciphertext is not valid base64 (" + e.getMessage() + ")", e);
        }
        return openFramed(key, aad.encode(key.kid()), framed, what);
    }

    /** Opens a raw frame {@code iv || ciphertext || tag}. */
    public byte[] openFramed(DataKey key, byte[] aad, byte[] framed, String what) {
        if (framed.length < MIN_FRAMED_BYTES) {
            throw new DecryptionException(what + ": ciphertext is " + framed.length + " bytes, shorter than the "
                    + MIN_FRAMED_BYTES + "-byte nonce and tag");
        }
        byte[] iv = new byte[IvSource.IV_BYTES];
        System.arraycopy(framed, 0, iv, 0, iv.length);
        try {
            init(Cipher.DECRYPT_MODE, key, iv);
            cipher.updateAAD(aad);
            return cipher.doFinal(framed, IvSource.IV_BYTES, framed.length - IvSource.IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(what + " failed authentication under key " + key.kid()
                    + ": wrong key, tampered ciphertext, or sealed for a different record", e);
        } catch (GeneralSecurityException e) {
            cipher = newCipher();
            throw new DecryptionException(what + " could not be decrypted under key " + key.kid() + ": " + e, e);
        }
    }

    private void init(int mode, DataKey key, byte[] iv) throws GeneralSecurityException {
        GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, iv);
        try {
            cipher.init(mode, key.secret(), spec);
        } catch (InvalidAlgorithmParameterException e) {
            // The JDK refuses to encrypt twice in a row with the same key and nonce on one Cipher object. With
            // synthetic nonces that happens only for an identical message (same ciphertext, nothing leaks), so
            // a fresh Cipher object is the right answer, not an error.
            cipher = newCipher();
            cipher.init(mode, key.secret(), spec);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks " + TRANSFORMATION, e);
        }
    }
}
