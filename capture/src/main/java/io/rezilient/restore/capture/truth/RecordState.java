package io.rezilient.restore.capture.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the ground truth says a record was at some time T. */
public sealed interface RecordState {

    /** The record existed with these values (from {@code version.eventTime()} inclusive). */
    record Existing(ObjectNode record, RecordVersion version) implements RecordState {
    }

    /** The record did not exist: not created yet at T, deleted at or before T, or never part of the workload. */
    record Absent(Reason reason) implements RecordState {
    }

    enum Reason { NOT_YET_CREATED, DELETED, UNKNOWN_RECORD }

    default boolean exists() {
        return this instanceof Existing;
    }
}
