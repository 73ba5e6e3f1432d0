package io.rezilient.restore.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.ArtifactOpener;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.routing.Murmur2Partitioner;
import io.rezilient.restore.capture.testing.IndexerRules;
import io.rezilient.restore.capture.testing.StoreContents;
import io.rezilient.restore.capture.testing.TestKeys;
import io.rezilient.restore.contracts.events.PartitionKeys;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BatchIngestorTest {
    private static final Keyring KEYRING = TestKeys.keyring();
    @TempDir
    Path dir;
    private ObjectStore store;

    @BeforeEach
    void openStore() {
        store = new FileSystemObjectStore(dir.resolve("store"));
    }

    private BatchIngestor ingestor(LayoutVersion layout) {
        IngestOptions defaults = IngestOptions.defaults(TestKeys.TENANT, "sn-dev-01");
        return new BatchIngestor(store, KEYRING, new IngestOptions(defaults.defaultTenantId(),
                defaults.defaultInstanceId(), 4, false, layout, defaults.prefix(), defaults.app()));
    }

    private static List<ObjectNode> everyKind() {
        return List.of(Batches.cdcWithPlaintext("evt-1", "I", Batches.INCIDENT, 0),
                Batches.cdcWithPlaintext("evt-2", "U", Batches.INCIDENT, 1),
                Batches.cdcDeleteWithProducerCiphertext("evt-3"), Batches.schemaSnapshotWithPlaintext("evt-4"),
                Batches.schemaChange("evt-5"), Batches.mediaManifest("evt-6", Batches.SHA), Batches.mediaDelete("evt-7"),
                Batches.errorReport("evt-8"), Batches.repairReport("evt-9"));
    }

    private ObjectNode json(String key) {
        return (ObjectNode) Json.parse(new String(StoreContents.bytes(store, key), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void aValidBatchOfEveryKindIsWrittenAsIndexableArtifacts(LayoutVersion layout) {
        IngestResult result = ingestor(layout).ingest(Batches.batch(everyKind()));

        assertThat(result.batchId()).isEqualTo("batch-1");
        assertThat(result.events()).extracting(IngestedEvent::topic).containsExactly("rez.cdc", "rez.cdc", "rez.cdc",
                "rez.schema", "rez.schema", "rez.media", "rez.media", "rez.log.warning", "rez.repair");
        Murmur2Partitioner partitioner = new Murmur2Partitioner(4);
        for (IngestedEvent event : result.events()) {
            ObjectNode manifest = json(ArtifactKeys.manifestKeyOf(event.artifactKey()));
            assertThat(IndexerRules.manifestProblems(manifest)).as(event.eventId()).isEmpty();
            ObjectNode artifact = json(event.artifactKey());
            assertThat(IndexerRules.metadataProblems(manifest, IndexerRules.extractMetadata(manifest, artifact)))
                    .as(event.eventId()).isEmpty();
            assertThat(manifest.get("tenant_id").asText()).isEqualTo(TestKeys.TENANT);
            assertThat(manifest.get("instance_id").asText()).isEqualTo("sn-dev-01");
            JsonNode original = everyKind().get(event.index());
            assertThat(event.partition()).isEqualTo(partitioner.partitionOf(PartitionKeys.derive(original)));
        }
        assertThat(result.events().get(0).partition()).isEqualTo(result.events().get(1).partition());
        assertThat(result.events().get(1).offset()).isEqualTo(result.events().get(0).offset() + 1);
    }

    /**
     * indexer-spec §1a, with the keys written out rather than derived, so a routing rule that drifts from the
     * spec fails here: a record's error reports share its CDC partition, repair reports follow the event they
     * repair, an explicit partition key wins, and test topics carry {@code .test}.
     */
    @Test
    void routesEachEventByItsContractPartitionKeyAndTopic() {
        ObjectNode recordError = Batches.errorReport("evt-e1");
        ((ObjectNode) recordError.get("data")).put("table", "incident").put("record_sys_id", Batches.INCIDENT)
                .put("severity", "critical");
        ObjectNode explicitKey = Batches.schemaChange("evt-s1");
        explicitKey.putObject("extensions").put("partition_key", "tenant-wide").put("retention_days", 30);
        List<ObjectNode> events = List.of(Batches.cdcWithPlaintext("evt-c1", "U", Batches.INCIDENT, 1), recordError,
                Batches.repairReport("evt-r1"), Batches.mediaDelete("evt-m1"), explicitKey);
        int partitions = 64;
        IngestOptions defaults = IngestOptions.defaults(TestKeys.TENANT, "sn-dev-01");
        BatchIngestor testTopics = new BatchIngestor(store, KEYRING, new IngestOptions(defaults.defaultTenantId(),
                defaults.defaultInstanceId(), partitions, true, LayoutVersion.V2, defaults.prefix(), defaults.app()));

        List<IngestedEvent> routed = testTopics.ingest(Batches.batch(events)).events();

        Murmur2Partitioner partitioner = new Murmur2Partitioner(partitions);
        assertThat(routed).extracting(IngestedEvent::topic).containsExactly("rez.test.cdc", "rez.test.log.error",
                "rez.test.repair", "rez.test.media", "rez.test.schema");
        assertThat(routed).extracting(IngestedEvent::partition).containsExactly(
                partitioner.partitionOf("incident/" + Batches.INCIDENT),
                partitioner.partitionOf("incident/" + Batches.INCIDENT),
                partitioner.partitionOf("evt-0001"),
                partitioner.partitionOf("att-1"),
                partitioner.partitionOf("tenant-wide"));
        for (IngestedEvent event : routed) {
            ObjectNode manifest = json(ArtifactKeys.manifestKeyOf(event.artifactKey()));
            assertThat(manifest.get("topic").asText()).isEqualTo(event.topic());
            assertThat(manifest.get("partition").asInt()).isEqualTo(event.partition());
        }
    }

    @Test
    void plaintextSnapshotsAreSealedWithTheTenantKeyBeforeAnythingIsStored() {
        IngestResult result = ingestor(LayoutVersion.V2).ingest(Batches.batch(everyKind()));

        ArtifactOpener opener = new ArtifactOpener(KEYRING);
        ObjectNode update = json(result.events().get(1).artifactKey());
        assertThat(update.at("/row_enc/alg").asText()).isEqualTo("AES-256-GCM");
        assertThat(update.at("/row_enc/kid").asText()).isEqualTo(KEYRING.activeKey(TestKeys.TENANT).kid());
        JsonNode row = Json.parse(new String(opener.openRow(update), StandardCharsets.UTF_8));
        assertThat(row.get("short_description").asText()).isEqualTo(Batches.PLAINTEXT_DESCRIPTION);
        assertThat(update.get("changed_fields")).hasSize(1);
        ObjectNode delete = json(result.events().get(2).artifactKey());
        assertThat(delete.at("/row_enc/alg").asText()).as("producer ciphertext is kept as is").isEqualTo("AES-256-CBC");
        assertThat(delete.has("__sys_mod_count")).isFalse();
        JsonNode schema = Json.parse(new String(opener.openSchema(json(result.events().get(3).artifactKey())),
                StandardCharsets.UTF_8));
        assertThat(schema.at("/fields/0/element").asText()).isEqualTo("u_secret_field_name");
        for (String key : StoreContents.keys(store, "")) {
            String stored = new String(StoreContents.bytes(store, key), StandardCharsets.UTF_8);
            assertThat(stored).as(key).doesNotContain(Batches.PLAINTEXT_DESCRIPTION, "INC0099001", "u_secret_field_name");
        }
    }

    static Stream<Arguments> invalidBatches() {
        ObjectNode noSnapshot = Batches.cdcWithPlaintext("evt-x", "U", "r2", 1);
        ((ObjectNode) noSnapshot.get("data")).remove("snapshot");
        ObjectNode unknownType = Batches.schemaChange("evt-x").put("type", "cdc.update");
        ObjectNode foreignTenant = Batches.schemaChange("evt-x");
        foreignTenant.putObject("extensions").put("tenant_id", "tenant-other");
        ObjectNode otherSource = Batches.schemaChange("evt-x").put("source", "sn://elsewhere");
        ObjectNode badTime = Batches.schemaChange("evt-x").put("time", "2026-02-30T10:00:00Z");
        ObjectNode scalarSnapshot = Batches.cdcWithPlaintext("evt-x", "U", "r2", 1);
        ((ObjectNode) scalarSnapshot.get("data")).put("snapshot", "plain words");
        ObjectNode bothSnapshots = Batches.cdcDeleteWithProducerCiphertext("evt-x");
        ((ObjectNode) bothSnapshots.get("data")).putObject("snapshot").put("number", "INC1");
        return Stream.of(
                Arguments.of(noSnapshot, "events[1].data.snapshot_enc: snapshot_enc is required"),
                Arguments.of(unknownType, "events[1].type: "),
                Arguments.of(foreignTenant, "events[1].extensions.tenant_id: 'tenant-other' differs from --tenant 'tenant-acme'"),
                Arguments.of(otherSource, "events[1].source: 'sn://elsewhere' differs from the batch source"),
                Arguments.of(badTime, "events[1].time: must be ISO datetime"),
                Arguments.of(scalarSnapshot, "events[1].data.snapshot: must be an object of field values to encrypt"),
                Arguments.of(bothSnapshots, "events[1].data.snapshot: snapshot plaintext not allowed"),
                Arguments.of(Batches.mediaManifest("evt-x", "not-a-hash"), "events[1].data.sha256_plain: must be 64-char SHA-256 hex digest"),
                Arguments.of(Batches.cdcWithPlaintext("evt-0", "I", "r3", 0), "events[1].id: 'evt-0' repeats events[0]"));
    }

    @ParameterizedTest
    @MethodSource("invalidBatches")
    void anInvalidEventRejectsTheWholeBatchAndNothingIsWritten(ObjectNode bad, String problem) {
        byte[] batch = Batches.batch(List.of(Batches.cdcWithPlaintext("evt-0", "I", Batches.INCIDENT, 0), bad,
                Batches.schemaChange("evt-2")));

        assertThatThrownBy(() -> ingestor(LayoutVersion.V2).ingest(batch))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageStartingWith("batch rejected, nothing written")
                .satisfies(e -> assertThat(((InvalidBatchException) e).problems()).anySatisfy(p -> assertThat(p).startsWith(problem)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Batches.PLAINTEXT_DESCRIPTION));
        assertThat(StoreContents.keys(store, "")).isEmpty();
    }

    @Test
    void malformedBatchesAreExplained() {
        BatchIngestor ingestor = ingestor(LayoutVersion.V2);
        assertThatThrownBy(() -> ingestor.ingest("{\"source\":".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("batch is not valid JSON");
        assertThatThrownBy(() -> ingestor.ingest("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("batch must be a JSON object");
        assertThatThrownBy(() -> ingestor.ingest("{\"source\":\"s\",\"sent_at\":\"now\",\"events\":[],\"extra\":1}"
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("extra: not a batch field")
                .hasMessageContaining("sent_at: must be ISO datetime")
                .hasMessageContaining("events: must hold at least one event");
        assertThatThrownBy(() -> ingestor.ingest("{\"source\":\"s\",\"sent_at\":\"2026-01-01T00:00:00Z\",\"events\":[42]}"
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("events[0]: must be a CloudEvent object");
        assertThat(StoreContents.keys(store, "")).isEmpty();
    }

    @Test
    void aTenantWithoutKeysCannotSendPlaintext() {
        BatchIngestor noKeys = new BatchIngestor(store, Keyring.empty(), IngestOptions.defaults(TestKeys.TENANT, "i"));

        assertThatThrownBy(() -> noKeys.ingest(Batches.batch(List.of(Batches.cdcWithPlaintext("e", "I", "r", 0)))))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("events[0]: cannot encrypt data.snapshot: tenant tenant-acme has no keys");
        assertThat(StoreContents.keys(store, "")).isEmpty();
    }

    @Test
    void eventsWithoutTenantNeedADefault() {
        BatchIngestor anonymous = new BatchIngestor(store, KEYRING, IngestOptions.defaults(null, null));

        assertThatThrownBy(() -> anonymous.ingest(Batches.batch(List.of(Batches.schemaChange("e")))))
                .hasMessageContaining("events[0].extensions.tenant_id: missing, and no --tenant was given")
                .hasMessageContaining("events[0].extensions.instance_id: missing, and no --instance was given");
        ObjectNode tagged = Batches.schemaChange("e");
        tagged.putObject("extensions").put("tenant_id", "tenant-acme").put("instance_id", "sn-dev-02");
        assertThat(anonymous.ingest(Batches.batch(List.of(tagged))).events().getFirst().tenantId()).isEqualTo("tenant-acme");
    }

    @Test
    void offsetsStayMonotonicAcrossRestartsAndCrashes() {
        List<Long> offsets = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            // a new ingestor each time: a fresh process reading the persisted state
            IngestResult result = ingestor(LayoutVersion.V2).ingest(Batches.batch(List.of(
                    Batches.cdcWithPlaintext("evt-a" + run, "U", Batches.INCIDENT, run),
                    Batches.cdcWithPlaintext("evt-b" + run, "U", Batches.INCIDENT, run + 1))));
            result.events().forEach(e -> offsets.add(e.offset()));
        }
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);

        FailingStore failing = new FailingStore(store, ".manifest.json", 2);
        BatchIngestor crashing = new BatchIngestor(failing, KEYRING, IngestOptions.defaults(TestKeys.TENANT, "sn-dev-01"));
        assertThatThrownBy(() -> crashing.ingest(Batches.batch(List.of(
                Batches.cdcWithPlaintext("evt-c1", "U", Batches.INCIDENT, 7),
                Batches.cdcWithPlaintext("evt-c2", "U", Batches.INCIDENT, 8),
                Batches.cdcWithPlaintext("evt-c3", "U", Batches.INCIDENT, 9))))).hasMessageContaining("injected");
        // offsets 6, 7, 8 were reserved; 6 was fully written, 7 has an artifact and no manifest.
        IngestResult after = ingestor(LayoutVersion.V2).ingest(Batches.batch(List.of(
                Batches.cdcWithPlaintext("evt-d", "U", Batches.INCIDENT, 10))));
        assertThat(after.events().getFirst().offset()).isEqualTo(9);
    }

    @Test
    void everyValidEventOfTheConformanceVectorsIsIngested() throws Exception {
        Path vectors = Path.of(System.getProperty("rez.shared.dir", "../../shared"), "conformance/vectors/cloudevents.json");
        JsonNode file = Json.read(vectors);
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            if ("validate".equals(c.path("op").asText()) && c.at("/expected/valid").asBoolean(false)) {
                ObjectNode event = c.at("/input/event").deepCopy();
                event.put("id", "evt-" + events.size());
                ObjectNode extensions = event.has("extensions") ? (ObjectNode) event.get("extensions") : event.putObject("extensions");
                extensions.put("tenant_id", TestKeys.TENANT).put("instance_id", "sn-dev-01").remove("partition_key");
                events.add(event);
            }
        }
        assertThat(events).hasSizeGreaterThan(8);
        ObjectNode batch = (ObjectNode) Json.parse(new String(Batches.batch(List.of()), StandardCharsets.UTF_8));
        batch.put("source", events.getFirst().get("source").asText());
        events.forEach(batch.withArray("events")::add);

        IngestResult result = ingestor(LayoutVersion.V1).ingest(Json.write(batch).getBytes(StandardCharsets.UTF_8));

        assertThat(result.events()).hasSize(events.size());
        for (IngestedEvent event : result.events()) {
            ObjectNode manifest = json(ArtifactKeys.manifestKeyOf(event.artifactKey()));
            assertThat(IndexerRules.manifestProblems(manifest)).isEmpty();
            assertThat(IndexerRules.metadataProblems(manifest, IndexerRules.extractMetadata(manifest, json(event.artifactKey()))))
                    .as(event.eventId()).isEmpty();
        }
        assertThat(Files.exists(dir.resolve("store"))).isTrue();
    }

    /** A real store whose {@code n}-th put of a key ending in {@code suffix} fails, like a crash at that point. */
    private static final class FailingStore extends ForwardingObjectStore {
        private final String suffix;
        private int remaining;

        FailingStore(ObjectStore delegate, String suffix, int failOn) {
            super(delegate);
            this.suffix = suffix;
            this.remaining = failOn;
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.endsWith(suffix) && --remaining == 0) {
                throw new IllegalStateException("injected failure writing " + key);
            }
            super.put(key, bytes, contentType);
        }
    }
}
