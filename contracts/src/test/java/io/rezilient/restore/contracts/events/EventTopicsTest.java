package io.rezilient.restore.contracts.events;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTopicsTest {
    @ParameterizedTest(name = "severity {0} goes to {1}")
    @CsvSource(delimiter = '|', value = {
            "WARNING  | rez.log.warning",
            "Debug    | rez.log.debug",
            "critical | rez.log.error",
            "' info'  | rez.log.error",
            "''       | rez.log.error"})
    void routesLogsByLowerCasedUntrimmedSeverity(String severity, String topic) {
        assertThat(EventTopics.map("error.report", false, Json.parse("{\"severity\":\"" + severity + "\"}")))
                .isEqualTo(topic);
    }

    @Test
    void prefixesTestTopics() {
        assertThat(EventTopics.map("media.delete", true, null)).isEqualTo("rez.test.media");
        assertThat(EventTopics.map("error.report", true, Json.parse("{\"severity\":7}"))).isEqualTo("rez.test.log.error");
    }

    @Test
    void refusesTypesWithoutATopic() {
        assertThatThrownBy(() -> EventTopics.map("CDC.WRITE", false, null))
                .hasMessage("Unknown event type for topic mapping: CDC.WRITE");
        assertThatThrownBy(() -> EventTopics.map(null, false, null))
                .hasMessage("Unknown event type for topic mapping: undefined");
    }
}
