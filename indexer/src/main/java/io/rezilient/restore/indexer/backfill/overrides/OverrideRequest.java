package io.rezilient.restore.indexer.backfill.overrides;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an operator (or a backfill run) asks to stage. Checked by {@link #validated(Instant)} before any database
 * work, so a bad request writes nothing.
 *
 * @param scope      where the override applies: an ingest scope id, a source, or {@code global}; free-form, because
 *                   the setting's reader decides which scope it consults
 * @param key        a knob of {@link OverrideCatalogue}
 * @param value      the new value, as text
 * @param validFrom  when it takes effect (null: now)
 * @param validUntil when it reverts; required, because an override without an end is a baseline change in disguise
 * @param ownerRunId the backfill run whose end also reverts it, or null
 * @param actor      who stages it (recorded as {@code created_by} and in the audit)
 * @param reason     why (required: the audit is read long after the incident)
 */
public record OverrideRequest(String scope, String key, String value, Instant validFrom, Instant validUntil,
                              String ownerRunId, String actor, String reason) {
    /**
     * The longest window. Long enough for a multi-week history extension; short enough that a forgotten override
     * cannot quietly become the configuration. An owning run ends its override sooner.
     */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);

    /** The run that owns the override, if any. */
    public Optional<String> owner() {
        return Optional.ofNullable(ownerRunId);
    }

    /**
     * This request with its value canonical and its start resolved against {@code now}.
     *
     * @throws OverrideRejected unknown or restart-class key, value not a number or out of bounds, window empty,
     *                          already over, or longer than {@link #MAX_WINDOW}, blank scope, actor or reason
     */
    public OverrideRequest validated(Instant now) {
        requireText("scope", scope);
        requireText("actor", actor);
        requireText("reason", reason);
        if (ownerRunId != null && ownerRunId.isBlank()) {
            throw new OverrideRejected(OverrideRejected.REQUEST_INVALID, "the owning run id is blank");
        }
        OverrideKnob knob = OverrideCatalogue.windowable(key);
        String canonical = knob.canonical(value);
        Instant from = validFrom == null ? now : validFrom;
        if (validUntil == null) {
            throw new OverrideRejected(OverrideRejected.WINDOW_INVALID, "valid_until is required: every override"
                    + " reverts on its own");
        }
        if (!validUntil.isAfter(from)) {
            throw new OverrideRejected(OverrideRejected.WINDOW_INVALID, "valid_until " + validUntil
                    + " is not after valid_from " + from);
        }
        if (!validUntil.isAfter(now)) {
            throw new OverrideRejected(OverrideRejected.WINDOW_INVALID, "valid_until " + validUntil
                    + " has already passed (now " + now + ")");
        }
        if (Duration.between(from, validUntil).compareTo(MAX_WINDOW) > 0) {
            throw new OverrideRejected(OverrideRejected.WINDOW_INVALID, "the window " + from + " .. " + validUntil
                    + " is longer than " + MAX_WINDOW.toDays() + " days");
        }
        return new OverrideRequest(scope, knob.key(), canonical, from, validUntil, ownerRunId, actor, reason);
    }

    private static void requireText(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new OverrideRejected(OverrideRejected.REQUEST_INVALID, what + " is required");
        }
    }
}
