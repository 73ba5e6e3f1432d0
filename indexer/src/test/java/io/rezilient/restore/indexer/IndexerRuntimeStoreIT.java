package io.rezilient.restore.indexer;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IndexerRuntime#open(IndexerSettings, java.util.function.Function)}: the store the caller opens from the
 * configured location is the one the worker reads, and the runtime closes it (the benchmark opens S3 buckets on
 * other HTTP clients this way).
 */
class IndexerRuntimeStoreIT {
    private static final String PREFIX = "rez/restore-artifacts";
    private static TestDatabase db;

    @TempDir
    Path root;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerRuntimeStoreIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void theWorkerReadsThroughTheOpenedStoreAndTheRuntimeClosesIt() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        SourceFixture fixture = new SourceFixture(new FileSystemObjectStore(root), PREFIX, "tenant-" + id,
                "inst-" + id, "sn://" + id + ".service-now.com", "rez.cdc");
        Instant time = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        List<String> manifests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            manifests.add(fixture.putV1("incident", "%08x".formatted(i), 0, i, time.plusMillis(i)));
        }
        List<ObjectStoreLocation> asked = new ArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        List<String> reads = new CopyOnWriteArrayList<>();

        IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env("scope-" + id)), location -> {
            asked.add(location);
            return new ForwardingObjectStore(location.open()) {
                @Override
                public Optional<ObjectStream> open(String key) {
                    reads.add(key);
                    return super.open(key);
                }

                @Override
                public void close() {
                    closed.set(true);
                    delegate().close();
                }
            };
        });
        try {
            IndexerWorker worker = runtime.worker().orElseThrow();
            long inserted = 0;
            BatchSummary batch;
            do {
                batch = worker.runOnce();
                inserted += batch.inserted();
            } while (!batch.empty());
            assertThat(inserted).isEqualTo(5);
            assertThat(closed).as("open while the runtime is").isFalse();
        } finally {
            runtime.close();
        }

        assertThat(asked).containsExactly(new ObjectStoreLocation.Filesystem(root));
        assertThat(reads).as("every manifest was read through the opened store")
                .containsAll(manifests);
        assertThat(closed).as("closed by the runtime").isTrue();
        assertThat(events(fixture.tenant())).isEqualTo(5);
    }

    private Map<String, String> env(String scope) {
        Map<String, String> env = SourceFixture.filesystemEnv(db.jdbcUrl(), root, PREFIX, scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED", "false");
        return env;
    }

    private static long events(String tenant) throws Exception {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
