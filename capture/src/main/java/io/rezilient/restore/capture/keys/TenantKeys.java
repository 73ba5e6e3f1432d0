package io.rezilient.restore.capture.keys;

import io.rezilient.restore.capture.crypto.DataKey;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's keys: every key it ever had (old ones stay so old ciphertext still opens) and the one active
 * key new values are sealed with.
 */
public record TenantKeys(String tenantId, String activeKid, List<DataKey> keys) {
    public TenantKeys {
        keys = List.copyOf(keys);
        if (keys.stream().noneMatch(k -> k.kid().equals(activeKid))) {
            throw new KeyringException("tenant " + tenantId + ": active_kid " + activeKid + " is not one of its keys");
        }
    }

    /** The key new values are sealed with. */
    public DataKey active() {
        return key(activeKid).orElseThrow();
    }

    public Optional<DataKey> key(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }
}
