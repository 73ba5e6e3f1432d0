package io.rezilient.restore.capture.routing;

import java.util.Objects;

/** Where an event sits in the stream: its topic partition and its offset there. */
public record StreamPosition(TopicPartition topicPartition, long offset) {
    public StreamPosition {
        Objects.requireNonNull(topicPartition, "topicPartition");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }
}
