package io.rezilient.restore.service.http;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Load shedding: at most {@code maxInFlight} API requests are served at once; one more is answered at once with
 * {@code 503 overloaded} and {@code Retry-After}. Requests are cheap virtual threads but the database pool is small,
 * so without a bound a burst beyond capacity piles up waiting requests (and their buffers) until memory and garbage
 * collection take the whole machine, and every caller times out instead of a few being told to retry. Health,
 * readiness and metrics paths are never shed: orchestrators must still see the process. The permit is taken before
 * authentication ({@link InFlightFilter}), so a flood of bad tokens is shed like any other load instead of reaching
 * the grant table unbounded.
 */
public final class InFlightLimit {
    /** Enough for the pool's connections several times over and for long plan streams alongside them. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    static final String RETRY_AFTER_SECONDS = "1";
    private static final Set<String> NEVER_SHED = Set.of("/livez", "/readyz", "/v1/health", "/metrics");

    private final int maxInFlight;
    private final Semaphore permits;

    public InFlightLimit(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /** Whether a request for {@code path} may be served now; if true, {@link #exit} must follow. */
    boolean tryEnter(String path) {
        return NEVER_SHED.contains(path) || permits.tryAcquire();
    }

    void exit(String path) {
        if (!NEVER_SHED.contains(path)) {
            permits.release();
        }
    }

    /** Permits free now: {@code maxInFlight} when nothing is in flight (tests check that none leak). */
    int available() {
        return permits.availablePermits();
    }

    ApiError overloaded() {
        return new ApiError(503, "overloaded", null, "the service is serving its limit of " + maxInFlight
                + " requests; retry after " + RETRY_AFTER_SECONDS + " s");
    }
}
