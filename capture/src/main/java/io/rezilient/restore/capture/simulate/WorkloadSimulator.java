package io.rezilient.restore.capture.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.layout.ObjectKeyLayout;
import io.rezilient.restore.capture.routing.EventRouter;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.capture.sequence.ObjectStoreSequenceState;
import io.rezilient.restore.capture.sequence.OffsetSequencer;
import io.rezilient.restore.capture.sequence.SequenceStateStore;
import io.rezilient.restore.capture.truth.GroundTruthSink;
import io.rezilient.restore.capture.truth.MediaVersion;
import io.rezilient.restore.capture.truth.RecordVersion;
import io.rezilient.restore.capture.truth.SchemaVersion;
import io.rezilient.restore.capture.truth.TruthHeader;
import io.rezilient.restore.capture.writer.ArtifactWriter;
import io.rezilient.restore.capture.writer.WriterLanes;
import io.rezilient.restore.capture.writer.WrittenEvent;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The synthetic ServiceNow workload as a library call, for {@code rez capture simulate}, the demo and benchmarks:
 * plans the events from the seed on the calling thread, assigns partitions and offsets, records the ground truth,
 * and hands encryption and writing to {@link WriterLanes} (one lane per partition set, so each partition is
 * written in offset order). Same options, keyring and seed give byte-identical objects and ground truth.
 */
public final class WorkloadSimulator {
    /** Offsets are reserved this many at a time, so the offset state is written once per block, not per event. */
    static final long OFFSET_BLOCK = 4096;
    /** Tasks a lane may have queued before the planner waits. */
    private static final int LANE_QUEUE = 256;
    private static final int PROGRESS_EVERY = 512;

    private WorkloadSimulator() {
    }

    /**
     * Writes the workload {@code options} describes to {@code store}, sealing every value with the tenant's active
     * key from {@code keyring}, and feeds the ground truth to {@code truth} (which the caller closes).
     *
     * @throws IllegalStateException if the destination prefix already holds objects and the options require it empty
     */
    public static SimulationSummary run(SimulationOptions options, ObjectStore store, Keyring keyring,
                                        GroundTruthSink truth, ProgressListener progress) {
        long began = System.nanoTime();
        DataKey key = keyring.activeKey(options.tenantId());
        ArtifactWriter writer = new ArtifactWriter(store, options.prefix(), ObjectKeyLayout.of(options.layout()));
        if (options.requireEmptyDestination() && !store.list(writer.prefix(), 1).keys().isEmpty()) {
            // the usual reason is a second source: say how to add one rather than only what went wrong
            throw new IllegalStateException(store.describe() + " already holds objects under " + writer.prefix()
                    + "/; simulate writes a fresh, reproducible workload: choose an empty destination, or write a"
                    + " second source under its own --prefix (and --source) and index that prefix as its own ingest"
                    + " scope (REZ_RESTORE_INDEXER_SOURCE_PREFIX and REZ_RESTORE_INDEXER_INGEST_SCOPE_ID)");
        }
        truth.header(new TruthHeader(options.tenantId(), options.instanceId(), options.source(), options.seed(),
                options.start(), options.end(), options.layout().id(), writer.prefix(), options.partitions(),
                options.tables(), options.records(), options.events()));

        WorkloadPlanner planner = new WorkloadPlanner(options);
        EventRouter router = new EventRouter(options.partitions(), false);
        AtomicLong written = new AtomicLong();
        LongAdder bytes = new LongAdder();
        LongAdder objects = new LongAdder();
        Map<String, Long> byType = new TreeMap<>();
        Instant first = null;
        Instant last = null;
        ObjectStoreSequenceState state =
                new ObjectStoreSequenceState(store, writer.prefix(), options.tenantId(), options.instanceId());
        CountingState countingState = new CountingState(state, objects);
        WriterLanes<EventEncoder> lanes = new WriterLanes<>(options.writerThreads(), LANE_QUEUE, "rez-simulate-writer",
                () -> new EventEncoder(writer, key, options.blobChunkSize()));
        try (OffsetSequencer sequencer = new OffsetSequencer(countingState, OFFSET_BLOCK)) {
            long planned = 0;
            while (planner.hasNext()) {
                SimEvent event = planner.next();
                TopicPartition tp = router.route(event.routingEvent());
                StreamPosition position = new StreamPosition(tp, sequencer.next(tp));
                ArtifactKeys keys = writer.keysFor(event.header(), position);
                if (truth != GroundTruthSink.NONE) {
                    recordTruth(truth, event, position, keys);
                }
                byType.merge(event.header().eventType(), 1L, Long::sum);
                first = first == null ? event.header().eventTime() : first;
                last = event.header().eventTime();
                lanes.submit(lane(options, tp, keys), encoder -> {
                    WrittenEvent done = encoder.write(event, position, keys);
                    bytes.add(done.bytesWritten());
                    objects.add(event instanceof SimEvent.Media m && m.bytes() != null ? 3 : 2);
                    written.incrementAndGet();
                });
                if (++planned % PROGRESS_EVERY == 0) {
                    progress.progress(written.get(), options.events());
                }
            }
            lanes.close();
        } catch (RuntimeException | Error e) {
            lanes.abort(e);
            throw e;
        }
        progress.progress(written.get(), options.events());
        return new SimulationSummary(written.get(), byType, options.recordsPerTable(), planner.liveCounts(),
                objects.sum(), bytes.sum(), first, last, Duration.ofNanos(System.nanoTime() - began));
    }

    /**
     * Which writer lane an event goes to. Under v2 a partition is one directory and must appear in offset order,
     * so the partition picks the lane. Under v1 keys are not in offset order anyway, and one directory holds a
     * table's events of a day across all partitions; giving each directory one lane spares the filesystem the
     * directory-lock contention of several threads creating files in the same directory.
     */
    private static int lane(SimulationOptions options, TopicPartition tp, ArtifactKeys keys) {
        if (options.layout() == LayoutVersion.V2) {
            return tp.topic().hashCode() * 31 + tp.partition();
        }
        String key = keys.artifactKey();
        return key.substring(0, key.lastIndexOf('/')).hashCode();
    }

    private static void recordTruth(GroundTruthSink truth, SimEvent event, StreamPosition position, ArtifactKeys keys) {
        switch (event) {
            case SimEvent.Cdc cdc -> truth.record(new RecordVersion(cdc.change().table(), cdc.change().recordSysId(),
                    cdc.change().op(), cdc.header().eventId(), cdc.header().eventTime(), cdc.change().sysModCount(),
                    cdc.change().schemaVersion(), position.topic(), position.partition(), position.offset(),
                    keys.artifactKey(), recordNode(cdc.recordJson())));
            case SimEvent.Media m -> truth.media(new MediaVersion(m.change().attachmentSysId(), m.change().mediaId(),
                    m.change().table(), m.change().recordSysId(), m.change().op(), m.header().eventId(),
                    m.header().eventTime(), m.change().sizeBytes() == null ? 0 : m.change().sizeBytes(),
                    m.change().contentType(), m.change().sha256Plain(),
                    m.fileName(), keys.artifactKey(), m.bytes() == null ? null : keys.blobKey()));
            case SimEvent.Schema s -> truth.schema(new SchemaVersion(s.table(), s.header().eventType(),
                    s.schemaVersion(), s.schemaHash(), s.header().eventId(), s.header().eventTime(), keys.artifactKey()));
        }
    }

    private static ObjectNode recordNode(byte[] json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the offset-state puts among the objects written. */
    private record CountingState(ObjectStoreSequenceState delegate, LongAdder objects)
            implements SequenceStateStore {
        @Override
        public Map<TopicPartition, Long> load() {
            return delegate.load();
        }

        @Override
        public void save(Map<TopicPartition, Long> nextUnreserved) {
            delegate.save(nextUnreserved);
            objects.increment();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
