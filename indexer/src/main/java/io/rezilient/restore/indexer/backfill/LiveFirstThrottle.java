package io.rezilient.restore.indexer.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keeps a backfill run from hurting live indexing (recovery-backfill §3b "Lag throttling": live first, backfill is
 * shed first). Before each batch it looks at the live worker's freshness lag and at how long the run's last batch
 * took, and decides the next batch's size and whether the run should pause:
 * <ul>
 *   <li>lag above the pause bound: pause ({@code paused_lag}); paused, resume only once the lag is below the resume
 *       bound. Each flip waits {@link #STATE_DWELL} after the previous one, so a lag hovering at a bound cannot make
 *       the run flap;</li>
 *   <li>running with the lag above the resume bound, or a batch slower than {@link #SLOW_BATCH}: halve the batch
 *       (multiplicative decrease, at once);</li>
 *   <li>otherwise grow it by a quarter (additive-ish increase), at most every {@link #GROWTH_DWELL}, up to the
 *       ceiling.</li>
 * </ul>
 * Pure logic on the times it is given; not thread-safe (one runner drives it).
 */
public final class LiveFirstThrottle {
    /** Least time between a pause and a resume (or the reverse). */
    public static final Duration STATE_DWELL = Duration.ofSeconds(10);
    /** Least time between two increases of the batch size. */
    public static final Duration GROWTH_DWELL = Duration.ofMillis(500);
    /** A batch (read, write, commit) slower than this means the database or store is pressed: shrink. */
    public static final Duration SLOW_BATCH = Duration.ofSeconds(2);
    /** The first batch size: small, so the first decision is made before much work is done. */
    private static final int FIRST_BATCH = 16;

    /**
     * What to do next.
     *
     * @param pause      whether the run should be paused now (false: running)
     * @param reasonCode why it is paused ({@code paused_lag}), or {@code none}
     * @param batchSize  the size of the next batch
     */
    public record Decision(boolean pause, String reasonCode, int batchSize) {
    }

    /**
     * The bounds in force for one decision (overrides may change them between decisions).
     *
     * @param ceiling            the largest batch
     * @param pauseLagSeconds    pause above this live lag
     * @param resumeLagSeconds   resume below this live lag (below the pause bound)
     */
    public record Bounds(int ceiling, long pauseLagSeconds, long resumeLagSeconds) {
        public Bounds {
            if (ceiling < 1 || resumeLagSeconds < 0 || resumeLagSeconds >= pauseLagSeconds) {
                throw new IllegalArgumentException("throttle bounds need a ceiling >= 1 and 0 <= resume < pause, got "
                        + ceiling + ", " + resumeLagSeconds + ", " + pauseLagSeconds);
            }
        }
    }

    private boolean paused;
    private Instant flippedAt;
    private Instant grewAt;
    private int batchSize = FIRST_BATCH;

    /** A throttle that starts paused (the run was paused for lag when this process took it over) or running. */
    public LiveFirstThrottle(boolean paused) {
        this.paused = paused;
    }

    /**
     * @param lagSeconds       the live worker's freshness lag now
     * @param lastBatch        how long the run's previous batch took, or null before the first
     */
    public Decision decide(Bounds bounds, long lagSeconds, Duration lastBatch, Instant now) {
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(now, "now");
        batchSize = Math.min(batchSize, bounds.ceiling());
        boolean dwelled = flippedAt == null || !now.isBefore(flippedAt.plus(STATE_DWELL));
        if (!paused && lagSeconds > bounds.pauseLagSeconds() && dwelled) {
            flip(true, now);
        } else if (paused && lagSeconds < bounds.resumeLagSeconds() && dwelled) {
            flip(false, now);
            batchSize = Math.max(1, batchSize / 2); // come back gently
        } else if (!paused) {
            boolean pressed = lagSeconds > bounds.resumeLagSeconds()
                    || lastBatch != null && lastBatch.compareTo(SLOW_BATCH) > 0;
            if (pressed) {
                batchSize = Math.max(1, batchSize / 2);
            } else if (grewAt == null || !now.isBefore(grewAt.plus(GROWTH_DWELL))) {
                batchSize = Math.min(bounds.ceiling(), Math.max(batchSize + 1, batchSize + batchSize / 4));
                grewAt = now;
            }
        }
        return new Decision(paused, paused ? "paused_lag" : "none", batchSize);
    }

    private void flip(boolean pause, Instant now) {
        paused = pause;
        flippedAt = now;
    }
}
