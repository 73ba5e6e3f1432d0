package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Objects;

/**
 * One overridable setting. Every knob is a whole number (a count or a number of seconds), so one parser and one
 * bounds check cover them all; the unit only tells operators what the number means.
 *
 * @param key         the config key, as stored in {@code config_overrides.config_key}
 * @param unit        what the number counts
 * @param min         smallest value an override may set (inclusive)
 * @param max         largest value an override may set (inclusive)
 * @param knobClass   how a change reaches its user
 * @param description what the knob does, for {@code rez backfill overrides knobs} and the docs
 */
public record OverrideKnob(String key, Unit unit, long min, long max, KnobClass knobClass, String description) {
    /** What a knob's number counts. */
    public enum Unit {
        COUNT, SECONDS;

        public String wire() {
            return this == COUNT ? "count" : "seconds";
        }
    }

    public OverrideKnob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(knobClass, "knobClass");
        Objects.requireNonNull(description, "description");
        if (min > max) {
            throw new IllegalArgumentException("knob " + key + ": min " + min + " > max " + max);
        }
    }

    /**
     * The value in its canonical form (a plain decimal number, so "0500" and "500" are the same override).
     *
     * @throws OverrideRejected not a whole number, or outside [min, max]
     */
    public String canonical(String value) {
        return Long.toString(parse(value));
    }

    /** The value as a number, checked against the bounds. */
    public long parse(String value) {
        long number;
        try {
            number = Long.parseLong(Objects.requireNonNull(value, "value").strip());
        } catch (NumberFormatException notANumber) {
            throw new OverrideRejected(OverrideRejected.VALUE_NOT_A_NUMBER,
                    key + " takes a whole number of " + unit.wire() + ", got '" + value + "'");
        }
        if (number < min || number > max) {
            throw new OverrideRejected(OverrideRejected.VALUE_OUT_OF_BOUNDS,
                    key + " must be within " + min + ".." + max + " " + unit.wire() + ", got " + number);
        }
        return number;
    }
}
