package io.rezilient.restore.capture.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

class EventRouterTest {
    private final Murmur2Partitioner partitioner = new Murmur2Partitioner(16);

    @Test
    void routesByTopicMappingAndHashedPartitionKey() {
        EventRouter router = new EventRouter(16, false);

        assertThat(router.route(Json.parse("{\"type\":\"cdc.delete\",\"data\":{\"table\":\"incident\","
                + "\"record_sys_id\":\"r1\"}}"))).isEqualTo(new TopicPartition("rez.cdc",
                partitioner.partitionOf("incident/r1")));
        assertThat(router.route(Json.parse("{\"type\":\"error.report\",\"source\":\"sn://x\","
                + "\"data\":{\"severity\":\"Info\"}}"))).isEqualTo(new TopicPartition("rez.log.info",
                partitioner.partitionOf("sn://x")));
        assertThat(router.route(Json.parse("{\"type\":\"media.meta\",\"subject\":\"s\","
                + "\"data\":{\"media_id\":\"m-1\"}}"))).isEqualTo(new TopicPartition("rez.media",
                partitioner.partitionOf("m-1")));
    }

    @Test
    void usesTheTestTopicsWhenAsked() {
        assertThat(new EventRouter(16, true).route(Json.parse("{\"type\":\"repair.report\",\"data\":{}}")))
                .isEqualTo(new TopicPartition("rez.test.repair", partitioner.partitionOf("unknown")));
    }

    @Test
    void refusesEventsWithoutATopicOrARecord() {
        EventRouter router = new EventRouter(16, false);

        assertThatThrownBy(() -> router.route(Json.parse("{\"type\":\"cdc.update\",\"data\":{}}")))
                .hasMessage("Unknown event type for topic mapping: cdc.update");
        assertThatThrownBy(() -> router.route(Json.parse("{\"data\":{}}")))
                .hasMessage("Unknown event type for topic mapping: undefined");
        assertThatThrownBy(() -> router.route(Json.parse("{\"type\":\"cdc.write\",\"data\":{\"table\":\"t\"}}")))
                .hasMessage("CDC event missing required partition key fields: table=t, record_sys_id=undefined");
    }
}
