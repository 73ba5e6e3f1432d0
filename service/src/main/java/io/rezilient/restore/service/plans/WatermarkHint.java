package io.rezilient.restore.service.plans;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A caller's hint about which partitions a plan reads ({@code compatibility_adapter.watermarks}, reduced to
 * {@code {topic, partition?}}): only consulted when the plan's rows name no partition (service-spec §4.7).
 */
public record WatermarkHint(String topic, OptionalInt partition) {
    public WatermarkHint {
        Objects.requireNonNull(topic, "topic");
        topic = topic.trim();
        Objects.requireNonNull(partition, "partition");
    }
}
