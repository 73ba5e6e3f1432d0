package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.config.RecSourceSettings;
import io.rezilient.restore.indexer.normalize.OperationalMetadataNormalizer;
import io.rezilient.restore.indexer.source.ManifestSource;
import io.rezilient.restore.indexer.source.SourceBatch;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.source.SourceItem;
import io.rezilient.restore.objectstore.ObjectStore;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How fast the indexer's source side alone goes: the worker's {@code ManifestSource.readBatch} loop (list, read each
 * manifest and its artifact, parse both, extract the metadata) built exactly as the runtime builds it (same store,
 * cursor mode, reads in flight, batch size and background read-ahead), plus the normalisation of every item into
 * its index row, and no database at all. The indexer cannot go faster than this, whatever PostgreSQL does.
 */
final class ReadOnlyRate {
    static final String METHOD = "the worker's loop without the database: ManifestSource built as IndexerRuntime "
            + "builds it (same store, cursor mode, reads in flight, batch size, read-ahead), readBatch from an empty "
            + "cursor until a batch selects nothing, every item normalised (OperationalMetadataNormalizer); "
            + "events/s = distinct manifests read / wall time of the loop; CPU sampled around the loop as for the "
            + "indexer runs";

    private ReadOnlyRate() {
    }

    /** Reads the whole source the indexer settings in {@code env} describe; fails unless it holds {@code events}. */
    static ObjectNode measure(Map<String, String> env, long events, long postmasterPid) {
        IndexerSettings settings = IndexerSettings.fromEnv(env);
        RecSourceSettings rec = settings.rec().orElseThrow();
        Set<String> seen = new HashSet<>();
        long failed = 0;
        CpuMeter.Sample before;
        CpuMeter.Sample after;
        try (ObjectStore store = rec.location().open();
             ManifestSource source = new ManifestSource(store, rec.source(), Clock.systemUTC())) {
            SourceCursorState cursor = SourceCursors.read(null, rec.source().replay());
            before = CpuMeter.sample(null, postmasterPid);
            while (true) {
                SourceBatch batch = source.readBatch(cursor, settings.batchSize(), Clock.systemUTC().instant());
                for (SourceItem item : batch.items()) {
                    if (item instanceof SourceItem.Read read) {
                        OperationalMetadataNormalizer.normalize(read.item());
                        seen.add(item.manifestKey());
                    } else {
                        failed++;
                    }
                }
                cursor = batch.nextCursor();
                if (batch.counters().fastPathSelected() == 0) {
                    break;
                }
            }
            after = CpuMeter.sample(null, postmasterPid);
        }
        if (seen.size() != events || failed != 0) {
            throw new IllegalStateException("the read-only loop read " + seen.size() + " manifests (" + failed
                    + " failed), expected " + events);
        }
        double seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("events_read", seen.size());
        json.put("seconds", BenchReports.round(seconds));
        json.put("events_per_second", Math.round(seen.size() / seconds));
        ObjectNode cpu = CpuMeter.perEvent(before, after, seen.size(), 0);
        json.put("cpu_ms_per_event", cpu.get("indexer_cpu_ms_per_event").asDouble());
        json.put("machine_idle_cores", cpu.get("machine_idle_cores").asDouble());
        return json;
    }
}
