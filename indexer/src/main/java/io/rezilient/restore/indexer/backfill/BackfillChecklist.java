package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.RecSourceSettings;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.store.PartitionWatermark;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The completion checklist of a backfill run (seed backfill-operations.md "Completion checklist", recovery-backfill
 * §3b), as it applies to the restore index: each item is checked against the database now, and says what it found.
 */
public final class BackfillChecklist {
    /** One item: its name, whether it holds, and what was found. */
    public record Item(String name, boolean met, String detail) {
    }

    private final IndexerRuntime runtime;
    private final BackfillRuns runs;

    public BackfillChecklist(IndexerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.runs = new BackfillRuns(runtime.dataSource());
    }

    /** Every item for {@code runId}, in the checklist's order; refused with {@code backfill_run_not_found}. */
    public List<Item> check(String runId) {
        BackfillRun run = runs.find(runId).orElseThrow(() -> new BackfillException("backfill_run_not_found",
                "no backfill run " + runId));
        RecSourceSettings rec = runtime.source().orElseThrow(() -> new BackfillException("backfill_source_missing",
                "the indexer is in scaffold mode: there is no object-store source"));
        BackfillWindow window = run.window();
        List<Item> items = new ArrayList<>();
        items.add(new Item("run_completed", run.status() == BackfillStatus.COMPLETED,
                "status " + run.status().wire()));
        items.add(cursorAtTarget(run, rec));
        BigInteger indexed = IndexedWindow.offsets(runtime.dataSource(), window, rec.generationId());
        items.add(new Item("window_indexed", indexed.equals(window.size()),
                indexed + " of " + window.size() + " offsets indexed"));
        BigInteger active = count("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA + ".config_overrides"
                + " WHERE status = 'active' AND (owner_run_id = ? OR scope = ?)", runId, runId);
        items.add(new Item("overrides_reverted", active.signum() == 0, active + " override(s) of the run active"));
        Optional<PartitionWatermark> watermark = runtime.reader().watermark(window.partitionKey());
        boolean holeOpen = watermark.map(PartitionWatermark::holeOpen).orElse(true);
        items.add(new Item("readiness_clean", !holeOpen, watermark.isEmpty() ? "gap_open: nothing indexed"
                : holeOpen ? "gap_open: the partition waits at offset " + watermark.get().indexedThroughOffset()
                + " below offsets indexed up to " + watermark.get().highestIndexedOffset() : "no open hole"));
        long lag = new LiveLag(runtime.dataSource(), rec.scope().id(), runtime.settings().leaderLease()
                .multipliedBy(2)).seconds();
        double slo = runtime.settings().freshness().staleAfterSeconds();
        items.add(new Item("lag_within_slo", lag <= slo, "live lag " + lag + " s, stale after " + (long) slo + " s"));
        String through = watermark.map(PartitionWatermark::indexedThroughOffset).orElse(null);
        boolean contiguous = through != null && new BigInteger(through).compareTo(window.lastOffset()) >= 0;
        items.add(new Item("coverage_contiguous", contiguous, through == null ? "nothing indexed"
                : "indexed through offset " + through + ", window ends at " + window.lastOffset()));
        items.add(auditComplete(run));
        return items;
    }

    private Item cursorAtTarget(BackfillRun run, RecSourceSettings rec) {
        String persisted = Transactions.read(runtime.dataSource(), "read the cursor of run " + run.runId(),
                connection -> {
                    try (PreparedStatement select = connection.prepareStatement("SELECT cursor FROM "
                            + RestoreSchemas.INDEX_SCHEMA + ".source_progress WHERE ingest_scope_id = ?")) {
                        select.setString(1, run.ingestScopeId());
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? row.getString(1) : null;
                        }
                    }
                });
        if (persisted == null) {
            return new Item("cursor_at_target", false, "the run has written no batch");
        }
        SourceCursorState cursor = SourceCursors.read(persisted, rec.source().replay());
        ShardProgress shard = cursor.byShard().get(run.window().shardKey());
        BigInteger target = run.window().lastOffset().add(BigInteger.ONE);
        boolean reached = shard != null && new BigInteger(shard.nextOffset()).compareTo(target) >= 0;
        return new Item("cursor_at_target", reached, "next offset " + (shard == null ? "none" : shard.nextOffset())
                + ", target " + target);
    }

    /** Every batch reconciles (the table's constraint), the batches chain cursor to cursor, and add up to the run. */
    private Item auditComplete(BackfillRun run) {
        return Transactions.read(runtime.dataSource(), "read the audit of run " + run.runId(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT cursor_from, cursor_to, inserted_count"
                    + " FROM " + BackfillRuns.BATCHES + " WHERE run_id = ? ORDER BY batch_seq")) {
                select.setString(1, run.runId());
                long inserted = 0;
                int batches = 0;
                String previousTo = null;
                List<Long> breaks = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        batches++;
                        if (previousTo != null && !previousTo.equals(rows.getString("cursor_from"))) {
                            breaks.add((long) batches);
                        }
                        previousTo = rows.getString("cursor_to");
                        inserted += rows.getLong("inserted_count");
                    }
                }
                boolean complete = batches > 0 && breaks.isEmpty() && inserted == run.rowsProcessed();
                return new Item("audit_complete", complete, batches + " batch(es), " + inserted + " inserted (run: "
                        + run.rowsProcessed() + ")" + (breaks.isEmpty() ? "" : ", cursor chain broken at batch(es) "
                        + breaks));
            }
        });
    }

    private BigInteger count(String sql, Object... parameters) {
        return Transactions.read(runtime.dataSource(), "count for the checklist", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return BigInteger.valueOf(row.getLong(1));
                }
            }
        });
    }
}
