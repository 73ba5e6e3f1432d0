package io.rezilient.restore.agent.crypto;

/**
 * An encrypted value could not be opened: its key is unknown, its bytes were tampered with, it was sealed for
 * another record, tenant or journal entry, or its envelope or plaintext is malformed. The message names the value
 * ({@code cannot decrypt diff_enc of incident/abc: …}); the caller records a failed row with it, never a crash.
 */
public final class CannotDecryptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotDecryptException(String message) {
        super(message);
    }

    public CannotDecryptException(String message, Throwable cause) {
        super(message, cause);
    }
}
