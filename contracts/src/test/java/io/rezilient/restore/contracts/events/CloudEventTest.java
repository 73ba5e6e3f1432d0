package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ValidationException;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.validation.IssueCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static List<Issue> withExtensions(String extensionsJson) {
        ObjectNode json = CloudEvent.cdc("evt-1", "s", "2026-02-21T10:00:00.000Z", WRITE).toJson();
        json.set("extensions", Json.parse(extensionsJson));
        return CloudEventSchema.validate(json).issues();
    }

    @Test
    void acceptsEveryExtensionInEachOfItsForms() {
        assertThat(withExtensions("{\"instance_id\":\"i\",\"partition_key\":\"k\",\"producer\":\"p\","
                + "\"retention\":\"P30D\",\"retention_days\":30,\"retention_ttl_ms\":1,\"seq\":0,"
                + "\"source\":\"s\",\"tenant_id\":\"t\"}")).isEmpty();
        assertThat(withExtensions("{\"retention_days\":\"p7d\"}")).isEmpty();
        assertThat(withExtensions("{}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"retention_days\":0}          | retention_days   | too_small      | Too small: expected number to be >0",
            "{\"retention_days\":\"P1W\"}    | retention_days   | invalid_format | Invalid string: must match pattern /^P\\d+D$/i",
            "{\"retention_days\":1.5}        | retention_days   | invalid_union  | Invalid input",
            "{\"retention_days\":true}       | retention_days   | invalid_union  | Invalid input",
            "{\"retention_ttl_ms\":0}        | retention_ttl_ms | too_small      | Too small: expected number to be >0",
            "{\"retention\":30}              | retention        | invalid_type   | Invalid input: expected string, received number",
            "{\"seq\":1.5}                   | seq              | invalid_type   | Invalid input: expected int, received number",
            "{\"partition_key\":\"\"}        | partition_key    | too_small      | Too small: expected string to have >=1 characters",
            "{\"producer\":\"\"}             | producer         | too_small      | Too small: expected string to have >=1 characters",
            "{\"tenant_id\":7}               | tenant_id        | invalid_type   | Invalid input: expected string, received number"})
    void refusesExtensionsOfTheWrongType(String extensions, String field, String code, String message) {
        assertThat(withExtensions(extensions)).containsExactly(
                new Issue(code, List.of("extensions", field), message, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"instance_id", "source", "tenant_id"})
    void refusesEmptyIdentityExtensions(String field) {
        assertThat(withExtensions("{\"" + field + "\":\"\"}")).extracting(Issue::code)
                .containsExactly(IssueCode.TOO_SMALL);
    }
}
