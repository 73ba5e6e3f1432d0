package io.rezilient.restore.indexer.backfill;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one backfill run (recovery-backfill §3b "replay_* metrics"), in the process that executes it:
 * <ul>
 *   <li>{@code rez_replay_events_total} and {@code rez_replay_bytes_total}: events the run's committed batches wrote
 *       (new or already indexed) and bytes of manifests and artifacts they read, taken from the run's audit rows, so
 *       they count exactly the committed batches, also those of an earlier process of the same run;</li>
 *   <li>{@code rez_replay_partition_lag_seconds}: how far, in event time, the run's position is behind the newest
 *       event the index holds for its partition;</li>
 *   <li>{@code rez_replay_run_state}: 1 for the run's current state, 0 for the others.</li>
 * </ul>
 * Counters and gauges hold their values strongly (Micrometer's function meters and gauges keep only a weak reference,
 * so a value could be collected — and scraped as 0 or NaN — while the registry still serves the run's meters).
 */
final class BackfillMetrics {
    private final Counter events;
    private final Counter bytes;
    /** The audit totals already counted, so each progress report adds only what is new. */
    private long eventsCounted;
    private long bytesCounted;
    private final AtomicLong lagSeconds = new AtomicLong();
    private final Map<BackfillStatus, AtomicLong> states = new EnumMap<>(BackfillStatus.class);

    BackfillMetrics(MeterRegistry registry, BackfillRun run) {
        Tags tags = Tags.of("run_id", run.runId(), "mode", run.mode().wire());
        events = Counter.builder("rez_replay_events").tags(tags)
                .description("Events written by the committed batches of a backfill run.").register(registry);
        bytes = Counter.builder("rez_replay_bytes").tags(tags).baseUnit("bytes")
                .description("Bytes of manifests and artifacts read by the committed batches of a backfill run.")
                .register(registry);
        // the same run executed again in this process finds its counters where it left them
        eventsCounted = (long) events.count();
        bytesCounted = (long) bytes.count();
        Gauge.builder("rez_replay_partition_lag_seconds", lagSeconds, AtomicLong::get).strongReference(true)
                .tags(tags.and("topic", run.window().topic(), "partition", Integer.toString(run.window().partition())))
                .description("Event time between a backfill run's position and the newest indexed event of its "
                        + "partition.").register(registry);
        for (BackfillStatus status : BackfillStatus.values()) {
            AtomicLong value = new AtomicLong();
            states.put(status, value);
            Gauge.builder("rez_replay_run_state", value, AtomicLong::get).strongReference(true)
                    .tags(tags.and("state", status.wire()))
                    .description("1 for the backfill run's current state, 0 for the others.").register(registry);
        }
    }

    void state(BackfillStatus current) {
        states.forEach((status, value) -> value.set(status == current ? 1 : 0));
    }

    /** The run's totals as its audit rows say, and its lag behind the partition (null: unknown, left as it was). */
    void progress(long eventsWritten, long bytesRead, Long lag) {
        events.increment(Math.max(0, eventsWritten - eventsCounted));
        bytes.increment(Math.max(0, bytesRead - bytesCounted));
        eventsCounted = Math.max(eventsCounted, eventsWritten);
        bytesCounted = Math.max(bytesCounted, bytesRead);
        if (lag != null) {
            lagSeconds.set(lag);
        }
    }
}
