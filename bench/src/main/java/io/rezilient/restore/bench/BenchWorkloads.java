package io.rezilient.restore.bench;

import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.simulate.ProgressListener;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.capture.simulate.SimulationSummary;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.capture.truth.GroundTruthFile;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.objectstore.ObjectStore;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark data the real way: {@link WorkloadSimulator} captures encrypted events into an object store, the real
 * indexer indexes them into a freshly migrated database of a local PostgreSQL.
 */
final class BenchWorkloads {
    private BenchWorkloads() {
    }

    /** A simulated workload (layout v2, 8 partitions) of one instance; its truth file is truth-INSTANCE.jsonl. */
    record Workload(String tenant, String instance, String source, List<String> tables, int records,
                    long events, Instant start, Duration span, long seed) {
    }

    static SimulationSummary simulate(Path work, ObjectStore store, Workload workload) throws Exception {
        KeyringFile keyringFile = new KeyringFile(work.resolve("keyring.json"));
        keyringFile.activeKeyCreatingIfMissing(workload.tenant(), new SecureRandom(), Instant.now());
        Keyring keyring = keyringFile.load();
        SimulationOptions options = SimulationOptions.builder()
                .tenant(workload.tenant()).instance(workload.instance()).source(workload.source())
                .tables(workload.tables()).records(workload.records()).events(workload.events())
                .start(workload.start()).span(workload.span()).seed(workload.seed())
                .layout(LayoutVersion.parse("v2")).partitions(8).requireEmptyDestination(false).build();
        try (GroundTruthFile truth = new GroundTruthFile(work.resolve("truth-" + workload.instance() + ".jsonl"))) {
            return WorkloadSimulator.run(options, store, keyring, truth, ProgressListener.NONE);
        }
    }

    /** Drops and creates database {@code name} on {@code server} and migrates it. */
    static PgUrl createDatabase(PgUrl server, String name) throws Exception {
        try (Connection admin = server.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        PgUrl database = server.withDatabase(name);
        Migrations.migrate(database.dataSource());
        return database;
    }

    /** {@code rez indexer once}'s loop over the whole object store; the rows indexed. */
    static long index(PgUrl database, Path objects, String ingestScopeId, String source) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", SimulationOptions.DEFAULT_PREFIX);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-bench-1");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", ingestScopeId);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", source);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        try (IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env))) {
            IndexerWorker worker = runtime.worker().orElseThrow();
            while (true) {
                BatchSummary batch = worker.runOnce();
                if (!batch.leader()) {
                    throw new IllegalStateException("the benchmark indexer is not the leader");
                }
                if (batch.empty()) {
                    break;
                }
            }
            worker.close();
        }
        return count(database, "");
    }

    /** Index events of one instance. */
    static long countEvents(PgUrl database, String instance) throws Exception {
        return count(database, " WHERE instance_id = '" + instance + "'");
    }

    private static long count(PgUrl database, String where) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RestoreSchemas.INDEX_SCHEMA + ".index_events"
                     + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
