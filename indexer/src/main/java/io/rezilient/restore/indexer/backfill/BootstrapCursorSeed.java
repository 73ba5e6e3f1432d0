package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.source.ReplaySettings;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.worker.CursorSeed;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the live worker starts after the index was lost, when bootstrap runs are rebuilding it: each bootstrapped
 * partition right after its run's window (the head the operator gave), so live indexing is fresh within a poll
 * while the runs rebuild the history below it. Applies only while the live scope has no cursor at all.
 */
public final class BootstrapCursorSeed implements CursorSeed {
    private final BackfillRuns runs;
    private final ReplaySettings replay;

    public BootstrapCursorSeed(BackfillRuns runs, ReplaySettings replay) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.replay = Objects.requireNonNull(replay, "replay");
    }

    @Override
    public Optional<SourceCursorState> seed() {
        List<BackfillRun> bootstraps = runs.list().stream()
                .filter(run -> run.mode() == BackfillMode.BOOTSTRAP && !run.status().ended()).toList();
        if (bootstraps.isEmpty()) {
            return Optional.empty();
        }
        SourceCursorState cursor = SourceCursors.read(null, replay);
        for (BackfillRun run : bootstraps) {
            cursor = cursor.withShard(run.window().shardKey(), new ShardProgress(null, null,
                    run.window().lastOffset().add(java.math.BigInteger.ONE).toString()));
        }
        return Optional.of(cursor);
    }
}
