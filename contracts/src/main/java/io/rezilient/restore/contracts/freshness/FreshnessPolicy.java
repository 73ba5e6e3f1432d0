package io.rezilient.restore.contracts.freshness;

/**
 * How much indexing lag a restore tolerates, and how long a caller waits for a stale partition to catch up
 * before a preview is allowed. Seconds may be fractional (a threshold of 1.5 s accepts a lag of 1 s).
 *
 * @param staleAfterSeconds largest lag, in whole seconds, that still counts as fresh (inclusive)
 * @param timeoutSeconds    wait after which a stale partition allows {@code preview_only} instead of blocking
 */
public record FreshnessPolicy(double staleAfterSeconds, double timeoutSeconds) {
    public static final double DEFAULT_STALE_AFTER_SECONDS = 120;
    public static final double DEFAULT_TIMEOUT_SECONDS = 60;
    /** The reference's defaults: stale after 120 s, time out after 60 s. */
    public static final FreshnessPolicy DEFAULT =
            new FreshnessPolicy(DEFAULT_STALE_AFTER_SECONDS, DEFAULT_TIMEOUT_SECONDS);

    public FreshnessPolicy {
        requireNonNegative("staleAfterSeconds", staleAfterSeconds);
        requireNonNegative("timeoutSeconds", timeoutSeconds);
    }

    private static void requireNonNegative(String name, double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("freshness policy " + name + " must be a finite number >= 0, got "
                    + seconds);
        }
    }
}
