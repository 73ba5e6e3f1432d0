package io.rezilient.restore.capture.ingest;

import java.util.List;

/** The outcome of an accepted batch: every event, in batch order. */
public record IngestResult(String batchId, List<IngestedEvent> events) {
    public IngestResult {
        events = List.copyOf(events);
    }
}
