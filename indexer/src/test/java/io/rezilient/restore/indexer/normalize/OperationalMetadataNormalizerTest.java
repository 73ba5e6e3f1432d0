package io.rezilient.restore.indexer.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.indexer.manifest.ArtifactKind;
import io.rezilient.restore.indexer.manifest.ArtifactMetadataExtractor;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestParser;
import io.rezilient.restore.indexer.manifest.TestManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationalMetadataNormalizerTest {
    private static final Manifest MANIFEST = TestManifests.manifest();

    @Test
    void validMetadataBecomesATypedEvent() {
        NormalizedEvent event = normalize("""
                {"tenant_id":"tenant-acme","instance_id":"sn-dev-01","source":"sn://acme-dev.service-now.com",
                 "table":"x_app.ticket","record_sys_id":"abc123","event_id":"evt-0001","event_type":"cdc.write",
                 "operation":"U","schema_version":1,"sys_mod_count":1,"sys_updated_on":"2026-02-16 11:59:58",
                 "__time":"2026-02-16T12:00:00.000Z","topic":"rez.cdc","partition":0,"offset":"000042"}""");

        assertThat(event.scope()).isEqualTo(new PartitionScope("tenant-acme", "sn-dev-01",
                "sn://acme-dev.service-now.com", "rez.cdc", 0));
        assertThat(event.offset()).isEqualTo("42");
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-02-16T12:00:00Z"));
        assertThat(event.recordSysId()).isEqualTo("abc123");
        assertThat(event.operation()).isEqualTo(SourceOperation.UPDATE);
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.sysModCount()).isEqualTo(1);
        assertThat(event.sysUpdatedOn()).isEqualTo("2026-02-16 11:59:58");
        assertThat(event.artifactKind()).isEqualTo(ArtifactKind.CDC);
        assertThat(event.artifactKey()).isEqualTo(TestManifests.ARTIFACT_KEY);
        assertThat(event.manifestKey()).isEqualTo(TestManifests.MANIFEST_KEY);
        assertThat(event.app()).isEqualTo("x_app");
    }

    @Test
    void theWorkedExampleOfTheSpecIndexesOneRow() {
        String prefix = "rez/restore-artifacts/rec.object-key-layout.v1/instance=acme.service-now.com/app=x_acme"
                + "/table=x_acme_case/kind=cdc/day=2026-03-04/event=4f1c2a9e";
        Manifest manifest = ManifestParser.parse(prefix + ".manifest.json", """
                {"contract_version":"restore.contracts.v1","manifest_version":"rec.artifact-manifest.v1",
                 "metadata_allowlist_version":"rrs.metadata.allowlist.v1",
                 "object_key_layout_version":"rec.object-key-layout.v1","artifact_key":"%s.artifact.json",
                 "artifact_kind":"cdc","artifact_size_bytes":1874,"app":"x_acme","table":"x_acme_case",
                 "event_id":"4f1c2a9e","event_type":"cdc.write","event_time":"2026-03-04T17:22:05Z",
                 "tenant_id":"tenant-acme","instance_id":"acme-prod","source":"sn://acme.service-now.com",
                 "topic":"rez.cdc","partition":3,"offset":"0000018842"}""".formatted(prefix));
        String artifact = """
                {"__event_id":"4f1c2a9e","__type":"cdc.write","__time":"2026-03-04T17:22:05.412Z",
                 "__source":"sn://acme.service-now.com","__table":"x_acme_case","__record_sys_id":"9d3e7a1b",
                 "__op":"U","__schema_version":7,"__sys_mod_count":12,"__sys_updated_on":"2026-03-04 17:22:04",
                 "tenant_id":"tenant-acme","instance_id":"acme-prod",
                 "row_enc":{"alg":"aes-256-gcm","kid":"k-2026-01","ciphertext":"..."},"changed_fields":["state"]}""";

        NormalizedEvent event = OperationalMetadataNormalizer.normalize(
                ArtifactMetadataExtractor.extract(manifest, artifact));

        assertThat(event.offset()).isEqualTo("18842");
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-03-04T17:22:05.412Z"));
        assertThat(event.operation()).isEqualTo(SourceOperation.UPDATE);
        assertThat(event.schemaVersion()).isEqualTo(7);
        assertThat(event.sysModCount()).isEqualTo(12);
        assertThat(event.scope()).isEqualTo(new PartitionScope("tenant-acme", "acme-prod",
                "sn://acme.service-now.com", "rez.cdc", 3));
        assertThat(event.manifestKey()).isEqualTo(prefix + ".manifest.json");
        assertThat(OperationalMetadataJson.of(event).has("row_enc")).isFalse();
    }

    @Test
    void absentKeysFallBackToTheManifest() {
        NormalizedEvent event = normalize("{}");

        assertThat(event.tenantId()).isEqualTo("tenant-acme");
        assertThat(event.instanceId()).isEqualTo("sn-dev-01");
        assertThat(event.source()).isEqualTo("sn://acme-dev.service-now.com");
        assertThat(event.table()).isEqualTo("x_app.ticket");
        assertThat(event.eventId()).isEqualTo("evt-0001");
        assertThat(event.eventType()).isEqualTo("cdc.write");
        assertThat(event.topic()).isEqualTo("rez.cdc");
        assertThat(event.partition()).isZero();
        assertThat(event.offset()).isEqualTo("1");
        assertThat(event.eventTime()).isEqualTo(MANIFEST.eventTime());
    }

    @Test
    void withoutATenantInArtifactOrManifestTheItemIsRejected() {
        ObjectNode document = TestManifests.document();
        document.remove("tenant_id");
        Manifest withoutTenant = ManifestParser.parse(TestManifests.MANIFEST_KEY, document);

        assertRejected(() -> OperationalMetadataNormalizer.normalize(withoutTenant, metadata("{}")),
                "Canonical identity missing required field: tenant_id");
        assertThat(OperationalMetadataNormalizer.normalize(withoutTenant, metadata("{\"tenant_id\":\"t-9\"}"))
                .tenantId()).isEqualTo("t-9");
    }

    @Test
    void identityThatContradictsTheManifestIsRejected() {
        assertRejected(() -> normalize("{\"tenant_id\":\"tenant-other\"}"),
                "Canonical identity mismatch for tenant_id: metadata=tenant-other manifest=tenant-acme");
        assertRejected(() -> normalize("{\"instance_id\":\"sn-prod-01\"}"),
                "Canonical identity mismatch for instance_id: metadata=sn-prod-01 manifest=sn-dev-01");
        assertRejected(() -> normalize("{\"source\":\"sn://evil.service-now.com\"}"),
                "Canonical identity mismatch for source: metadata=sn://evil.service-now.com "
                        + "manifest=sn://acme-dev.service-now.com");
    }

    @Test
    void identityIsComparedTrimmedButKeptAsWritten() {
        assertThat(normalize("{\"tenant_id\":\" tenant-acme \"}").tenantId()).isEqualTo(" tenant-acme ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot", "short_description", "row", "after_image_plain", "row_enc"})
    void anyKeyOutsideTheAllowListRejectsTheItem(String key) {
        ObjectNode metadata = metadata("{}");
        metadata.put(key, "plaintext value");

        assertThatThrownBy(() -> OperationalMetadataNormalizer.normalize(MANIFEST, metadata))
                .isInstanceOfSatisfying(ArtifactRejectedException.class, rejected -> {
                    assertThat(rejected.stage()).isEqualTo(Stage.NORMALIZE);
                    assertThat(rejected.issues()).extracting(Issue::code).containsExactly("unrecognized_keys");
                    assertThat(rejected.issues().get(0).keys()).containsExactly(key);
                    assertThat(rejected.reason())
                            .startsWith("metadata rejected by allow-list rrs.metadata.allowlist.v1: metadata: ")
                            .contains(key);
                });
    }

    @Test
    void integerDigitStringsBecomeNumbers() {
        NormalizedEvent event = normalize("""
                {"partition":"3","schema_version":" 5 ","size_bytes":"1024","sys_mod_count":"007"}""");

        assertThat(event.partition()).isEqualTo(3);
        assertThat(event.schemaVersion()).isEqualTo(5);
        assertThat(event.sizeBytes()).isEqualTo(1024L);
        assertThat(event.sysModCount()).isEqualTo(7);
    }

    @Test
    void anIntegerThatIsNotADigitStringIsRejectedNamingTheField() {
        assertRejectedAt("{\"sys_mod_count\":\"abc\"}", "sys_mod_count");
        assertRejectedAt("{\"partition\":\"-1\"}", "partition");
        assertRejectedAt("{\"schema_version\":0}", "schema_version");
    }

    @Test
    void offsetsAreCanonicalAndExactAtAnySize() {
        assertThat(normalize("{\"offset\":\"9007199254740993\"}").offset()).isEqualTo("9007199254740993");
        assertThat(normalize("{\"offset\":42}").offset()).isEqualTo("42");
        assertRejectedAt("{\"offset\":\"12.34\"}", "offset");
    }

    @Test
    void anOffsetLongerThanTheIndexColumnIsRejected() {
        assertThat(normalize("{\"offset\":\"99999999999999999999\"}").offset()).isEqualTo("99999999999999999999");
        assertRejected(() -> normalize("{\"offset\":\"100000000000000000000\"}"),
                "metadata.offset 100000000000000000000 has more than the 20 digits the index stores");
    }

    @Test
    void eventTimeIsCanonicalMilliseconds() {
        NormalizedEvent event = normalize("{\"__time\":\"2026-02-16T12:07:09Z\"}");

        assertThat(OperationalMetadataJson.of(event).get("__time").asText()).isEqualTo("2026-02-16T12:07:09.000Z");
    }

    @Test
    void aNonCanonicalEventTimeIsRejectedNamingTheField() {
        assertRejected(() -> normalize("{\"__time\":\"2026-02-16T12:00:00+00:00\"}"),
                "Invalid metadata.__time value: 2026-02-16T12:00:00+00:00");
        assertRejected(() -> normalize("{\"__time\":1771243200000}"),
                "Invalid metadata.__time value type: expected string");
    }

    @Test
    void blankIdentityValuesFailTheAllowList() {
        assertRejectedAt("{\"instance_id\":\"\"}", "instance_id");
        assertRejectedAt("{\"source\":\"\"}", "source");
        assertRejectedAt("{\"tenant_id\":\"\"}", "tenant_id");
    }

    @Test
    void mediaFieldsAreTypedAndTheHashLowerCased() {
        NormalizedEvent event = normalize("""
                {"attachment_sys_id":"att-1","media_id":"media-1","content_type":"image/png","size_bytes":20480,
                 "sha256_plain":"8F8CBB7DCF46E0BC7D53265749A6C17D116093A6BA95E442764060C76FD4A86C"}""");

        assertThat(event.attachmentSysId()).isEqualTo("att-1");
        assertThat(event.mediaId()).isEqualTo("media-1");
        assertThat(event.contentType()).isEqualTo("image/png");
        assertThat(event.sizeBytes()).isEqualTo(20480L);
        assertThat(event.sha256Plain()).isEqualTo("8f8cbb7dcf46e0bc7d53265749a6c17d116093a6ba95e442764060c76fd4a86c");
    }

    @Test
    void integersBeyondTheIndexColumnsAreRejectedNamingTheField() {
        assertRejected(() -> normalize("{\"partition\":3000000000}"),
                "metadata.partition 3000000000 is above the largest value the index stores (2147483647)");
        assertRejected(() -> normalize("{\"sys_mod_count\":\"4294967296\"}"),
                "metadata.sys_mod_count 4294967296 is above the largest value the index stores (2147483647)");
        assertThat(normalize("{\"size_bytes\":4294967296}").sizeBytes()).isEqualTo(4_294_967_296L);
    }

    @Test
    void theCallersMetadataIsNotModified() {
        ObjectNode metadata = metadata("{\"partition\":\"3\"}");

        OperationalMetadataNormalizer.normalize(MANIFEST, metadata);

        assertThat(metadata).isEqualTo(Json.parse("{\"partition\":\"3\"}"));
    }

    private static NormalizedEvent normalize(String metadataJson) {
        return OperationalMetadataNormalizer.normalize(MANIFEST, metadata(metadataJson));
    }

    private static ObjectNode metadata(String json) {
        return (ObjectNode) Json.parse(json);
    }

    private static void assertRejected(Runnable normalize, String reason) {
        assertThatThrownBy(normalize::run)
                .isInstanceOfSatisfying(ArtifactRejectedException.class, rejected -> {
                    assertThat(rejected.stage()).isEqualTo(Stage.NORMALIZE);
                    assertThat(rejected.reason()).isEqualTo(reason);
                });
    }

    private static void assertRejectedAt(String metadataJson, String field) {
        assertThatThrownBy(() -> normalize(metadataJson))
                .isInstanceOfSatisfying(ArtifactRejectedException.class, rejected -> {
                    assertThat(rejected.stage()).isEqualTo(Stage.NORMALIZE);
                    assertThat(rejected.issues()).isNotEmpty();
                    assertThat(rejected.issues().get(0).path()).isEqualTo(List.of("metadata", field));
                    assertThat(rejected.reason()).contains("metadata." + field);
                });
    }
}
