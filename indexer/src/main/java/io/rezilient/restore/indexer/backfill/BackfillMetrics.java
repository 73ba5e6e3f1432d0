package io.rezilient.restore.indexer.backfill;

import io.micrometer.core.instrument.FunctionCounter;
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
 */
final class BackfillMetrics {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();
    private final Map<BackfillStatus, AtomicLong> states = new EnumMap<>(BackfillStatus.class);

    BackfillMetrics(MeterRegistry registry, BackfillRun run) {
        Tags tags = Tags.of("run_id", run.runId(), "mode", run.mode().wire());
        FunctionCounter.builder("rez_replay_events", events, AtomicLong::get).tags(tags)
                .description("Events written by the committed batches of a backfill run.").register(registry);
        FunctionCounter.builder("rez_replay_bytes", bytes, AtomicLong::get).tags(tags).baseUnit("bytes")
                .description("Bytes of manifests and artifacts read by the committed batches of a backfill run.")
                .register(registry);
        Gauge.builder("rez_replay_partition_lag_seconds", lagSeconds, AtomicLong::get)
                .tags(tags.and("topic", run.window().topic(), "partition", Integer.toString(run.window().partition())))
                .description("Event time between a backfill run's position and the newest indexed event of its "
                        + "partition.").register(registry);
        for (BackfillStatus status : BackfillStatus.values()) {
            AtomicLong value = new AtomicLong();
            states.put(status, value);
            Gauge.builder("rez_replay_run_state", value, AtomicLong::get).tags(tags.and("state", status.wire()))
                    .description("1 for the backfill run's current state, 0 for the others.").register(registry);
        }
    }

    void state(BackfillStatus current) {
        states.forEach((status, value) -> value.set(status == current ? 1 : 0));
    }

    /** The run's totals as its audit rows say, and its lag behind the partition (null: unknown, left as it was). */
    void progress(long eventsWritten, long bytesRead, Long lag) {
        events.set(eventsWritten);
        bytes.set(bytesRead);
        if (lag != null) {
            lagSeconds.set(lag);
        }
    }
}
