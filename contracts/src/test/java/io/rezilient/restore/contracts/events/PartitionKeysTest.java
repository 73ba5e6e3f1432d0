package io.rezilient.restore.contracts.events;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionKeysTest {
    private static String key(String eventJson) {
        return PartitionKeys.derive(Json.parse(eventJson));
    }

    @Test
    void keysCdcEventsByTableAndRecord() {
        assertThat(key("{\"type\":\"cdc.write\",\"data\":{\"table\":\"incident\",\"record_sys_id\":\"r1\"}}"))
                .isEqualTo("incident/r1");
    }

    @Test
    void refusesCdcEventsThatCannotNameTheirRecord() {
        assertThatThrownBy(() -> key("{\"type\":\"cdc.delete\",\"data\":{\"table\":null,\"record_sys_id\":\"\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CDC event missing required partition key fields: table=null, record_sys_id=");
    }

    @Test
    void prefersANonEmptyExplicitPartitionKey() {
        assertThat(key("{\"type\":\"cdc.write\",\"extensions\":{\"partition_key\":\"p-1\"},\"data\":{}}"))
                .isEqualTo("p-1");
        assertThat(key("{\"type\":\"media.meta\",\"subject\":\"s\",\"extensions\":{\"partition_key\":\"\"},"
                + "\"data\":{}}")).isEqualTo("s");
    }

    @Test
    void printsNumericIdsAsJavaScriptDoes() {
        assertThat(key("{\"type\":\"media.delete\",\"data\":{\"attachment_sys_id\":42.0}}")).isEqualTo("42");
        assertThat(key("{\"type\":\"schema.change\",\"data\":{\"table\":1e21}}")).isEqualTo("1e+21");
    }

    @Test
    void keysMediaByAttachmentThenMediaIdThenSubject() {
        assertThat(key("{\"type\":\"media.manifest\",\"subject\":\"s\",\"data\":{\"attachment_sys_id\":\"a1\","
                + "\"media_id\":\"m1\"}}")).isEqualTo("a1");
        assertThat(key("{\"type\":\"media.meta\",\"subject\":\"s\",\"data\":{\"attachment_sys_id\":\"\","
                + "\"media_id\":\"m1\"}}")).isEqualTo("m1");
        assertThat(key("{\"type\":\"media.delete\",\"subject\":\"s\",\"data\":{}}")).isEqualTo("s");
    }

    @Test
    void keysErrorReportsByAttachmentThenRecordThenSubjectThenSource() {
        String record = "\"table\":\"incident\",\"record_sys_id\":\"r1\"";
        assertThat(key("{\"type\":\"error.report\",\"subject\":\"s\",\"data\":{\"attachment_sys_id\":\"a1\","
                + record + "}}")).isEqualTo("a1");
        assertThat(key("{\"type\":\"error.report\",\"subject\":\"s\",\"data\":{" + record + "}}"))
                .isEqualTo("incident/r1");
        assertThat(key("{\"type\":\"error.report\",\"subject\":\"s\",\"data\":{\"table\":\"incident\"}}"))
                .isEqualTo("s");
        assertThat(key("{\"type\":\"error.report\",\"source\":\"sn://x\",\"data\":{\"record_sys_id\":\"r1\"}}"))
                .isEqualTo("sn://x");
    }

    @Test
    void keysRepairReportsByOriginalEventThenRecordThenSubjectThenSource() {
        String record = "\"table\":\"incident\",\"record_sys_id\":\"r1\"";
        assertThat(key("{\"type\":\"repair.report\",\"subject\":\"s\",\"data\":{\"original_event_id\":\"e0\","
                + record + "}}")).isEqualTo("e0");
        assertThat(key("{\"type\":\"repair.report\",\"subject\":\"s\",\"data\":{" + record + "}}"))
                .isEqualTo("incident/r1");
        assertThat(key("{\"type\":\"repair.report\",\"source\":\"sn://x\",\"data\":{}}")).isEqualTo("sn://x");
    }

    @Test
    void fallsBackToSubjectThenUnknown() {
        assertThat(key("{\"type\":\"repair.report\",\"subject\":\"subj\",\"data\":{}}")).isEqualTo("subj");
        assertThat(key("{\"type\":\"cdc.unknown\",\"subject\":\"subj\",\"source\":\"sn://x\",\"data\":{}}"))
                .isEqualTo("subj");
        assertThat(key("{\"type\":\"cdc.unknown\",\"source\":\"sn://x\",\"data\":{}}")).isEqualTo("unknown");
        assertThat(key("{\"type\":\"repair.report\",\"data\":\"not an object\"}")).isEqualTo("unknown");
        assertThat(key("{\"type\":\"schema.snapshot\",\"data\":{}}")).isEqualTo("undefined");
        assertThat(key("[1]")).isEqualTo("unknown");
    }
}
