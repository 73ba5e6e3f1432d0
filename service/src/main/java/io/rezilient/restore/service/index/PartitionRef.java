package io.rezilient.restore.service.index;

import java.util.Comparator;
import java.util.Objects;

/** A partition of a source's stream, ordered topic then partition (the order §4.7 reports watermarks in). */
public record PartitionRef(String topic, int partition) implements Comparable<PartitionRef> {
    private static final Comparator<PartitionRef> ORDER =
            Comparator.comparing(PartitionRef::topic).thenComparingInt(PartitionRef::partition);

    public PartitionRef {
        Objects.requireNonNull(topic, "topic");
        topic = topic.trim();
        if (topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("a partition needs a topic and a partition >= 0");
        }
    }

    @Override
    public int compareTo(PartitionRef other) {
        return ORDER.compare(this, other);
    }
}
