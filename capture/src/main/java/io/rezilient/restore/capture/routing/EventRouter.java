package io.rezilient.restore.capture.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.events.EventTopics;
import io.rezilient.restore.contracts.events.PartitionKeys;

/**
 * Where a CloudEvent goes (indexer-spec §1a): its topic by the contract topic mapping ({@code rez.cdc},
 * {@code rez.schema}, {@code rez.media}, {@code rez.repair}, {@code rez.log.<severity>}, or their {@code rez.test.}
 * forms) and its partition by hashing the contract partition key. Every event capture writes, ingested or
 * simulated, is routed here, so the partition a record's events share is the one REC's producer would pick.
 */
public final class EventRouter {
    private final Murmur2Partitioner partitioner;
    private final boolean useTestTopics;

    public EventRouter(int partitionCount, boolean useTestTopics) {
        this.partitioner = new Murmur2Partitioner(partitionCount);
        this.useTestTopics = useTestTopics;
    }

    /**
     * @param event a CloudEvent, or at least its {@code type}, {@code subject}, {@code source}, {@code extensions}
     *              and the {@code data} fields its partition key is made of
     * @throws IllegalArgumentException for a type without a topic, or a CDC event that does not name its record
     */
    public TopicPartition route(JsonNode event) {
        JsonNode type = event.get("type");
        String topic = EventTopics.map(type != null && type.isTextual() ? type.textValue() : null, useTestTopics,
                event.get("data"));
        return new TopicPartition(topic, partitioner.partitionOf(PartitionKeys.derive(event)));
    }
}
