package io.rezilient.restore.capture.keys;

/** A keyring problem an operator can fix: a missing or malformed keyring file, an unknown tenant or key id. */
public final class KeyringException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
