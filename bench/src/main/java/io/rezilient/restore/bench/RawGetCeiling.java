package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's raw GET rate: what the object store answers when nothing but GETs are asked of it, with as many in
 * flight as the indexer may keep. The indexer reads two objects per event (a manifest and its artifact) and also
 * lists, so half this rate is an upper bound on its events/s against the same store on the same machine.
 */
final class RawGetCeiling {
    static final String METHOD = "the store opened exactly as the indexer opens it (its settings, connection pool "
            + "sized to the reads in flight), the first 2,000 keys of the bucket listed once, then as many virtual "
            + "threads as the reads in flight GET those keys round-robin for %d s (after 2 s of warm-up); "
            + "gets_per_second = GETs completed / time; events_per_second_bound = gets_per_second / 2, because the "
            + "indexer reads a manifest and an artifact per event (and lists besides)";
    static final Duration MEASURED = Duration.ofSeconds(10);
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final int KEYS = 2_000;

    private RawGetCeiling() {
    }

    /** GETs per second through the store the indexer settings in {@code env} describe. */
    static ObjectNode measure(Map<String, String> env, int inFlight) throws InterruptedException {
        IndexerSettings settings = IndexerSettings.fromEnv(env);
        try (ObjectStore store = settings.rec().orElseThrow().location().open()) {
            ListPage page = store.list("", null, KEYS);
            List<String> keys = new ArrayList<>(page.keys());
            if (keys.isEmpty()) {
                throw new IllegalStateException("the bucket holds no keys to read");
            }
            run(store, keys, inFlight, WARM_UP);
            long[] measured = run(store, keys, inFlight, MEASURED);
            double seconds = measured[2] / 1e9;
            ObjectNode json = Json.mapper().createObjectNode();
            json.put("reads_in_flight", inFlight);
            json.put("gets", measured[0]);
            json.put("seconds", BenchReports.round(seconds));
            json.put("gets_per_second", Math.round(measured[0] / seconds));
            json.put("mean_get_ms", BenchReports.round(measured[1] / 1e6 / Math.max(1, measured[0])));
            json.put("events_per_second_bound", Math.round(measured[0] / seconds / 2));
            return json;
        }
    }

    /** GETs completed, their summed latency in ns, and the wall time in ns. */
    private static long[] run(ObjectStore store, List<String> keys, int inFlight, Duration duration)
            throws InterruptedException {
        AtomicLong gets = new AtomicLong();
        AtomicLong latency = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int reader = 0; reader < inFlight; reader++) {
                int first = reader;
                readers.submit(() -> {
                    for (int next = first; System.nanoTime() < end; next += inFlight) {
                        long before = System.nanoTime();
                        if (store.get(keys.get(next % keys.size())).isEmpty()) {
                            throw new IllegalStateException("a listed key vanished");
                        }
                        latency.addAndGet(System.nanoTime() - before);
                        gets.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return new long[] {gets.get(), latency.get(), System.nanoTime() - start};
    }
}
