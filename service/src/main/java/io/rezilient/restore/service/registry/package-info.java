/**
 * Source mappings (service-spec §2.3–§2.5): which source a (tenant, instance) belongs to, whether its tenant,
 * entitlement and instance are active and whether it admits this service. {@link
 * io.rezilient.restore.service.registry.SourceRegistry} answers found / not found / outage; the auth control plane
 * ({@link io.rezilient.restore.service.registry.AcpSourceRegistry}, behind {@link
 * io.rezilient.restore.service.registry.CachedSourceRegistry}) is authoritative when configured, otherwise the
 * service's own table ({@link io.rezilient.restore.service.registry.PostgresSourceRegistry}). {@link
 * io.rezilient.restore.service.registry.SourceMappingEnforcement} turns an answer into allow or a refusal.
 */
package io.rezilient.restore.service.registry;
