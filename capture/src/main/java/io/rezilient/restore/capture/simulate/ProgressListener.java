package io.rezilient.restore.capture.simulate;

/** Told how far a run is; called from the planner thread, often, so implementations should be cheap. */
@FunctionalInterface
public interface ProgressListener {

    /** {@code written} of {@code total} events are stored. */
    void progress(long written, long total);

    ProgressListener NONE = (written, total) -> {
    };
}
