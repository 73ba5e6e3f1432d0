package io.rezilient.restore.service.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The positive/negative TTL cache in front of the ACP (service-spec §2.5): a found mapping is kept for the positive
 * TTL, a "not found" for the negative TTL, an outage never (every call during an outage goes upstream and fails
 * closed). A zero TTL disables that class. Expired entries are evicted when looked up. Unbounded, as the reference:
 * the key space is the tenants' instances, which is small and admin-controlled.
 */
public final class CachedSourceRegistry implements SourceRegistry {
    /** A structured key: unlike the reference's {@code "t|i|s"} string, ids containing {@code |} cannot collide. */
    private record Key(String tenantId, String instanceId, String serviceScope) {
    }

    private record Entry(SourceResolution resolution, Instant expiresAt) {
    }

    private final SourceRegistry upstream;
    private final Duration positiveTtl;
    private final Duration negativeTtl;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public CachedSourceRegistry(SourceRegistry upstream, Duration positiveTtl, Duration negativeTtl, Clock clock) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.positiveTtl = notNegative(positiveTtl, "positive");
        this.negativeTtl = notNegative(negativeTtl, "negative");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SourceResolution resolve(String tenantId, String instanceId, String serviceScope) {
        String scope = serviceScope == null || serviceScope.isEmpty() ? RRS_SCOPE : serviceScope;
        Key key = new Key(tenantId, instanceId, scope);
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null) {
            if (now.isBefore(cached.expiresAt())) {
                return cached.resolution();
            }
            entries.remove(key, cached);
        }
        SourceResolution fresh = upstream.resolve(tenantId, instanceId, scope);
        Duration ttl = switch (fresh) {
            case SourceResolution.Found found -> positiveTtl;
            case SourceResolution.NotFound notFound -> negativeTtl;
            case SourceResolution.Outage outage -> Duration.ZERO;
        };
        if (!ttl.isZero()) {
            entries.put(key, new Entry(fresh, now.plus(ttl)));
        }
        return fresh;
    }

    /** Entries held, expired ones included until looked up (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    private static Duration notNegative(Duration ttl, String which) {
        Objects.requireNonNull(ttl, which + "Ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the " + which + " cache TTL must not be negative, got " + ttl);
        }
        return ttl;
    }
}
