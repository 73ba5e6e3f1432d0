package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings an override may change, with their bounds. A key that is not here cannot be overridden: an override
 * of a setting nothing reads would be recorded, versioned and audited, and still change nothing.
 */
public final class OverrideCatalogue {
    /** The restore service's freshness stale-after (RRS_RESTORE_INDEX_STALE_AFTER_SECONDS, baseline 120). */
    public static final String INDEX_STALE_AFTER_SECONDS = "index_stale_after_seconds";
    /** Events per backfill batch (REZ_RESTORE_INDEXER_BACKFILL_BATCH_SIZE, baseline 250). */
    public static final String BACKFILL_BATCH_SIZE = "backfill_batch_size";
    /** Live freshness lag above which a backfill pauses (REZ_RESTORE_INDEXER_BACKFILL_MAX_LAG_SECONDS, baseline 180). */
    public static final String BACKFILL_MAX_REALTIME_LAG_SECONDS = "backfill_max_realtime_lag_seconds";
    /** Live freshness lag below which a paused backfill resumes. */
    public static final String BACKFILL_RESUME_LAG_SECONDS = "backfill_resume_lag_seconds";
    /** Partitions one backfill run works on at once (the reference's LANE_MAX_PER_PARTITION analogue). */
    public static final String BACKFILL_MAX_CONCURRENT_PARTITIONS = "backfill_max_concurrent_partitions";
    /** Object reads in flight per indexer process (REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY). */
    public static final String INDEXER_READ_CONCURRENCY = "indexer_read_concurrency";

    private static final Map<String, OverrideKnob> KNOBS = knobs(
            // At least 1 s: 0 would call every partition stale the moment a live event arrives. At most a day: a
            // longer allowance no longer relaxes the freshness gate for a backfill, it switches it off.
            new OverrideKnob(INDEX_STALE_AFTER_SECONDS, OverrideKnob.Unit.SECONDS, 1, 86_400, KnobClass.HOT,
                    "Index lag after which the restore service calls a partition stale."),
            // A batch commits in one transaction with its cursor, so its size bounds both how long that transaction
            // holds locks beside the live worker and how much a crash replays. 10,000 is 40 times the baseline and
            // commits in about 1.3 s at the measured ~7,700 events/s; larger batches only lengthen both.
            new OverrideKnob(BACKFILL_BATCH_SIZE, OverrideKnob.Unit.COUNT, 1, 10_000, KnobClass.HOT,
                    "Events per backfill batch (the AIMD throttle's ceiling)."),
            // At least 1 s: live lag is rarely exactly 0 while events arrive, so 0 would keep a run paused for good.
            // At most an hour: live first — past that, restores plan against an index far staler than any sane
            // stale-after, and the backfill should yield instead.
            new OverrideKnob(BACKFILL_MAX_REALTIME_LAG_SECONDS, OverrideKnob.Unit.SECONDS, 1, 3_600, KnobClass.HOT,
                    "Live freshness lag above which a backfill run pauses (the upper bound)."),
            // Strictly below the pause bound (checked against an active pause override too), so the throttle has
            // hysteresis and cannot flap; 0 means resume only once live indexing has fully caught up.
            new OverrideKnob(BACKFILL_RESUME_LAG_SECONDS, OverrideKnob.Unit.SECONDS, 0, 3_599, KnobClass.HOT,
                    "Live freshness lag below which a paused backfill run resumes (the lower bound)."),
            // Every partition in flight holds a pooled database connection while it writes; PostgreSQL's default of
            // 100 connections is shared with the live worker and the restore service, so 32 leaves them room.
            new OverrideKnob(BACKFILL_MAX_CONCURRENT_PARTITIONS, OverrideKnob.Unit.COUNT, 1, 32, KnobClass.RECONFIGURE,
                    "Partitions one backfill run works on at once; applied at the run's next batch boundary."),
            // Listed so operators learn why it cannot be overridden rather than being told it does not exist: the
            // read permits are sized when the process starts. Bounds as REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY.
            new OverrideKnob(INDEXER_READ_CONCURRENCY, OverrideKnob.Unit.COUNT, 1, 1_024, KnobClass.RESTART,
                    "Object reads in flight per indexer process; sized at start, so change the environment instead."));

    private OverrideCatalogue() {
    }

    private static Map<String, OverrideKnob> knobs(OverrideKnob... knobs) {
        Map<String, OverrideKnob> byKey = new HashMap<>();
        for (OverrideKnob knob : knobs) {
            byKey.put(knob.key(), knob);
        }
        return Map.copyOf(byKey);
    }

    /** Every knob, in key order. */
    public static List<OverrideKnob> all() {
        return KNOBS.values().stream().sorted(Comparator.comparing(OverrideKnob::key)).toList();
    }

    public static Optional<OverrideKnob> find(String key) {
        return Optional.ofNullable(key).map(KNOBS::get);
    }

    /**
     * The knob a windowed override may change.
     *
     * @throws OverrideRejected the key is unknown, or a restart-class knob
     */
    public static OverrideKnob windowable(String key) {
        OverrideKnob knob = find(key).orElseThrow(() -> new OverrideRejected(OverrideRejected.KEY_UNKNOWN,
                "'" + key + "' is not an overridable setting; known: " + String.join(", ", KNOBS.keySet().stream()
                        .sorted().toList())));
        if (!knob.knobClass().windowable()) {
            throw new OverrideRejected(OverrideRejected.KEY_REQUIRES_RESTART, key
                    + " is read once at process start, so an override could neither apply nor revert on time;"
                    + " change it in the environment and restart");
        }
        return knob;
    }

    /**
     * The pair of lag bounds: a knob whose value must stay below another's, or empty. Returns the upper knob's key
     * for the lower one and vice versa, with which side this key is on.
     */
    static Optional<LagBoundPair> lagPair(String key) {
        if (BACKFILL_RESUME_LAG_SECONDS.equals(key)) {
            return Optional.of(new LagBoundPair(BACKFILL_MAX_REALTIME_LAG_SECONDS, true));
        }
        if (BACKFILL_MAX_REALTIME_LAG_SECONDS.equals(key)) {
            return Optional.of(new LagBoundPair(BACKFILL_RESUME_LAG_SECONDS, false));
        }
        return Optional.empty();
    }

    /**
     * @param otherKey   the key the staged value is compared with
     * @param stagedIsLower whether the staged key must be strictly below the other's value (else strictly above)
     */
    record LagBoundPair(String otherKey, boolean stagedIsLower) {
        /** Whether the two values keep the resume bound strictly below the pause bound. */
        boolean consistent(long staged, long other) {
            return stagedIsLower ? staged < other : staged > other;
        }
    }
}
