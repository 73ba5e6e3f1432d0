package io.rezilient.restore.capture.ingest;

import io.rezilient.restore.capture.artifact.ArtifactBodies;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.ObjectKeyLayout;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.capture.sequence.ObjectStoreSequenceState;
import io.rezilient.restore.capture.sequence.OffsetSequencer;
import io.rezilient.restore.capture.writer.ArtifactWriter;
import io.rezilient.restore.objectstore.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CloudEvent ingest: a batch is checked as a whole first (envelope, every event, identities, keys), and only a
 * batch without a single problem is written. Then offsets are reserved per (tenant, instance) scope in one state
 * write, and each event's artifact and manifest are written in batch order, so a partition's objects appear in
 * offset order. Not thread-safe: one ingestor per writer scope at a time.
 */
public final class BatchIngestor {
    /** Ingest reserves exactly what a batch needs: a crash leaves at most one batch-sized gap, never a reuse. */
    private static final long RESERVE_EXACTLY = 1;

    private final ObjectStore store;
    private final IngestOptions options;
    private final EventPreparer preparer;
    private final EventArtifacts artifacts;
    private final ArtifactWriter writer;

    public BatchIngestor(ObjectStore store, Keyring keyring, IngestOptions options) {
        this.store = store;
        this.options = options;
        this.preparer = new EventPreparer(keyring, options);
        this.artifacts = new EventArtifacts(options.app());
        this.writer = new ArtifactWriter(store, options.prefix(), ObjectKeyLayout.of(options.layout()));
    }

    /**
     * Validates and writes a batch given as JSON bytes.
     *
     * @throws InvalidBatchException listing every problem; nothing was written
     */
    public IngestResult ingest(byte[] batchJson) {
        return ingest(EventBatch.parse(batchJson));
    }

    public IngestResult ingest(EventBatch batch) {
        List<String> problems = new ArrayList<>();
        List<PreparedEvent> prepared = new ArrayList<>();
        Map<String, Integer> firstIndexById = new LinkedHashMap<>();
        for (int i = 0; i < batch.events().size(); i++) {
            Optional<PreparedEvent> event = preparer.prepare(i, batch.events().get(i), batch.source(), problems);
            if (event.isPresent()) {
                Integer earlier = firstIndexById.putIfAbsent(event.get().id(), i);
                if (earlier != null) {
                    problems.add("events[" + i + "].id: '" + event.get().id() + "' repeats events[" + earlier + "]");
                }
                prepared.add(event.get());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidBatchException(problems);
        }
        return write(batch, prepared);
    }

    private IngestResult write(EventBatch batch, List<PreparedEvent> events) {
        Map<Scope, Map<TopicPartition, Long>> counts = new TreeMap<>();
        for (PreparedEvent event : events) {
            counts.computeIfAbsent(new Scope(event.tenantId(), event.instanceId()), s -> new TreeMap<>())
                    .merge(event.route(), 1L, Long::sum);
        }
        Map<Scope, Map<TopicPartition, Long>> next = new TreeMap<>();
        List<OffsetSequencer> sequencers = new ArrayList<>();
        try {
            for (Map.Entry<Scope, Map<TopicPartition, Long>> scope : counts.entrySet()) {
                OffsetSequencer sequencer = new OffsetSequencer(new ObjectStoreSequenceState(store, writer.prefix(),
                        scope.getKey().tenantId(), scope.getKey().instanceId()), RESERVE_EXACTLY);
                sequencers.add(sequencer);
                next.put(scope.getKey(), new TreeMap<>(sequencer.reserveAll(scope.getValue())));
            }
            List<IngestedEvent> written = new ArrayList<>();
            for (PreparedEvent event : events) {
                Map<TopicPartition, Long> offsets = next.get(new Scope(event.tenantId(), event.instanceId()));
                long offset = offsets.merge(event.route(), 1L, Long::sum) - 1;
                EventHeader header = artifacts.header(event);
                StreamPosition position = new StreamPosition(event.route(), offset);
                ArtifactKeys objectKeys = writer.keysFor(header, position);
                writer.write(header, position, objectKeys, ArtifactBodies.bytes(artifacts.body(event, header)), null);
                written.add(new IngestedEvent(event.index(), header.eventId(), event.tenantId(), position.topic(),
                        position.partition(), offset, objectKeys.artifactKey()));
            }
            return new IngestResult(batch.batchId(), written);
        } finally {
            sequencers.forEach(OffsetSequencer::close);
        }
    }

    private record Scope(String tenantId, String instanceId) implements Comparable<Scope> {
        @Override
        public int compareTo(Scope other) {
            int byTenant = tenantId.compareTo(other.tenantId);
            return byTenant != 0 ? byTenant : instanceId.compareTo(other.instanceId);
        }
    }
}
