package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.index.PartitionRef;

import java.util.Optional;

/** The {@code (topic, partition)} a plan row's metadata names, which decides the watermarks it is gated on. */
final class RowPartitions {
    private RowPartitions() {
    }

    static Optional<PartitionRef> of(PlanRow row) {
        JsonNode metadata = row.metadata().path("metadata");
        JsonNode topic = metadata.path("topic");
        JsonNode partition = metadata.path("partition");
        if (!topic.isTextual() || topic.asText().isBlank() || !partition.canConvertToInt()
                || !partition.isIntegralNumber() || partition.asInt() < 0) {
            return Optional.empty();
        }
        return Optional.of(new PartitionRef(topic.asText(), partition.asInt()));
    }
}
