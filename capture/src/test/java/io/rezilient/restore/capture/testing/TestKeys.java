package io.rezilient.restore.capture.testing;

import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.keys.Keyring;
import java.time.Instant;
import java.util.Arrays;

/** Fixed keys, so runs that should give identical bytes use identical keys. */
public final class TestKeys {
    public static final String TENANT = "tenant-acme";
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private TestKeys() {
    }

    public static byte[] material(int fill) {
        byte[] bytes = new byte[DataKey.KEY_BYTES];
        Arrays.fill(bytes, (byte) fill);
        bytes[0] = 0x5A;
        return bytes;
    }

    public static DataKey key(String kid, int fill) {
        return new DataKey(kid, TENANT, CREATED, material(fill));
    }

    /** A keyring with one key for {@link #TENANT}. */
    public static Keyring keyring() {
        return Keyring.empty().generate(TENANT, material(7), CREATED);
    }
}
