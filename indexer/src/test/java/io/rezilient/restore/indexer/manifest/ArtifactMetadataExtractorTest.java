package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactMetadataExtractorTest {
    private static final Manifest MANIFEST = TestManifests.manifest();

    @Test
    void anEmptyArtifactTakesEverythingFromTheManifest() {
        ObjectNode metadata = extract("{}");

        assertThat(metadata).isEqualTo(Json.parse("""
                {"tenant_id":"tenant-acme","instance_id":"sn-dev-01","source":"sn://acme-dev.service-now.com",
                 "event_id":"evt-0001","event_type":"cdc.write","__time":"2026-02-16T12:00:00.000Z",
                 "topic":"rez.cdc","partition":0,"offset":"1","table":"x_app.ticket"}"""));
    }

    @Test
    void flattenedRecFieldsMapToTheirMetadataNames() {
        ObjectNode metadata = extract("""
                {"__event_id":"evt-9","__source":"sn://other","__table":"incident","__time":"2026-02-16T12:00:05Z",
                 "__type":"cdc.delete","__record_sys_id":"abc123","__attachment_sys_id":"att-1",
                 "__schema_version":7,"__sys_mod_count":12,"__sys_updated_on":"2026-02-16 12:00:04","__op":"D"}""");

        assertThat(metadata.get("event_id").asText()).isEqualTo("evt-9");
        assertThat(metadata.get("source").asText()).isEqualTo("sn://other");
        assertThat(metadata.get("table").asText()).isEqualTo("incident");
        assertThat(metadata.get("__time").asText()).isEqualTo("2026-02-16T12:00:05Z");
        assertThat(metadata.get("event_type").asText()).isEqualTo("cdc.delete");
        assertThat(metadata.get("record_sys_id").asText()).isEqualTo("abc123");
        assertThat(metadata.get("attachment_sys_id").asText()).isEqualTo("att-1");
        assertThat(metadata.get("schema_version").asInt()).isEqualTo(7);
        assertThat(metadata.get("sys_mod_count").asInt()).isEqualTo(12);
        assertThat(metadata.get("sys_updated_on").asText()).isEqualTo("2026-02-16 12:00:04");
        assertThat(metadata.get("operation").asText()).isEqualTo("D");
    }

    @Test
    void laterSourcesOverwriteEarlierOnes() {
        ObjectNode metadata = extract("""
                {"event_id":"top-level","__event_id":"flattened","event":{"id":"envelope","type":"cdc.write"},
                 "operation":"I","__op":"U","media":{"op":"D","media_id":"m-1"},
                 "error":{"record_sys_id":"from-error"},"repair":{"record_sys_id":"from-repair"}}""");

        assertThat(metadata.get("event_id").asText()).isEqualTo("envelope");
        assertThat(metadata.get("operation").asText()).isEqualTo("D");
        assertThat(metadata.get("media_id").asText()).isEqualTo("m-1");
        assertThat(metadata.get("record_sys_id").asText()).isEqualTo("from-repair");
    }

    @Test
    void theArtifactBeatsTheManifest() {
        ObjectNode metadata = extract("""
                {"tenant_id":"tenant-merge","__table":"change_request","__op":"U"}""");

        assertThat(metadata.get("tenant_id").asText()).isEqualTo("tenant-merge");
        assertThat(metadata.get("table").asText()).isEqualTo("change_request");
        assertThat(metadata.get("operation").asText()).isEqualTo("U");
    }

    @Test
    void recordValuesAndOtherUnlistedFieldsNeverReachTheMetadata() {
        ObjectNode metadata = extract("""
                {"row_enc":{"alg":"aes-256-gcm","ciphertext":"..."},"snapshot":{"short_description":"secret"},
                 "short_description":"printer on fire","row":{"a":1},"changed_fields":["state"],
                 "after_image_plain":"x","media":{"blob_enc":{},"sha256_plain":"ab"},"error":{"message":"boom"},
                 "event":{"data":{"snapshot":"x"},"subject":"s","time":"2026-02-16T12:00:00Z"}}""");

        assertThat(metadata.fieldNames()).toIterable().containsExactlyInAnyOrder("__time", "sha256_plain",
                "tenant_id", "instance_id", "source", "event_id", "event_type", "topic", "partition", "offset",
                "table");
    }

    @Test
    void onlyExactOperationLettersAreTakenFromTheFlattenedOp() {
        assertThat(extract("{\"__op\":\"u\"}").has("operation")).isFalse();
        assertThat(extract("{\"__op\":\"X\"}").has("operation")).isFalse();
    }

    @Test
    void anEventEnvelopeThatIsNotAnObjectIsIgnored() {
        assertThat(extract("{\"event\":\"evt-string\"}").get("event_id").asText()).isEqualTo("evt-0001");
    }

    @Test
    void aNullValueIsKeptForValidationToJudge() {
        JsonNode table = extract("{\"__table\":null}").get("table");

        assertThat(table.isNull()).isTrue();
    }

    @Test
    void noTenantAnywhereLeavesTheTenantOut() {
        ObjectNode document = TestManifests.document();
        document.remove("tenant_id");
        Manifest withoutTenant = ManifestParser.parse(TestManifests.MANIFEST_KEY, document);

        ManifestItem item = ArtifactMetadataExtractor.extract(withoutTenant, Json.parse("{}"));

        assertThat(item.metadata().has("tenant_id")).isFalse();
    }

    @Test
    void anArtifactThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> ArtifactMetadataExtractor.extract(MANIFEST, Json.parse("[{}]")))
                .isInstanceOfSatisfying(ArtifactRejectedException.class, rejected -> {
                    assertThat(rejected.stage()).isEqualTo(Stage.ARTIFACT);
                    assertThat(rejected.reason()).isEqualTo("artifact payload root must be an object");
                });
        assertThatThrownBy(() -> ArtifactMetadataExtractor.extract(MANIFEST, "not json"))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessageStartingWith("artifact payload is not valid JSON: ");
    }

    @Test
    void theItemOwnsItsMetadata() {
        ManifestItem item = ArtifactMetadataExtractor.extract(MANIFEST, Json.parse("{}"));

        item.metadata().put("tenant_id", "changed");

        assertThat(item.metadata().get("tenant_id").asText()).isEqualTo("tenant-acme");
    }

    private static ObjectNode extract(String artifact) {
        return ArtifactMetadataExtractor.extract(MANIFEST, artifact).metadata();
    }
}
