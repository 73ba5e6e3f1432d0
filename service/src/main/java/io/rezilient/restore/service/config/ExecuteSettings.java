package io.rezilient.restore.service.config;

import java.time.Duration;

/** Execution limits (service-spec §6, §11). Accepted for compatibility, not used yet: execution has not landed. */
public record ExecuteSettings(int defaultChunkSize, int maxRows, double elevatedSkipRatioPercent,
                              int maxChunksPerAttempt, Duration preflightReconcileStaleAfter) {
}
