package io.rezilient.restore.capture.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.ArtifactOpener;
import io.rezilient.restore.capture.crypto.DecryptionException;
import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.routing.Murmur2Partitioner;
import io.rezilient.restore.capture.testing.IndexerRules;
import io.rezilient.restore.capture.testing.SimulatedRun;
import io.rezilient.restore.capture.testing.StoreContents;
import io.rezilient.restore.capture.truth.MediaVersion;
import io.rezilient.restore.capture.truth.RecordVersion;
import io.rezilient.restore.capture.truth.SchemaVersion;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.objectstore.KeyOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The synthetic workload end to end on a real filesystem store, checked against the indexer's rules and its own ground truth. */
class WorkloadSimulatorTest {
    private static final Map<LayoutVersion, SimulatedRun> RUNS = new HashMap<>();
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void simulateBothLayouts() {
        for (LayoutVersion layout : LayoutVersion.values()) {
            RUNS.put(layout, SimulatedRun.into(shared.resolve(layout.name()),
                    SimulatedRun.smallOptions(layout, 7).build()));
        }
    }

    private static ObjectNode json(SimulatedRun run, String key) {
        return (ObjectNode) Json.parse(new String(StoreContents.bytes(run.store(), key), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void writesTheRequestedNumberOfEventsOfEveryKind(LayoutVersion layout) {
        SimulatedRun run = RUNS.get(layout);

        assertThat(run.summary().events()).isEqualTo(700);
        assertThat(run.summary().eventsByType()).containsKeys("cdc.write", "cdc.delete", "media.manifest",
                "media.delete", "schema.snapshot", "schema.change");
        assertThat(run.summary().eventsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(700);
        List<String> manifests = StoreContents.keys(run.store(), run.options().prefix()).stream()
                .filter(k -> k.endsWith(ArtifactKeys.MANIFEST_SUFFIX)).toList();
        assertThat(manifests).hasSize(700);
        assertThat(run.truth().records().size() + run.truth().media().size() + run.truth().schemas().size()).isEqualTo(700);
        assertThat(run.summary().recordsByTable()).containsOnlyKeys(Tables.SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void everyManifestIsAcceptedByTheIndexerRulesAndDescribesItsArtifact(LayoutVersion layout) {
        SimulatedRun run = RUNS.get(layout);
        for (String key : StoreContents.keys(run.store(), run.options().prefix())) {
            if (!key.endsWith(ArtifactKeys.MANIFEST_SUFFIX)) {
                continue;
            }
            ObjectNode manifest = json(run, key);
            assertThat(IndexerRules.manifestProblems(manifest)).as(key).isEmpty();
            assertThat(manifest.get("object_key_layout_version").asText()).isEqualTo(layout.id());
            String artifactKey = manifest.get("artifact_key").asText();
            assertThat(ArtifactKeys.manifestKeyOf(artifactKey)).isEqualTo(key);
            byte[] artifact = StoreContents.bytes(run.store(), artifactKey);
            assertThat(manifest.get("artifact_sha256").asText()).isEqualTo(Sha256.hex(artifact));
            assertThat(manifest.get("artifact_size_bytes").asLong()).isEqualTo(artifact.length);
            assertThat(manifest.get("artifact_content_type").asText()).isEqualTo("application/json");
            assertThat(manifest.get("offset").asText()).matches("0|[1-9][0-9]*");
            ObjectNode body = json(run, artifactKey);
            ObjectNode metadata = IndexerRules.extractMetadata(manifest, body);
            assertThat(IndexerRules.metadataProblems(manifest, metadata)).as(artifactKey).isEmpty();
            assertThat(metadata.get("event_id").asText()).isEqualTo(manifest.get("event_id").asText());
            assertThat(metadata.get("__time").asText()).isEqualTo(manifest.get("event_time").asText());
        }
    }

    /**
     * The simulator routes as ingest does (indexer-spec §1a): CDC by {@code <table>/<sys_id>}, media by attachment,
     * schema by table, each on its production topic. The keys are written out here so a drift from the spec fails.
     */
    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void routesEveryEventByItsContractPartitionKey(LayoutVersion layout) {
        SimulatedRun run = RUNS.get(layout);
        Murmur2Partitioner partitioner = new Murmur2Partitioner(run.options().partitions());
        Set<Integer> cdcPartitions = new HashSet<>();
        for (RecordVersion version : run.truth().records()) {
            assertThat(version.topic()).isEqualTo("rez.cdc");
            assertThat(version.partition()).as(version.artifactKey())
                    .isEqualTo(partitioner.partitionOf(version.table() + "/" + version.sysId()));
            assertManifestRoute(run, version.artifactKey(), "rez.cdc", version.partition());
            cdcPartitions.add(version.partition());
        }
        assertThat(cdcPartitions).as("records spread over every partition").hasSize(run.options().partitions());
        for (MediaVersion media : run.truth().media()) {
            assertManifestRoute(run, media.artifactKey(), "rez.media", partitioner.partitionOf(media.attachmentSysId()));
        }
        for (SchemaVersion schema : run.truth().schemas()) {
            assertManifestRoute(run, schema.artifactKey(), "rez.schema", partitioner.partitionOf(schema.table()));
        }
    }

    private static void assertManifestRoute(SimulatedRun run, String artifactKey, String topic, int partition) {
        ObjectNode manifest = json(run, ArtifactKeys.manifestKeyOf(artifactKey));
        assertThat(manifest.get("topic").asText()).as(artifactKey).isEqualTo(topic);
        assertThat(manifest.get("partition").asInt()).as(artifactKey).isEqualTo(partition);
    }

    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void everyArtifactDecryptsToTheGroundTruth(LayoutVersion layout) {
        SimulatedRun run = RUNS.get(layout);
        ArtifactOpener opener = new ArtifactOpener(run.keyring());
        for (RecordVersion version : run.truth().records()) {
            ObjectNode artifact = json(run, version.artifactKey());
            assertThat(artifact.get("__op").asText()).isEqualTo(version.op());
            assertThat(artifact.get("__record_sys_id").asText()).isEqualTo(version.sysId());
            assertThat(artifact.get("__sys_mod_count").asLong()).isEqualTo(version.sysModCount());
            assertThat(artifact.get("__time").asText()).isEqualTo(IsoUtc.format(version.eventTime()));
            JsonNode decrypted = Json.parse(new String(opener.openRow(artifact), StandardCharsets.UTF_8));
            assertThat(decrypted).as(version.artifactKey()).isEqualTo(version.record());
            ObjectNode manifest = json(run, ArtifactKeys.manifestKeyOf(version.artifactKey()));
            assertThat(manifest.get("partition").asInt()).isEqualTo(version.partition());
            assertThat(manifest.get("offset").asText()).isEqualTo(Long.toString(version.offset()));
        }
        int blobs = 0;
        for (MediaVersion media : run.truth().media()) {
            ObjectNode artifact = json(run, media.artifactKey());
            assertThat(artifact.path("media").path("op").asText()).isEqualTo(media.op());
            if (media.blobKey() != null) {
                byte[] bytes = opener.openMediaBlob(artifact, StoreContents.bytes(run.store(), media.blobKey()));
                assertThat(Sha256.hex(bytes)).isEqualTo(media.sha256Plain());
                assertThat(bytes).hasSize((int) media.sizeBytes());
                JsonNode meta = Json.parse(new String(opener.openMediaMeta(artifact), StandardCharsets.UTF_8));
                assertThat(meta.get("file_name").asText()).isEqualTo(media.fileName());
                blobs++;
            }
        }
        assertThat(blobs).isPositive();
        for (SchemaVersion schema : run.truth().schemas()) {
            ObjectNode artifact = json(run, schema.artifactKey());
            if (artifact.has("snapshot_enc")) {
                assertThat(Sha256.hex(opener.openSchema(artifact))).isEqualTo(schema.schemaHash());
            } else {
                assertThat(artifact.path("change").path("element").asText()).isEqualTo("u_customer_impact");
            }
        }
    }

    @Test
    void someAttachmentsSpanSeveralChunks() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        assertThat(run.truth().media()).anySatisfy(m -> {
            assertThat(m.blobKey()).isNotNull();
            assertThat(json(run, m.artifactKey()).at("/media/blob_enc/chunking/chunk_count").asInt()).isGreaterThan(1);
        });
    }

    @ParameterizedTest
    @EnumSource(LayoutVersion.class)
    void noPlaintextRecordValueReachesTheStore(LayoutVersion layout) {
        SimulatedRun run = RUNS.get(layout);
        Set<String> secrets = new LinkedHashSet<>();
        for (RecordVersion version : run.truth().records()) {
            for (String field : List.of("number", "short_description", "description", "name", "ip_address",
                    "serial_number", "file_name", "sys_created_by", "sys_updated_by", "u_customer_impact")) {
                String value = version.record().path(field).asText("");
                if (value.length() >= 6) {
                    secrets.add(value);
                }
            }
        }
        ArtifactOpener opener = new ArtifactOpener(run.keyring());
        for (MediaVersion media : run.truth().media()) {
            if (media.blobKey() != null && media.contentType().startsWith("text/")) {
                String text = new String(opener.openMediaBlob(json(run, media.artifactKey()),
                        StoreContents.bytes(run.store(), media.blobKey())), StandardCharsets.UTF_8);
                secrets.add(text.substring(0, Math.min(40, text.length())));
            }
        }
        assertThat(secrets).hasSizeGreaterThan(200);
        StringBuilder everything = new StringBuilder();
        for (String key : StoreContents.keys(run.store(), "")) {
            everything.append(new String(StoreContents.bytes(run.store(), key), StandardCharsets.UTF_8)).append('\n');
        }
        String stored = everything.toString();
        assertThat(secrets).allSatisfy(secret -> assertThat(stored).doesNotContain(secret));
    }

    @Test
    void sameSeedGivesByteIdenticalObjectsAndGroundTruth() throws Exception {
        for (LayoutVersion layout : LayoutVersion.values()) {
            SimulatedRun again = SimulatedRun.into(dir.resolve("again-" + layout),
                    SimulatedRun.smallOptions(layout, 7).writerThreads(1).build());
            SimulatedRun first = RUNS.get(layout);

            assertThat(StoreContents.hashes(again.store(), "")).isEqualTo(StoreContents.hashes(first.store(), ""));
            assertThat(Files.readAllBytes(again.truthFile())).isEqualTo(Files.readAllBytes(first.truthFile()));
        }
        SimulatedRun otherSeed = SimulatedRun.into(dir.resolve("other"), SimulatedRun.smallOptions(LayoutVersion.V2, 8).build());
        assertThat(artifactHashes(otherSeed)).doesNotContainAnyElementsOf(artifactHashes(RUNS.get(LayoutVersion.V2)));
    }

    private static List<String> artifactHashes(SimulatedRun run) {
        return StoreContents.hashes(run.store(), "").entrySet().stream()
                .filter(e -> e.getKey().endsWith(ArtifactKeys.ARTIFACT_SUFFIX)).map(Map.Entry::getValue).toList();
    }

    @Test
    void v2KeysListInOffsetOrderAndOffsetsAreDenseFromZero() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        Map<String, List<Long>> offsetsByPartitionDir = new TreeMap<>();
        List<String> keys = StoreContents.keys(run.store(), run.options().prefix());
        assertThat(keys).isSortedAccordingTo(KeyOrder::compare);
        for (String key : keys) {
            if (key.endsWith(ArtifactKeys.MANIFEST_SUFFIX)) {
                ObjectNode manifest = json(run, key);
                offsetsByPartitionDir.computeIfAbsent(key.substring(0, key.lastIndexOf('/')), k -> new ArrayList<>())
                        .add(Long.parseLong(manifest.get("offset").asText()));
            }
        }
        assertThat(offsetsByPartitionDir).hasSizeGreaterThanOrEqualTo(3 + 1 + 1);
        offsetsByPartitionDir.forEach((partition, offsets) -> {
            for (int i = 0; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).as(partition).isEqualTo(i);
            }
        });
    }

    @Test
    void aTamperedOrTransplantedCiphertextIsDetected() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        ArtifactOpener opener = new ArtifactOpener(run.keyring());
        RecordVersion a = run.truth().records().get(10);
        RecordVersion b = run.truth().records().get(11);
        ObjectNode artifact = json(run, a.artifactKey());
        String ciphertext = artifact.path("row_enc").path("ciphertext").asText();
        char flipped = ciphertext.charAt(20) == 'A' ? 'B' : 'A';
        ObjectNode tampered = artifact.deepCopy();
        ((ObjectNode) tampered.get("row_enc")).put("ciphertext",
                ciphertext.substring(0, 20) + flipped + ciphertext.substring(21));
        assertThatThrownBy(() -> opener.openRow(tampered)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("failed authentication");

        ObjectNode transplanted = artifact.deepCopy();
        transplanted.set("row_enc", json(run, b.artifactKey()).get("row_enc"));
        assertThatThrownBy(() -> opener.openRow(transplanted)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("row_enc of " + a.table() + "/" + a.sysId() + " failed authentication");
    }

    @Test
    void groundTruthKnowsEveryRecordStateAtAnyTime() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        var truth = run.truth();
        RecordVersion deleted = truth.records().stream().filter(RecordVersion::isDelete).findFirst().orElseThrow();
        var intervals = truth.intervals(deleted.table(), deleted.sysId());
        RecordVersion insert = intervals.getFirst().version();

        assertThat(insert.op()).isEqualTo("I");
        assertThat(truth.stateAt(insert.table(), insert.sysId(), insert.eventTime().minusMillis(1)))
                .isEqualTo(new io.rezilient.restore.capture.truth.RecordState.Absent(
                        io.rezilient.restore.capture.truth.RecordState.Reason.NOT_YET_CREATED));
        for (var interval : intervals) {
            var state = truth.stateAt(deleted.table(), deleted.sysId(), interval.from());
            assertThat(state.exists()).isEqualTo(interval.exists());
            if (interval.to() != null) {
                assertThat(truth.stateAt(deleted.table(), deleted.sysId(), interval.to().minusMillis(1)))
                        .isEqualTo(state);
            }
        }
        assertThat(truth.stateAt(deleted.table(), deleted.sysId(), deleted.eventTime()).exists()).isFalse();
        assertThat(truth.stateAt("incident", "0".repeat(32), run.options().end()).exists()).isFalse();
        run.summary().liveByTable().forEach((table, live) ->
                assertThat(truth.tableAt(table, run.options().end())).as(table).hasSize(live));
    }

    @Test
    void recordsLookLikeServiceNowAndHistoriesAreConsistent() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        var truth = run.truth();
        Map<String, Long> lastModCount = new HashMap<>();
        for (RecordVersion v : truth.records()) {
            assertThat(v.sysId()).matches("[0-9a-f]{32}");
            assertThat(v.record().get("sys_id").asText()).isEqualTo(v.sysId());
            assertThat(v.record().get("sys_updated_on").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(v.eventTime()).isBetween(run.options().start(), run.options().end());
            String ref = v.table() + "/" + v.sysId();
            Long previous = lastModCount.put(ref, v.sysModCount());
            if ("U".equals(v.op())) {
                assertThat(v.sysModCount()).isEqualTo(previous + 1);
            } else if ("I".equals(v.op())) {
                assertThat(previous).isNull();
                assertThat(v.sysModCount()).isZero();
            } else {
                assertThat(v.sysModCount()).isEqualTo(previous);
            }
            if (v.table().equals("incident")) {
                assertThat(v.record().get("number").asText()).matches("INC\\d{7}");
                String ci = v.record().get("cmdb_ci").asText();
                if (!ci.isEmpty() && "I".equals(v.op())) {
                    assertThat(truth.stateAt("cmdb_ci", ci, v.eventTime()).exists()).as("incident.cmdb_ci references a live CI").isTrue();
                }
            }
        }
        assertThat(truth.records()).anySatisfy(v -> assertThat(v.record().path("u_customer_impact").asText()).isNotEmpty());
        assertThat(truth.records().stream().filter(v -> v.table().equals("incident") && !v.record().get("cmdb_ci").asText().isEmpty()))
                .isNotEmpty();
    }

    @Test
    void refusesToWriteIntoAPrefixThatAlreadyHoldsObjects() {
        SimulatedRun run = RUNS.get(LayoutVersion.V2);
        assertThatThrownBy(() -> WorkloadSimulator.run(run.options(), run.store(), run.keyring(),
                io.rezilient.restore.capture.truth.GroundTruthSink.NONE, ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds objects")
                .hasMessageContaining("its own --prefix")
                .hasMessageContaining("REZ_RESTORE_INDEXER_SOURCE_PREFIX and REZ_RESTORE_INDEXER_INGEST_SCOPE_ID");
    }

    @Test
    void offsetsContinueMonotonicallyWhenAnotherRunAppends() {
        SimulatedRun first = SimulatedRun.into(dir.resolve("append"), SimulatedRun.smallOptions(LayoutVersion.V2, 1).build());
        Map<String, Long> maxOffset = maxOffsets(first);
        SimulatedRun second = SimulatedRun.into(first.store(), dir.resolve("append-truth.jsonl"),
                SimulatedRun.smallOptions(LayoutVersion.V2, 2).requireEmptyDestination(false).build(), first.keyring());

        for (RecordVersion v : second.truth().records()) {
            assertThat(v.offset()).isGreaterThan(maxOffset.getOrDefault(v.topic() + "|" + v.partition(), -1L));
        }
    }

    @Test
    void progressIsReportedUpToTheTotal() {
        List<long[]> calls = new ArrayList<>();
        var options = SimulatedRun.smallOptions(LayoutVersion.V1, 3).events(2000).build();
        WorkloadSimulator.run(options, new io.rezilient.restore.objectstore.fs.FileSystemObjectStore(dir, false),
                io.rezilient.restore.capture.testing.TestKeys.keyring(),
                io.rezilient.restore.capture.truth.GroundTruthSink.NONE, (done, total) -> calls.add(new long[] {done, total}));

        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls.getLast()).containsExactly(2000, 2000);
        assertThat(calls).allSatisfy(c -> assertThat(c[0]).isBetween(0L, 2000L));
    }

    private static Map<String, Long> maxOffsets(SimulatedRun run) {
        Map<String, Long> max = new HashMap<>();
        for (RecordVersion v : run.truth().records()) {
            max.merge(v.topic() + "|" + v.partition(), v.offset(), Math::max);
        }
        return max;
    }
}
