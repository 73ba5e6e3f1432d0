package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.source.SourceSettings;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The S3 SDK's HTTP clients side by side on the same workload: for each condition (s3proxy direct, and behind the
 * 25 ms latency proxy), {@code rounds} rounds that each run every client once in turn (A, B, C, A, B, C …), so
 * machine noise falls on all of them alike; each client's figures are the medians of its runs.
 */
final class HttpClientComparison {
    private static final int WARM_UP_RUNS = 2;
    private final IndexerRun runner;
    private final S3ServerJvm s3;
    private final String bucket;
    private final long events;
    private final String batchSize;

    HttpClientComparison(IndexerRun runner, S3ServerJvm s3, String bucket, long events, String batchSize) {
        this.runner = runner;
        this.s3 = s3;
        this.bucket = bucket;
        this.events = events;
        this.batchSize = batchSize;
    }

    /** Unreported runs of every client, so that none pays the JIT warm-up of its own code in a timed run. */
    void warmUp(String warmBucket, long warmEvents) throws Exception {
        for (int round = 0; round < WARM_UP_RUNS; round++) {
            for (HttpClientKind kind : HttpClientKind.values()) {
                ObjectNode run = runner.run(spec("bench_http_warm_" + kind.label().replace('-', '_'),
                        warmBucket, s3.direct(), kind));
                IndexerBenchmark.judge(run, warmEvents);
            }
        }
    }

    ObjectNode compare(int rounds) throws Exception {
        ObjectNode section = Json.mapper().createObjectNode();
        section.put("method", "layout v2 (cursor mode v2_primary), " + events + " events in one bucket of the "
                + "S3 server JVM, read concurrency " + SourceSettings.DEFAULT_READ_CONCURRENCY + " (the default), "
                + "fresh database per run; each client built from the indexer's S3Config as S3ClientFactory builds "
                + "the production one (pool = reads in flight + listing connections, same connect/socket timeouts, "
                + "SDK retries off, attempt timeouts); url-connection with -Dhttp.maxConnections raised so the JDK "
                + "keeps that many idle connections; crt = AwsCrtHttpClient (sync) with maxConcurrency = pool; "
                + "" + WARM_UP_RUNS + " unreported warm-up rounds of every client first; then " + rounds + " rounds per condition, each "
                + "running every client once in turn; figures are medians over the rounds; CPU as for the other "
                + "runs (the indexer JVM less nothing: no profiler runs here). The CRT client does its I/O on "
                + "native threads, which the process CPU figure includes.");
        section.put("rounds", rounds);
        section.put("production_client", HttpClientKind.PRODUCTION.label());
        ArrayNode conditions = section.putArray("conditions");
        for (boolean delayed : List.of(false, true)) {
            Map<HttpClientKind, List<ObjectNode>> runs = new EnumMap<>(HttpClientKind.class);
            for (int round = 0; round < rounds; round++) {
                for (HttpClientKind kind : HttpClientKind.values()) {
                    URI endpoint = delayed ? s3.delayed() : s3.direct();
                    ObjectNode run = runner.run(spec("bench_http_" + kind.label().replace('-', '_')
                            + (delayed ? "_lat" : "_direct") + "_" + round, bucket, endpoint, kind));
                    IndexerBenchmark.judge(run, events);
                    runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
                    System.out.printf("http client %s, %s, round %d: %s events/s, %s ms CPU/event%n", kind.label(),
                            delayed ? "25 ms latency" : "no latency", round + 1, run.get("events_per_second"),
                            run.get("indexer_cpu_ms_per_event"));
                }
            }
            ObjectNode condition = conditions.addObject();
            condition.put("latency_ms", delayed ? IndexerBenchmark.LATENCY.toMillis() : 0);
            ObjectNode clients = condition.putObject("clients");
            runs.forEach((kind, measured) -> {
                ObjectNode client = clients.putObject(kind.label());
                client.put("events_per_second_median", median(measured, "events_per_second"));
                client.put("indexer_cpu_ms_per_event_median", median(measured, "indexer_cpu_ms_per_event"));
                client.put("s3_server_cpu_ms_per_event_median", median(measured, "s3_server_cpu_ms_per_event"));
                client.put("machine_idle_cores_median", median(measured, "machine_idle_cores"));
                ArrayNode each = client.putArray("runs");
                measured.forEach(run -> each.addObject()
                        .put("events_per_second", run.get("events_per_second").asLong())
                        .put("indexer_cpu_ms_per_event", run.get("indexer_cpu_ms_per_event").asDouble()));
            });
        }
        return section;
    }

    private IndexerRun.Spec spec(String name, String bucketName, URI endpoint, HttpClientKind kind) {
        return new IndexerRun.Spec(name, IndexerBenchmark.s3Env(bucketName, endpoint,
                SourceSettings.DEFAULT_READ_CONCURRENCY), "v2", batchSize, s3.handle(), kind::open, false, false);
    }

    private static double median(List<ObjectNode> runs, String field) {
        double[] values = runs.stream().mapToDouble(run -> run.get(field).asDouble()).sorted().toArray();
        int middle = values.length / 2;
        double median = values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.round(median * 1000) / 1000.0;
    }
}
