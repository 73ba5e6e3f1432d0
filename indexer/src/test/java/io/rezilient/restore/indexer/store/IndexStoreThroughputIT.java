package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures (prints, does not assert) how fast batches of 20,000 events in total reach the index: the store's own
 * share of the indexer's budget. The benchmark module measures the end-to-end rate.
 */
class IndexStoreThroughputIT {
    private static final int TOTAL_EVENTS = 20_000;
    private static final int PARTITIONS = 8;
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexStoreThroughputIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void measureTheInsertRateOfATwentyThousandEventBatchSequence() {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setMaximumPoolSize(2); // as in production: connections are pooled, not opened per batch
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            IndexStore store = new IndexStore(dataSource, WatermarkFreshness.from(new FreshnessGate(FreshnessPolicy.DEFAULT)));
            run(dataSource, store, 1_000); // warm-up: pool, statement plans, JIT
            for (int batchSize : new int[] {500, 1_000, 5_000, 20_000}) {
                double seconds = run(dataSource, store, batchSize);
                System.out.printf("IndexStore insert rate: batches of %,6d, %,d events in %.2f s = %,.0f events/s%n",
                        batchSize, TOTAL_EVENTS, seconds, TOTAL_EVENTS / seconds);
            }
        }
    }

    /** Writes 20,000 new events in batches of {@code batchSize} into a fresh scope; returns the seconds it took. */
    private static double run(DataSource dataSource, IndexStore store, int batchSize) {
        String tenant = Events.newTenant();
        IngestScope scope = new IngestScope("bench-" + tenant, "s3://bench/" + tenant);
        LeaseGrant grant = new LeaderLease(dataSource, scope, "bench", Duration.ofMinutes(10)).acquire()
                .orElseThrow();
        List<IndexBatch> batches = batches(tenant, scope, batchSize);
        long started = System.nanoTime();
        int inserted = 0;
        for (IndexBatch batch : batches) {
            inserted += store.write(batch, grant).inserted();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(inserted).isEqualTo(TOTAL_EVENTS);
        return seconds;
    }

    private static List<IndexBatch> batches(String tenant, IngestScope scope, int batchSize) {
        Instant start = Instant.parse("2026-02-16T00:00:00Z");
        List<IndexBatch> batches = new ArrayList<>();
        List<IndexedEvent> current = new ArrayList<>();
        for (int i = 0; i < TOTAL_EVENTS; i++) {
            current.add(Events.in(tenant).partition(i % PARTITIONS).offset(i / PARTITIONS)
                    .at(start.plusMillis(i * 10L).toString()).eventId("evt-" + i).build());
            if (current.size() == batchSize) {
                batches.add(IndexBatch.of(scope, current, "cursor-" + i, 0L));
                current = new ArrayList<>();
            }
        }
        return batches;
    }
}
