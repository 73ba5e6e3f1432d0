package io.rezilient.restore.capture.crypto;

/** A ciphertext could not be opened: wrong or unknown key, tampered bytes, wrong identity, or a malformed envelope. */
public final class DecryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
