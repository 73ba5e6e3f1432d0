package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import io.rezilient.restore.indexer.store.IndexBatch;
import io.rezilient.restore.indexer.store.IndexStore;
import io.rezilient.restore.indexer.store.IndexedEvent;
import io.rezilient.restore.indexer.store.WatermarkFreshness;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How fast {@link IndexStore#write} alone gets events into the index — the store's share of the indexer's budget,
 * without listing or reading an object store: a sequence of batches of new events (8 partitions, offsets in order)
 * for each batch size, each into a fresh tenant of one migrated database of a throwaway local PostgreSQL, through a
 * pool of 2 connections as in production. Beside each rate stands the COPY ceiling of the same rows measured in the
 * same run ({@link IndexCopyCeiling}). Writes {@code bench/results/index-store.json}.
 *
 * <p>Usage: {@code scripts/bench index-store [EVENTS] [BATCH_SIZE,BATCH_SIZE…]} (defaults 20,000 and
 * {@code 500,1000,5000,20000}).
 */
public final class IndexStoreBenchmark {
    private static final int PARTITIONS = 8;
    private static final int WARM_UP_BATCH = 1_000;
    private static final Instant START = Instant.parse("2026-02-16T00:00:00Z");

    private IndexStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<Integer> batchSizes = args.length > 1
                ? Stream.of(args[1].split(",")).map(String::trim).map(Integer::parseInt).toList()
                : List.of(500, 1_000, 5_000, 20_000);
        Path results = Path.of(System.getProperty("rez.bench.results", "bench/results"));

        ObjectNode report = BenchReports.inProcessHeader("restore indexer: IndexStore.write alone → PostgreSQL");
        report.put("method", "for each batch size, " + events + " new IndexedEvents of one fresh tenant (" + PARTITIONS
                + " partitions, offsets ascending, event times 10 ms apart) are cut into batches and written by "
                + "IndexStore.write under a leader lease, one batch after the other, through a HikariCP pool of 2 "
                + "connections to one migrated database of a throwaway local PostgreSQL (LocalPostgres.throwaway, "
                + "fsync off); events/s = events / wall time of the batch sequence (batches are built before the "
                + "clock starts). 1 warm-up sequence with batches of " + WARM_UP_BATCH + " first. Ceiling: "
                + IndexCopyCeiling.METHOD + ".");
        report.put("events_per_run", events);
        ArrayNode runs = report.putArray("runs");

        try (BenchEnvironment environment = BenchEnvironment.start("rez-index-store-bench-")) {
            report.put("postgresql", BenchReports.postgresVersion(environment.server()));
            PgUrl database = BenchWorkloads.createDatabase(environment.server(), "bench_index_store");
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setMaximumPoolSize(2); // as in production: connections are pooled, not opened per batch
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                IndexStore store = new IndexStore(dataSource,
                        WatermarkFreshness.from(new FreshnessGate(FreshnessPolicy.DEFAULT)));
                write(dataSource, store, events, WARM_UP_BATCH);
                for (int batchSize : batchSizes) {
                    Written written = write(dataSource, store, events, batchSize);
                    double rate = events / written.seconds();
                    double ceiling = IndexCopyCeiling.eventsPerSecond(database, written.tenant(), events);
                    ObjectNode run = runs.addObject();
                    run.put("batch_size", batchSize);
                    run.put("batches", (events + batchSize - 1) / batchSize);
                    run.put("seconds", BenchReports.round(written.seconds()));
                    run.put("events_per_second", Math.round(rate));
                    run.put("ceiling_events_per_second", Math.round(ceiling));
                    run.put("fraction_of_ceiling", Math.round(rate / ceiling * 10_000) / 10_000.0);
                    System.out.printf("IndexStore: batches of %,6d, %,d events in %.2f s = %,.0f events/s; COPY "
                            + "ceiling %,.0f events/s (fraction %.3f)%n", batchSize, events, written.seconds(), rate,
                            ceiling, rate / ceiling);
                    BenchReports.write(results, "index-store.json", report);
                }
            }
        }
        BenchReports.write(results, "index-store.json", report);
        System.out.println("wrote " + results.resolve("index-store.json"));
    }

    private record Written(String tenant, double seconds) {
    }

    /** Writes {@code events} new events in batches of {@code batchSize} into a fresh tenant and scope. */
    private static Written write(HikariDataSource dataSource, IndexStore store, int events, int batchSize) {
        String tenant = "tenant-bench-" + UUID.randomUUID();
        IngestScope scope = new IngestScope("bench-" + tenant, "s3://bench/" + tenant);
        LeaseGrant grant = new LeaderLease(dataSource, scope, "bench", Duration.ofMinutes(10)).acquire()
                .orElseThrow(() -> new IllegalStateException("no lease for " + scope.id()));
        List<IndexBatch> batches = batches(tenant, scope, events, batchSize);
        long started = System.nanoTime();
        long inserted = 0;
        for (IndexBatch batch : batches) {
            inserted += store.write(batch, grant).inserted();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (inserted != events) {
            throw new IllegalStateException("the store inserted " + inserted + " of " + events + " events");
        }
        return new Written(tenant, seconds);
    }

    private static List<IndexBatch> batches(String tenant, IngestScope scope, int events, int batchSize) {
        List<IndexBatch> batches = new ArrayList<>();
        List<IndexedEvent> current = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            current.add(event(tenant, i % PARTITIONS, i / PARTITIONS, START.plusMillis(i * 10L), "evt-" + i));
            if (current.size() == batchSize || i == events - 1) {
                batches.add(IndexBatch.of(scope, current, "cursor-" + i, 0L));
                current = new ArrayList<>();
            }
        }
        return batches;
    }

    /** An update of a ticket record, shaped like the reference fixture's events (indexer-spec §10). */
    private static IndexedEvent event(String tenant, int partition, long offset, Instant time, String eventId) {
        String stem = "rez/restore/" + tenant + "/rez.cdc/" + partition + "/gen-01/" + eventId;
        return new IndexedEvent(tenant, "sn-dev-01", "sn://acme-dev.service-now.com", "x_app", "x_app.ticket",
                "abc123", null, null, eventId, "cdc.write", "U", 1, 1, "2026-02-16 11:59:59", time, "rez.cdc",
                partition, Long.toString(offset), "application/json", 1024L, "a".repeat(64),
                stem + ".artifact.json", stem + ".manifest.json", "cdc", "gen-01");
    }
}
