package io.rezilient.restore.service.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where source mappings (tenant, instance → source) come from.
 *
 * @param acp the auth control plane, when configured; empty means the service's own PostgreSQL source registry is
 *            authoritative (deviation S2: the reference requires the ACP)
 */
public record SourceRegistrySettings(Optional<AcpEndpoint> acp, Duration acpRequestTimeout,
                                     Duration acpPositiveCacheTtl, Duration acpNegativeCacheTtl) {
    public SourceRegistrySettings {
        Objects.requireNonNull(acp, "acp");
        Objects.requireNonNull(acpRequestTimeout, "acpRequestTimeout");
        Objects.requireNonNull(acpPositiveCacheTtl, "acpPositiveCacheTtl");
        Objects.requireNonNull(acpNegativeCacheTtl, "acpNegativeCacheTtl");
    }
}
