package io.rezilient.restore.capture.crypto;

import java.security.SecureRandom;

/** Fresh random nonces from a {@link SecureRandom}: the production choice (ingest, keyring tooling). */
public final class RandomIvSource implements IvSource {
    private final SecureRandom random;

    public RandomIvSource() {
        this(new SecureRandom());
    }

    public RandomIvSource(SecureRandom random) {
        this.random = random;
    }

    @Override
    public void fill(DataKey key, byte[] aad, byte[] plaintext, byte[] iv) {
        random.nextBytes(iv);
    }
}
