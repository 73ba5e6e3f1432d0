package io.rezilient.restore.agent.crypto;

import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.keys.Keyring;

import java.security.SecureRandom;
import java.time.Instant;

/** Real keyrings with fresh random keys, as {@code rez keys generate} makes them. */
public final class TestKeyrings {
    public static final String TENANT = "tenant-acme";
    public static final String OTHER_TENANT = "tenant-globex";
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeyrings() {
    }

    /** Keys for {@link #TENANT} and {@link #OTHER_TENANT}. */
    public static Keyring twoTenants() {
        return Keyring.empty().generate(TENANT, material(), CREATED).generate(OTHER_TENANT, material(), CREATED);
    }

    public static byte[] material() {
        byte[] bytes = new byte[DataKey.KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
