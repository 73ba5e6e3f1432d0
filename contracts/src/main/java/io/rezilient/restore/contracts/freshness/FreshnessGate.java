package io.rezilient.restore.contracts.freshness;

import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.time.LenientDates;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.IssueCode;
import io.rezilient.restore.contracts.validation.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The freshness gate of indexer-spec §6, the one both the indexer and the restore service evaluate (the reference
 * had two that disagreed). Lag is whole seconds from the partition's {@code indexed_through_time} to now, floored
 * and clamped at zero (a watermark in the future counts as zero lag):
 * <ul>
 *   <li>no watermark: unknown, blocked, {@code blocked_freshness_unknown};</li>
 *   <li>lag {@code <=} staleAfterSeconds: fresh, executable, {@code none};</li>
 *   <li>otherwise stale with {@code blocked_freshness_stale}: blocked, or preview_only with
 *       {@code gate_timed_out} once the caller has waited (whole seconds) at least timeoutSeconds.</li>
 * </ul>
 */
public final class FreshnessGate {
    static final String INVALID_WATERMARK_TIME = "Invalid ISO time supplied to freshness gate";

    private final FreshnessPolicy policy;

    public FreshnessGate(FreshnessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public FreshnessPolicy policy() {
        return policy;
    }

    /**
     * Evaluates typed inputs.
     *
     * @param indexedThroughTime the partition watermark's time, or {@code null} when the partition has none
     * @param now                the evaluation time
     * @param waitStartedAt      when the caller started waiting for the partition, or {@code null}
     */
    public FreshnessDecision evaluate(Instant indexedThroughTime, Instant now, Instant waitStartedAt) {
        Objects.requireNonNull(now, "now");
        if (indexedThroughTime == null) {
            return FreshnessDecision.unknown();
        }
        long lag = wholeSecondsBetween(indexedThroughTime, now);
        if (isFresh(lag)) {
            return FreshnessDecision.fresh(lag);
        }
        return FreshnessDecision.stale(lag, waitStartedAt != null && timedOut(waitStartedAt, now));
    }

    /**
     * Evaluates wire inputs as the reference does: {@code now} must be a strict ISO UTC timestamp; the watermark
     * time is read leniently (as stored values always were); {@code waitStartedAt} is optional ({@code null} or
     * empty means not waiting) and, when given, is checked strictly only if the partition is stale.
     *
     * @throws ValidationException      when {@code now} (or a needed {@code waitStartedAt}) is not a strict timestamp
     * @throws IllegalArgumentException when the watermark time cannot be read at all
     */
    public FreshnessDecision evaluate(String indexedThroughTime, String now, String waitStartedAt) {
        Instant evaluatedAt = strict(now);
        if (indexedThroughTime == null) {
            return FreshnessDecision.unknown();
        }
        OptionalLong watermarkMillis = LenientDates.parse(indexedThroughTime);
        if (watermarkMillis.isEmpty()) {
            throw new IllegalArgumentException(INVALID_WATERMARK_TIME);
        }
        Instant watermark = Instant.ofEpochMilli(watermarkMillis.getAsLong());
        boolean waiting = waitStartedAt != null && !waitStartedAt.isEmpty();
        boolean needsWait = waiting && !isFresh(wholeSecondsBetween(watermark, evaluatedAt));
        return evaluate(watermark, evaluatedAt, needsWait ? strict(waitStartedAt) : null);
    }

    private boolean isFresh(long lagSeconds) {
        return lagSeconds <= policy.staleAfterSeconds();
    }

    private boolean timedOut(Instant waitStartedAt, Instant now) {
        return wholeSecondsBetween(waitStartedAt, now) >= policy.timeoutSeconds();
    }

    /** Whole seconds from {@code from} to {@code to}, floored, never negative. */
    private static long wholeSecondsBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).getSeconds());
    }

    private static Instant strict(String timestamp) {
        return IsoUtc.parse(timestamp).orElseThrow(
                () -> new ValidationException(List.of(Issue.of(IssueCode.CUSTOM, IsoUtc.RULE_MESSAGE))));
    }
}
