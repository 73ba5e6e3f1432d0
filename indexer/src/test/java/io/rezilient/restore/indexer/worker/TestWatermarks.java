package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;

import java.time.Instant;

/** Stored watermarks for the worker's unit tests: complete ones and ones with an open hole. */
final class TestWatermarks {
    private static final Instant AT = Instant.parse("2026-02-16T12:00:00Z");

    private TestWatermarks() {
    }

    /** Indexed from 0 through {@code through}, and up to {@code highest} with a hole open since {@code since}. */
    static PartitionWatermark holed(PartitionKey partition, String through, String highest, Instant since) {
        return new PartitionWatermark(partition, "gen-01", 1, "0", through, AT, AT, AT, highest, AT, since,
                Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, AT, AT);
    }

    /** Indexed from 0 through {@code through}, nothing above it. */
    static PartitionWatermark complete(PartitionKey partition, String through) {
        return new PartitionWatermark(partition, "gen-01", 1, "0", through, AT, AT, AT, through, AT, null,
                Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, AT, AT);
    }
}
