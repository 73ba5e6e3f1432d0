package io.rezilient.restore.capture.keys;

import io.rezilient.restore.capture.crypto.DataKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tenant keyring: key id → 256-bit key, one active key per tenant, retired keys kept for decryption.
 * Immutable; {@link #generate} and {@link #rotate} return a new keyring. Key ids are unique across tenants.
 */
public final class Keyring {
    /** Separates the tenant from the key's sequence number in generated key ids ({@code tenant-acme:k2}). */
    static final String KID_SEPARATOR = ":k";

    private final Map<String, TenantKeys> tenants;

    public Keyring(Collection<TenantKeys> tenants) {
        Map<String, TenantKeys> byTenant = new TreeMap<>();
        Set<String> kids = new HashSet<>();
        for (TenantKeys tenant : tenants) {
            if (byTenant.put(tenant.tenantId(), tenant) != null) {
                throw new KeyringException("tenant " + tenant.tenantId() + " appears twice in the keyring");
            }
            for (DataKey key : tenant.keys()) {
                if (!key.tenantId().equals(tenant.tenantId())) {
                    throw new KeyringException("key " + key.kid() + " belongs to tenant " + key.tenantId()
                            + " but is listed under tenant " + tenant.tenantId());
                }
                if (!kids.add(key.kid())) {
                    throw new KeyringException("key id " + key.kid() + " appears more than once in the keyring");
                }
            }
        }
        this.tenants = java.util.Collections.unmodifiableMap(byTenant);
    }

    public static Keyring empty() {
        return new Keyring(List.of());
    }

    /** Every tenant, by tenant id. */
    public List<TenantKeys> tenants() {
        return List.copyOf(tenants.values());
    }

    public Optional<TenantKeys> tenant(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    /** The key new values of {@code tenantId} are sealed with. */
    public DataKey activeKey(String tenantId) {
        return requireTenant(tenantId).active();
    }

    /** The key {@code kid} of {@code tenantId}, retired or active; a key of another tenant is not found. */
    public DataKey key(String tenantId, String kid) {
        return requireTenant(tenantId).key(kid).orElseThrow(() -> new KeyringException(
                "key id " + kid + " is not a key of tenant " + tenantId + " in the keyring"));
    }

    /** Adds the first key of a new tenant. */
    public Keyring generate(String tenantId, byte[] material, Instant now) {
        requireTenantId(tenantId);
        if (tenants.containsKey(tenantId)) {
            throw new KeyringException("tenant " + tenantId + " already has keys; use rotate to add a new active key");
        }
        DataKey key = new DataKey(nextKid(tenantId, 1), tenantId, now, material);
        List<TenantKeys> next = new ArrayList<>(tenants.values());
        next.add(new TenantKeys(tenantId, key.kid(), List.of(key)));
        return new Keyring(next);
    }

    /** Adds a new active key to an existing tenant; its previous keys stay for decryption. */
    public Keyring rotate(String tenantId, byte[] material, Instant now) {
        TenantKeys current = requireTenant(tenantId);
        DataKey key = new DataKey(nextKid(tenantId, current.keys().size() + 1), tenantId, now, material);
        List<DataKey> keys = new ArrayList<>(current.keys());
        keys.add(key);
        List<TenantKeys> next = new ArrayList<>();
        for (TenantKeys tenant : tenants.values()) {
            next.add(tenant.tenantId().equals(tenantId) ? new TenantKeys(tenantId, key.kid(), keys) : tenant);
        }
        return new Keyring(next);
    }

    private String nextKid(String tenantId, int sequence) {
        Set<String> taken = new HashSet<>();
        tenants.values().forEach(t -> t.keys().forEach(k -> taken.add(k.kid())));
        // A hand-edited keyring could already use the natural next id; skip to the first free one.
        for (int n = sequence; ; n++) {
            String kid = tenantId + KID_SEPARATOR + n;
            if (!taken.contains(kid)) {
                return kid;
            }
        }
    }

    private TenantKeys requireTenant(String tenantId) {
        TenantKeys tenant = tenants.get(tenantId);
        if (tenant == null) {
            throw new KeyringException("tenant " + tenantId + " has no keys in the keyring; create one with "
                    + "'rez keys generate --tenant " + tenantId + "'");
        }
        return tenant;
    }

    static void requireTenantId(String tenantId) {
        if (tenantId == null || tenantId.isBlank() || !tenantId.equals(tenantId.strip())) {
            throw new KeyringException("tenant id must be non-blank without surrounding spaces, got '" + tenantId + "'");
        }
        if (tenantId.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new KeyringException("tenant id must not contain control characters");
        }
    }
}
