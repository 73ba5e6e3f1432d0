package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.source.SourceBatch;
import io.rezilient.restore.indexer.source.SourceCursors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-batch log line {@code restore-indexer batch processed} with every field name of indexer-spec §5.6
 * ({@code failures} counts quarantined items), plus {@code ingest_scope_id} and {@code fencing_epoch}, as SLF4J
 * key-value pairs, which a JSON encoder renders as fields. An idle payload identical to the previous one is
 * suppressed, so an idle poller stays quiet. In {@code v2_primary} mode a batch that still meets v1 manifests also
 * logs the spec's warning, the signal to roll back to {@code mixed}.
 *
 * <p>The line's size does not grow with the partitions a scope has (deviation S60): {@code cursor_before} and
 * {@code cursor_after} are digests of the persisted cursors, which hold one entry per shard, and the shards the batch
 * moved are listed instead ({@link CursorMoves}).
 */
final class BatchLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.rezilient.restore.indexer.batch");
    private static final String V2_PRIMARY = "v2_primary";

    private final String ingestScopeId;
    private final String cursorMode;
    private Map<String, Object> lastIdle;

    BatchLog(String ingestScopeId, String cursorMode) {
        this.ingestScopeId = ingestScopeId;
        this.cursorMode = cursorMode;
    }

    /**
     * @param before the cursor the batch started from
     * @param after  the cursor persisted with the batch ({@link BatchSummary#cursor()} is its serialised form)
     */
    void log(BatchSummary batch, SourceCursorState before, SourceCursorState after, long fencingEpoch) {
        SourceBatch.ScanCounters counters = batch.counters();
        String cursorBefore = SourceCursors.write(before);
        CursorMoves moves = CursorMoves.between(before, after);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ingest_scope_id", ingestScopeId);
        fields.put("advance_cursor", !cursorBefore.equals(batch.cursor()));
        fields.put("batch_size", batch.batchSize());
        fields.put("cursor_after", CursorMoves.digest(batch.cursor()));
        fields.put("cursor_before", CursorMoves.digest(cursorBefore));
        fields.put("cursor_scan_key", after.scanCursor());
        fields.put("cursor_shards_moved", moves.listed());
        fields.put("cursor_shards_moved_count", moves.moved());
        fields.put("existing", batch.existing());
        fields.put("failures", batch.quarantined());
        fields.put("fast_path_selected_key_count", counters.fastPathSelected());
        fields.put("fencing_epoch", fencingEpoch);
        fields.put("inserted", batch.inserted());
        fields.put("quarantine_retries_indexed", batch.retried());
        fields.put("realtime_lag_seconds", batch.realtimeLagSeconds());
        fields.put("replay_cycle_ran", counters.replayCycleRan());
        fields.put("replay_only_hit_count", counters.replayPathSelected());
        fields.put("replay_path_selected_key_count", counters.replayPathSelected());
        fields.put("source_cursor_mode", cursorMode);
        fields.put("source_list_calls", counters.listCalls());
        fields.put("v2_last_reconcile_at", after.lastReconcileAt());
        fields.put("v2_shard_advancements", counters.v2ShardAdvancements());
        // a cursor whose shard state cannot be parsed stops the worker (fail closed) instead of being logged here
        fields.put("v2_shard_health_parse_failed", false);
        fields.put("v2_shards_tracked", after.byShard().size());
        boolean legacyV1 = V2_PRIMARY.equals(cursorMode) && counters.v1Count() > 0;
        fields.put("v2_primary_mode_legacy_v1_items_present", legacyV1);
        fields.put("v2_ready_no_v1_seen", counters.v2Count() > 0 && counters.v1Count() == 0);
        fields.put("version_mix_other_count", counters.otherCount());
        fields.put("version_mix_v1_count", counters.v1Count());
        fields.put("version_mix_v2_count", counters.v2Count());
        if (batch.empty()) {
            Map<String, Object> idle = new LinkedHashMap<>(fields);
            idle.remove("source_list_calls");
            if (idle.equals(lastIdle)) {
                return;
            }
            lastIdle = idle;
        } else {
            lastIdle = null;
        }
        LoggingEventBuilder event = LOG.atInfo().setMessage("restore-indexer batch processed");
        fields.forEach(event::addKeyValue);
        event.log();
        if (legacyV1) {
            LOG.atWarn().setMessage("restore-indexer v2_primary observed legacy v1 manifests")
                    .addKeyValue("ingest_scope_id", ingestScopeId)
                    .addKeyValue("legacy_v1_count", counters.v1Count())
                    .addKeyValue("v2_count", counters.v2Count()).log();
        }
    }
}
