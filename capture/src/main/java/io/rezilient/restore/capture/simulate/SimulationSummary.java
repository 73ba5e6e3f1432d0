package io.rezilient.restore.capture.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a run wrote.
 *
 * @param events         events written (one artifact and one manifest each)
 * @param eventsByType   events per CloudEvent type
 * @param recordsByTable records created per table
 * @param liveByTable    records still live at the end, per table
 * @param objects        objects put (artifacts, manifests, blobs, offset state)
 * @param bytes          bytes put in artifacts, manifests and blobs
 * @param firstEventTime time of the first event
 * @param lastEventTime  time of the last event
 * @param elapsed        wall-clock time of the run
 */
public record SimulationSummary(long events, Map<String, Long> eventsByType, Map<String, Integer> recordsByTable,
                                Map<String, Integer> liveByTable, long objects, long bytes, Instant firstEventTime,
                                Instant lastEventTime, Duration elapsed) {
    public SimulationSummary {
        eventsByType = Map.copyOf(eventsByType);
        recordsByTable = Map.copyOf(recordsByTable);
        liveByTable = Map.copyOf(liveByTable);
    }

    /** Events written per wall-clock second. */
    public double eventsPerSecond() {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        return events / seconds;
    }
}
