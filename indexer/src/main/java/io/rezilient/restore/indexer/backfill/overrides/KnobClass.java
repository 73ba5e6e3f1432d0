package io.rezilient.restore.indexer.backfill.overrides;

import java.util.Locale;

/**
 * How a change of a knob reaches the code that uses it (config §23 of the reference: hot / reconfigure / restart).
 * The class decides whether a knob may be overridden for a window at all: a window only makes sense when both its
 * start and its end take effect without anyone restarting a process.
 */
public enum KnobClass {
    /** Read at every decision (each freshness check, each batch): the new value applies at once. */
    HOT,
    /** Read when the component re-plans (the next batch boundary or lease cycle): applies within one cycle. */
    RECONFIGURE,
    /** Read once at process start: an override could neither take effect nor revert on time, so it is refused. */
    RESTART;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean windowable() {
        return this != RESTART;
    }
}
