package io.rezilient.restore.capture.routing;

import java.util.Objects;

/** A Kafka-style stream shard: offsets are sequential within one topic partition. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must be non-blank");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
    }

    /** {@code topic|partition}, the shard key the indexer's cursor uses. */
    public String shardKey() {
        return topic + "|" + partition;
    }

    @Override
    public int compareTo(TopicPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }
}
