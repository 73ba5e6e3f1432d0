package io.rezilient.restore.capture.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One captured change of one record: from {@link #eventTime()} on (inclusive) the record is {@link #record()},
 * or gone when {@link #op()} is {@code D} (then {@link #record()} is the last known record, the one the delete
 * artifact carries).
 */
public record RecordVersion(String table, String sysId, String op, String eventId, Instant eventTime,
                            long sysModCount, int schemaVersion, String topic, int partition, long offset,
                            String artifactKey, ObjectNode record) {

    public boolean isDelete() {
        return "D".equals(op);
    }
}
