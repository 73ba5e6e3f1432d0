package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.indexer.http.Readiness;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.SourceKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether the index of an ingest scope's sources can serve restores as a whole ({@code GET /readyz}): not while a
 * partition waits at a hole ({@code gap_open}: restores whose point in time lies beyond it are refused until a gap
 * repair or a skip closes it), nor while a history extension or bootstrap of one of its sources runs or is paused
 * ({@code index_warmup}: part of the history is being rebuilt and not yet covered; a bootstrap anywhere in the index
 * counts, since it may be rebuilding a source this scope has not indexed yet).
 */
public final class IndexReadiness {
    private final Supplier<List<SourceKey>> sources;
    private final IndexReader reader;
    private final BackfillRuns runs;

    public IndexReadiness(Supplier<List<SourceKey>> sources, IndexReader reader, BackfillRuns runs) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    public Readiness now() {
        Set<String> codes = new LinkedHashSet<>();
        List<String> details = new ArrayList<>();
        List<SourceKey> indexed = sources.get();
        for (SourceKey source : indexed) {
            for (PartitionWatermark watermark : reader.watermarks(source)) {
                if (watermark.holeOpen()) {
                    codes.add("gap_open");
                    details.add(watermark.partition() + " waits at offset " + watermark.indexedThroughOffset()
                            + " below offsets indexed up to " + watermark.highestIndexedOffset());
                }
            }
        }
        for (BackfillRun run : runs.list()) {
            boolean rebuilding = run.mode() != BackfillMode.GAP_REPAIR && !run.status().ended();
            SourceKey source = run.window().sourceKey();
            // a bootstrap rebuilds an index that may not know its source yet; a history extension extends a known one
            if (rebuilding && (run.mode() == BackfillMode.BOOTSTRAP || indexed.contains(source))) {
                codes.add("index_warmup");
                details.add("backfill run " + run.runId() + " (" + run.mode().wire() + ", " + run.status().wire()
                        + ") is rebuilding " + source + " " + run.window().shardKey() + " offsets "
                        + run.window().firstOffset() + ".." + run.window().lastOffset());
            }
        }
        return new Readiness(List.copyOf(codes), details);
    }
}
