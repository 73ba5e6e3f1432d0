package io.rezilient.restore.capture.sequence;

import io.rezilient.restore.capture.routing.TopicPartition;
import java.util.Map;

/** Durable home of a writer's offset reservations: for each topic partition, the first offset not yet reserved. */
public interface SequenceStateStore {

    /** The saved reservations; empty when nothing was ever saved. */
    Map<TopicPartition, Long> load();

    /** Replaces the saved reservations atomically: after a crash, {@link #load} returns this map or the previous one. */
    void save(Map<TopicPartition, Long> nextUnreserved);

    /** Where the state lives, for messages. */
    String describe();
}
