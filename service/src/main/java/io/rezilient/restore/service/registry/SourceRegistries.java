package io.rezilient.restore.service.registry;

import io.rezilient.restore.service.config.SourceRegistrySettings;

import javax.sql.DataSource;
import java.time.Clock;

/** Chooses the authoritative registry from the settings (deviation S2). */
public final class SourceRegistries {
    private SourceRegistries() {
    }

    /**
     * The ACP behind the TTL cache when it is configured; otherwise the service's own table, uncached: it is local,
     * and an admin's change (a suspension) must take effect on the next request.
     */
    public static SourceRegistry from(SourceRegistrySettings settings, DataSource dataSource, Clock clock) {
        return settings.acp()
                .<SourceRegistry>map(acp -> new CachedSourceRegistry(
                        new AcpSourceRegistry(acp, settings.acpRequestTimeout()),
                        settings.acpPositiveCacheTtl(), settings.acpNegativeCacheTtl(), clock))
                .orElseGet(() -> new PostgresSourceRegistry(dataSource));
    }
}
