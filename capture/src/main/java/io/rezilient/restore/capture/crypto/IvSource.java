package io.rezilient.restore.capture.crypto;

/**
 * Chooses the 96-bit GCM nonce for one encryption. GCM is only safe while a key never sees the same nonce
 * with two different messages; both implementations guarantee that, in different ways.
 */
public interface IvSource {
    /** GCM's standard nonce length. */
    int IV_BYTES = 12;

    /** Fills {@code iv} ({@value #IV_BYTES} bytes) with the nonce for sealing {@code plaintext} under {@code key} with {@code aad}. */
    void fill(DataKey key, byte[] aad, byte[] plaintext, byte[] iv);
}
