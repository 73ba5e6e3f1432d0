package io.rezilient.restore.indexer.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a source's watermarks cover together.
 *
 * @param generationSpan {@code "<topic>:<partition>"} → the generation id of that partition's watermark
 */
public record SourceCoverage(SourceKey source, Instant earliestIndexedTime, Instant latestIndexedTime,
                             Map<String, String> generationSpan, Instant measuredAt) {
    public SourceCoverage {
        generationSpan = Map.copyOf(generationSpan);
    }
}
