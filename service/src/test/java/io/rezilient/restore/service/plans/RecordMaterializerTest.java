package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.index.RecordCandidates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.rezilient.restore.service.plans.PlanFixtures.ENVELOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.SCOPE;
import static io.rezilient.restore.service.plans.PlanFixtures.body;
import static io.rezilient.restore.service.plans.PlanFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMaterializerTest {
    private final List<String> reads = new ArrayList<>();
    private final ArtifactBodyReader bodies = (artifactKey, manifestKey) -> {
        reads.add(artifactKey);
        return Optional.of(body("{\"__op\":\"U\",\"row_enc\":" + ENVELOPE + "}"));
    };
    private final RecordMaterializer materializer = new RecordMaterializer(SCOPE, bodies);

    private static RecordCandidates record(IndexedEvent... events) {
        return new RecordCandidates("x_app.ticket", events[0].recordSysId(), List.of(events), Optional.empty());
    }

    @Test
    void readsOnlyTheWinnersBody() {
        IndexedEvent older = event("evt-old", "rec-1", "2026-02-21 09:00:00", 1, "2026-02-21T09:00:00Z");
        IndexedEvent newer = event("evt-new", "rec-1", "2026-02-21 10:00:00", 2, "2026-02-21T10:00:00Z");

        DraftRow draft = materializer.materializeRequested(record(older, newer));

        assertThat(draft.winnerTuple().eventId()).isEqualTo("evt-new");
        assertThat(reads).containsExactly(newer.artifactKey());
    }

    @Test
    void aMediaOnlyRecordIsSkippedInTableModeAndAnErrorWhenRequested() {
        RecordCandidates mediaOnly = record(
                event("evt-m", "rec-2", "2026-02-21 10:00:00", 1, "2026-02-21T10:00:00Z", "rez.media"));

        assertThat(materializer.materializeIfRowCapable(mediaOnly)).isEmpty();
        assertThatThrownBy(() -> materializer.materializeRequested(mediaOnly))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.code()).isEqualTo(MaterializationCode.MISSING_PIT_CANDIDATES);
                    assertThat(e.details().get("recordSysId").asText()).isEqualTo("rec-2");
                });
        assertThat(reads).isEmpty();
    }

    @Test
    void aCandidateWithoutSysUpdatedOnMakesTheRecordUnresolvable() {
        RecordCandidates record = record(event("evt-1", "rec-3", "2026-02-21 10:00:00", 1, "2026-02-21T10:00:00Z"),
                event("evt-2", "rec-3", null, 1, "2026-02-21T10:00:00Z"));

        assertThatThrownBy(() -> materializer.materializeIfRowCapable(record))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.code()).isEqualTo(MaterializationCode.MISSING_PIT_CANDIDATES);
                    assertThat(e.getMessage()).isEqualTo("candidate is missing sys_updated_on required for PIT tie-break");
                });
    }

    @Test
    void aWinnerWithASpacePaddedSysUpdatedOnIsUnmappedAsInTheReference() {
        RecordCandidates record = record(event("evt-1", "rec-6", "2026-02-21 09:00:00", 1, "2026-02-21T09:00:00Z"),
                event("evt-2", "rec-6", "2026-02-21 10:00:00 ", 2, "2026-02-21T10:00:00Z"));

        assertThatThrownBy(() -> materializer.materializeRequested(record))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.code()).isEqualTo(MaterializationCode.MISSING_PIT_CANDIDATES);
                    assertThat(e.getMessage()).isEqualTo("PIT winner tuple could not be mapped to a candidate");
                    assertThat(e.details().path("winnerTuple").path("sys_updated_on").asText())
                            .isEqualTo("2026-02-21 10:00:00");
                    assertThat(e.details().path("winnerTuple").path("event_id").asText()).isEqualTo("evt-2");
                });
        assertThat(reads).isEmpty();
    }

    @Test
    void identicalWinningTuplesAreAmbiguous() {
        IndexedEvent first = event("evt-1", "rec-4", "2026-02-21 10:00:00", 1, "2026-02-21T10:00:00Z");
        IndexedEvent copy = new IndexedEvent("evt-1", null, "x_app.ticket", "rec-4", null, "2026-02-21 10:00:00", 1,
                first.eventTime(), "rez.cdc", 0, "200", "art/dup.json", "man/dup.json", null, null);

        assertThatThrownBy(() -> materializer.materializeRequested(record(first, copy)))
                .isInstanceOfSatisfying(MaterializationException.class, e -> {
                    assertThat(e.code()).isEqualTo(MaterializationCode.AMBIGUOUS_PIT_CANDIDATES);
                    JsonNode tuple = e.details().get("winnerTuple");
                    assertThat(tuple.get("__time").asText()).isEqualTo("2026-02-21T10:00:00.000Z");
                });
    }

    @Test
    void anUnreadableBodyPropagatesAsUnavailable() {
        RecordMaterializer failing = new RecordMaterializer(SCOPE, (artifactKey, manifestKey) -> {
            throw new ArtifactBodyUnavailableException("store down", null);
        });

        assertThatThrownBy(() -> failing.materializeRequested(
                record(event("evt-1", "rec-5", "2026-02-21 10:00:00", 1, "2026-02-21T10:00:00Z"))))
                .isInstanceOf(ArtifactBodyUnavailableException.class);
    }
}
