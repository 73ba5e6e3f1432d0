package io.rezilient.restore.service.config;

/**
 * Media restore limits (service-spec §6.10, §11). Accepted for compatibility, not used yet: media restore has not
 * landed.
 */
public record MediaSettings(int chunkSize, int maxItems, long maxBytes, int maxRetryAttempts) {
}
