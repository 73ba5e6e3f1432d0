package io.rezilient.restore.service.config;

/**
 * Initial values of the admin flags (service-spec §8). Accepted for compatibility, not used yet: the admin routes that
 * read and toggle them ({@code staging-mode}, {@code runbooks-signoff}, GA readiness) have not landed.
 */
public record OpsFlags(boolean stagingModeEnabled, boolean runbooksSignedOff) {
}
