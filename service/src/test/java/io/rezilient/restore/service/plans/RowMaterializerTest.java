package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.validation.ValidationException;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.IndexedEvent;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.rezilient.restore.service.plans.PlanFixtures.ENVELOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.SCOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.body;
import static io.rezilient.restore.service.plans.PlanFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowMaterializerTest {
    private static final IndexedEvent WINNER = event("evt-1", "rec-1", "2026-02-21 10:00:00", 2,
            "2026-02-21T10:00:00Z");

    private static DraftRow materialize(String json) {
        return RowMaterializer.materialize(SCOPE, WINNER, Optional.of(body(json)));
    }

    private static MaterializationException failure(String json) {
        try {
            materialize(json);
        } catch (MaterializationException expected) {
            return expected;
        }
        throw new AssertionError("expected a materialisation failure for " + json);
    }

    @Test
    void rendersTheIndexInstantAsMillisecondIsoAndKeepsTheSourceLetter() {
        DraftRow draft = materialize("{\"__op\":\"I\",\"row_enc\":" + ENVELOPE + "}");

        JsonNode metadata = draft.row().metadata().get("metadata");
        assertThat(metadata.get("__time").asText()).isEqualTo("2026-02-21T10:00:00.000Z");
        assertThat(metadata.get("sys_mod_count").asInt()).isEqualTo(2);
        assertThat(metadata.get("event_type").asText()).isEqualTo("cdc.write");
        assertThat(draft.row().action()).isEqualTo(PlanRowAction.INSERT);
        assertThat(draft.sourceOperation()).isEqualTo(SourceOperation.INSERT);
        assertThat(draft.winnerTuple().time()).isEqualTo("2026-02-21T10:00:00.000Z");
        assertThat(draft.row().preconditionHash()).isEqualTo(new PreconditionHash(PlanRowAction.INSERT,
                WINNER.artifactKey(), WINNER.manifestKey(), SourceOperation.INSERT, "rec-1", draft.row().rowId(),
                "x_app.ticket", draft.row().values(), draft.winnerTuple()).compute());
    }

    @Test
    void aMissingModCountIsLeftOutOfMetadataAndTuple() {
        IndexedEvent noCount = event("evt-2", "rec-1", "2026-02-21 10:00:00", null, "2026-02-21T10:00:00Z");

        DraftRow draft = RowMaterializer.materialize(SCOPE, noCount,
                Optional.of(body("{\"__op\":\"U\",\"diff_enc\":" + ENVELOPE + "}")));

        assertThat(draft.row().metadata().get("metadata").has("sys_mod_count")).isFalse();
        assertThat(draft.winnerTuple().toJson().has("sys_mod_count")).isFalse();
    }

    @Test
    void mediaOperationAndEventTypeAreReadWhenTheTopFieldsAreMissing() {
        DraftRow draft = materialize("{\"media\":{\"op\":\"d\"},\"event\":{\"type\":\"cdc.custom\"},"
                + "\"after_image_enc\":" + ENVELOPE + "}");

        assertThat(draft.row().action()).isEqualTo(PlanRowAction.DELETE);
        assertThat(draft.row().metadata().get("metadata").get("event_type").asText()).isEqualTo("cdc.custom");
        assertThat(draft.row().values().has("after_image_enc")).isTrue();
        assertThat(draft.row().values().has("diff_enc")).isFalse();
    }

    @Test
    void typeOutranksTheEventEnvelopeAndCdcDeleteMeansDelete() {
        DraftRow draft = materialize("{\"__type\":\"cdc.delete\",\"event\":{\"type\":\"cdc.write\"},"
                + "\"row_enc\":" + ENVELOPE + "}");

        assertThat(draft.row().action()).isEqualTo(PlanRowAction.DELETE);
        assertThat(draft.row().metadata().get("metadata").get("event_type").asText()).isEqualTo("cdc.delete");
    }

    @Test
    void envelopesAreNormalisedByTheirContract() {
        String upper = "AB".repeat(32);
        DraftRow draft = materialize("{\"__op\":\"U\",\"diff_enc\":{\"sha256\":\"" + upper
                + "\",\"ciphertext\":\"c\",\"alg\":\"a\"}}");

        JsonNode diff = draft.row().values().get("diff_enc");
        assertThat(diff.get("sha256").asText()).isEqualTo(upper.toLowerCase());
        assertThat(diff.fieldNames()).toIterable().containsExactly("alg", "ciphertext", "sha256");
    }

    @Test
    void falsyValueFieldsFallThroughToTheNextCandidate() {
        DraftRow draft = materialize("{\"__op\":\"U\",\"diff_enc\":null,\"row_enc\":\"\","
                + "\"event\":{\"data\":{\"snapshot_enc\":{\"alg\":\"a\",\"ciphertext\":\"snap\"}}}}");

        assertThat(draft.row().values().get("diff_enc").get("ciphertext").asText()).isEqualTo("snap");
    }

    @Test
    void aMalformedEnvelopeIsAnInvalidBodyNamingTheField() {
        MaterializationException failed = failure("{\"__op\":\"U\",\"row_enc\":{\"alg\":\"a\"},"
                + "\"after_image_enc\":" + ENVELOPE + "}");

        assertThat(failed.code()).isEqualTo(MaterializationCode.INVALID_ARTIFACT_BODY);
        assertThat(failed.getMessage()).isEqualTo("artifact.row_enc is not a valid EncryptedPayload");
        assertThat(failed.details().get("field").asText()).isEqualTo("row_enc");
        assertThat(failed.details().get("artifactKey").asText()).isEqualTo(WINNER.artifactKey());
    }

    @Test
    void aBodyWithoutEncryptedValuesHasNoRowMaterial() {
        MaterializationException failed = failure("{\"__op\":\"U\",\"diff_plain\":{\"a\":1}}");

        assertThat(failed.code()).isEqualTo(MaterializationCode.MISSING_ENCRYPTED_ROW_MATERIAL);
        assertThat(failed.getMessage()).isEqualTo("artifact body is missing encrypted row material");
        assertThat(failed.details().get("manifestKey").asText()).isEqualTo(WINNER.manifestKey());
    }

    @Test
    void aMalformedSnapshotEnvelopeIsNamedByItsPathInTheBody() {
        MaterializationException failed = failure("{\"__op\":\"U\",\"event\":{\"data\":{\"snapshot_enc\":\"text\"}}}");

        assertThat(failed.code()).isEqualTo(MaterializationCode.INVALID_ARTIFACT_BODY);
        assertThat(failed.getMessage()).isEqualTo("artifact.event.data.snapshot_enc is not a valid EncryptedPayload");
    }

    @Test
    void anAbsentOrNullBodyIsMissingAndAScalarBodyIsInvalid() {
        assertThatThrownBy(() -> RowMaterializer.materialize(SCOPE, WINNER, Optional.empty()))
                .isInstanceOfSatisfying(MaterializationException.class,
                        e -> assertThat(e.code()).isEqualTo(MaterializationCode.MISSING_ARTIFACT_BODY));
        assertThatThrownBy(() -> materialize("null"))
                .isInstanceOfSatisfying(MaterializationException.class,
                        e -> assertThat(e.code()).isEqualTo(MaterializationCode.MISSING_ARTIFACT_BODY));
        assertThat(failure("\"text\"").code()).isEqualTo(MaterializationCode.INVALID_ARTIFACT_BODY);
    }

    @Test
    void blankScopeFieldsAreNamed() {
        assertThatThrownBy(() -> RowMaterializer.scope(" ", "i", "s"))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("tenantId is required");
                    assertThat(e.details().get("field").asText()).isEqualTo("tenantId");
                });
        assertThatThrownBy(() -> RowMaterializer.scope("t", "i", null))
                .hasMessage("source is required");
        assertThat(RowMaterializer.scope("t", "i", "s")).isEqualTo(new IndexScope("t", "i", "s"));
    }

    @Test
    void aRowBreakingTheRowContractIsASchemaFailure() {
        IndexedEvent badUpdatedOn = event("evt-3", "rec-1", "21/02/2026", 1, "2026-02-21T10:00:00Z");

        assertThatThrownBy(() -> RowMaterializer.materialize(SCOPE, badUpdatedOn,
                Optional.of(body("{\"__op\":\"U\",\"row_enc\":" + ENVELOPE + "}"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.firstIssue().path())
                        .containsExactly("metadata", "metadata", "sys_updated_on"));
    }

    @Test
    void schemaVersionAcceptsDigitStringsButNotFractionsOrZero() {
        assertThat(RowMaterializer.schemaVersion(body("{\"__schema_version\":\" 7 \"}"))).contains(7L);
        assertThat(RowMaterializer.schemaVersion(body("{\"__schema_version\":0,\"schema_version\":2.5,"
                + "\"event\":{\"data\":{\"schema_version\":4}}}"))).contains(4L);
        assertThat(RowMaterializer.schemaVersion(body("{\"schema_version\":\"-3\"}"))).isEmpty();
    }
}
