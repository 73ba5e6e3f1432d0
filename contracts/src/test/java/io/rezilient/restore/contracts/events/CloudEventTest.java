package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventTest {
    private static final CdcData WRITE = new CdcData("U", "incident", "r1", 3, "2026-02-21 09:59:58", 7L,
            EncryptedPayload.of("AES-256-GCM", "k-1", "Y2lwaGVy"), List.of("state"));

    @Test
    void buildsValidCdcEventsRoutedByRecord() {
        CloudEvent event = CloudEvent.cdc("evt-1", "sn://acme.service-now.com", "2026-02-21T10:00:00.000Z", WRITE)
                .validated();

        assertThat(event.type()).isEqualTo(EventType.CDC_WRITE);
        assertThat(event.partitionKey()).isEqualTo("incident/r1");
        assertThat(event.topic(false)).isEqualTo("rez.cdc");
        assertThat(CloudEvent.fromJson(event.toJson())).isEqualTo(event);
        assertThat(CdcData.fromJson(event.data())).isEqualTo(WRITE);
    }

    @Test
    void deletesAreTypedByTheirOp() {
        CdcData delete = new CdcData("D", "incident", "r1", 3, "2026-02-21 09:59:58", null,
                EncryptedPayload.of("AES-256-GCM", "k-1", "Y2lwaGVy"), null);

        assertThat(CloudEvent.cdc("evt-2", "s", "2026-02-21T10:00:00Z", delete).validated().type())
                .isEqualTo(EventType.CDC_DELETE);
    }

    @Test
    void reportsDataProblemsBeforeEnvelopeProblems() {
        ObjectNode json = CloudEvent.cdc("evt-1", "s", "2026-02-21T10:00:00.000Z", WRITE).toJson();
        json.put("id", "");
        ((ObjectNode) json.get("data")).remove("snapshot_enc");

        assertThat(CloudEventSchema.validate(json).issues()).extracting(Issue::message).containsExactly(
                EventDataSchemas.SNAPSHOT_ENC_REQUIRED_MESSAGE, "Too small: expected string to have >=1 characters");
        assertThatThrownBy(() -> CloudEvent.fromJson(json))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("data.snapshot_enc: snapshot_enc is required");
    }

    @Test
    void refusesPlaintextSnapshots() {
        ObjectNode json = CloudEvent.cdc("evt-1", "s", "2026-02-21T10:00:00.000Z", WRITE).toJson();
        ((ObjectNode) json.get("data")).putObject("snapshot").put("short_description", "secret");

        assertThat(CloudEventSchema.validate(json).issues()).extracting(Issue::message)
                .containsExactly(EventDataSchemas.SNAPSHOT_PLAINTEXT_MESSAGE);
    }
}
