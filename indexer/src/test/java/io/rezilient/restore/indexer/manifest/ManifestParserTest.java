package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.rezilient.restore.indexer.manifest.TestManifests.ARTIFACT_KEY;
import static io.rezilient.restore.indexer.manifest.TestManifests.MANIFEST_KEY;
import static io.rezilient.restore.indexer.manifest.TestManifests.manifestWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {
    @Test
    void aValidManifestBecomesATypedRecord() {
        Manifest manifest = TestManifests.manifest();

        assertThat(manifest.manifestKey()).isEqualTo(MANIFEST_KEY);
        assertThat(manifest.layout()).isEqualTo(ObjectKeyLayout.V2);
        assertThat(manifest.artifactKey()).isEqualTo(ARTIFACT_KEY);
        assertThat(manifest.artifactKind()).isEqualTo(ArtifactKind.CDC);
        assertThat(manifest.app()).isEqualTo("x_app");
        assertThat(manifest.table()).isEqualTo("x_app.ticket");
        assertThat(manifest.eventTime()).isEqualTo(Instant.parse("2026-02-16T12:00:00Z"));
        assertThat(manifest.tenantId()).isEqualTo("tenant-acme");
        assertThat(manifest.topic()).isEqualTo("rez.cdc");
        assertThat(manifest.partition()).isZero();
        assertThat(manifest.offset()).isEqualTo("1");
    }

    @Test
    void parsesManifestText() {
        Manifest manifest = ManifestParser.parse(MANIFEST_KEY, Json.write(TestManifests.document()));

        assertThat(manifest).isEqualTo(TestManifests.manifest());
    }

    @Test
    void layoutV1IsAccepted() {
        assertThat(manifestWith("object_key_layout_version", "rec.object-key-layout.v1").layout())
                .isEqualTo(ObjectKeyLayout.V1);
    }

    @Test
    void stringsAreTrimmed() {
        Manifest manifest = manifestWith("tenant_id", "  tenant-acme\t");

        assertThat(manifest.tenantId()).isEqualTo("tenant-acme");
    }

    @Test
    void offsetIsCanonicalised() {
        assertThat(manifestWith("offset", "000201").offset()).isEqualTo("201");
        assertThat(manifestWith("offset", "18446744073709551617").offset()).isEqualTo("18446744073709551617");
    }

    @Test
    void secondPrecisionEventTimeIsAccepted() {
        assertThat(manifestWith("event_time", "2026-02-16T12:00:09Z").eventTime())
                .isEqualTo(Instant.parse("2026-02-16T12:00:09Z"));
    }

    @Test
    void nullAppAndTableAreAllowedAndAbsentTenantIsNull() {
        ObjectNode document = TestManifests.document();
        document.putNull("app");
        document.putNull("table");
        document.remove("tenant_id");

        Manifest manifest = ManifestParser.parse(MANIFEST_KEY, document);

        assertThat(manifest.app()).isNull();
        assertThat(manifest.table()).isNull();
        assertThat(manifest.tenantId()).isNull();
    }

    @Test
    void aRootThatIsNotAnObjectIsRejected() {
        assertRejected(() -> ManifestParser.parse(MANIFEST_KEY, Json.parse("[1]")), "manifest root must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"contract_version\":", "", "  ", "{} {}"})
    void textThatIsNotJsonIsRejectedInTheReferencesWordsNamingTheManifest(String text) {
        assertThatThrownBy(() -> ManifestParser.parse(MANIFEST_KEY, text))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("Invalid JSON in manifest " + MANIFEST_KEY)
                .satisfies(e -> assertThat(((ArtifactRejectedException) e).stage())
                        .isEqualTo(ArtifactRejectedException.Stage.MANIFEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"contract_version", "manifest_version", "artifact_key", "event_id", "event_time",
            "instance_id", "source", "app", "table"})
    void aMissingRequiredFieldIsNamed(String field) {
        assertRejected(() -> manifestWith(field, null), "manifest." + field + " is required");
    }

    @Test
    void unsupportedVersionsNameTheValueAndAnUnknownKindListsTheKinds() {
        assertRejected(() -> manifestWith("manifest_version", "rec.artifact-manifest.v2"),
                "unsupported manifest.manifest_version: rec.artifact-manifest.v2");
        assertRejected(() -> manifestWith("metadata_allowlist_version", "rrs.metadata.allowlist.v2"),
                "unsupported manifest.metadata_allowlist_version: rrs.metadata.allowlist.v2");
        assertRejected(() -> manifestWith("object_key_layout_version", "rec.object-key-layout.v3"),
                "unsupported manifest.object_key_layout_version: rec.object-key-layout.v3");
        assertRejected(() -> manifestWith("artifact_kind", "snapshot"),
                "manifest.artifact_kind must be one of cdc|schema|media|error|repair");
        assertRejected(() -> manifestWith("artifact_kind", "CDC"),
                "manifest.artifact_kind must be one of cdc|schema|media|error|repair");
    }

    @Test
    void blankAndWronglyTypedValuesAreRejected() {
        assertRejected(() -> manifestWith("event_id", "   "), "manifest.event_id must not be empty");
        assertRejected(() -> manifestWith("event_id", 42), "manifest.event_id must be a string");
        assertRejected(() -> manifestWith("tenant_id", ""), "manifest.tenant_id must not be empty");
        assertRejected(() -> manifestWith("tenant_id", 42), "manifest.tenant_id must be a string when provided");
    }

    @ParameterizedTest
    @ValueSource(strings = {"topic", "partition", "offset"})
    void aMissingKafkaCoordinateNamesTheManifestKey(String field) {
        assertRejected(() -> manifestWith(field, null), "manifest missing kafka coordinates for " + MANIFEST_KEY);
    }

    @Test
    void partitionMustBeANonNegativeJsonInteger() {
        String rule = "manifest.partition must be a non-negative integer when provided";
        assertRejected(() -> manifestWith("partition", -1), rule);
        assertRejected(() -> manifestWith("partition", "3"), rule);
        assertRejected(() -> manifestWith("partition", 2.5), rule);
        assertRejected(() -> manifestWith("partition", 3_000_000_000L),
                "manifest.partition must be at most 2147483647, got 3000000000");
    }

    @Test
    void offsetMustBeAStringOfDigits() {
        assertRejected(() -> manifestWith("offset", 100), "manifest.offset must be a string when provided");
        assertRejected(() -> manifestWith("offset", "12.34"), "Invalid manifest.offset value: 12.34");
        assertRejected(() -> manifestWith("offset", " -5 "), "Invalid manifest.offset value: -5");
        assertThat(manifestWith("offset", " 007 ").offset()).isEqualTo("7");
    }

    @Test
    void eventTimeMustBeARealStrictUtcInstant() {
        assertRejected(() -> manifestWith("event_time", "2026-02-30T10:00:00.000Z"),
                "Invalid manifest.event_time value: 2026-02-30T10:00:00.000Z");
        assertRejected(() -> manifestWith("event_time", "2026-02-16T12:00:00+00:00"),
                "Invalid manifest.event_time value: 2026-02-16T12:00:00+00:00");
    }

    private static void assertRejected(Runnable parse, String reason) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(ArtifactRejectedException.class, rejected -> {
                    assertThat(rejected.stage()).isEqualTo(Stage.MANIFEST);
                    assertThat(rejected.reason()).isEqualTo(reason);
                });
    }
}
