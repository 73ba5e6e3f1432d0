package io.rezilient.restore.capture.truth;

import java.time.Instant;
import java.util.List;

/** What a ground-truth file describes: which workload, written where, over which time range. */
public record TruthHeader(String tenantId, String instanceId, String source, long seed, Instant start, Instant end,
                          String layout, String prefix, int partitions, List<String> tables, int records,
                          long events) {
    public TruthHeader {
        tables = List.copyOf(tables);
    }
}
