package io.rezilient.restore.indexer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.SchemaVersionCheck;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.config.RecSourceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.indexer.config.MetricsEndpoint;
import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.indexer.backfill.BackfillRuns;
import io.rezilient.restore.indexer.backfill.BootstrapCursorSeed;
import io.rezilient.restore.indexer.backfill.IndexReadiness;
import io.rezilient.restore.indexer.backfill.overrides.OverrideReconciler;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStore;
import io.rezilient.restore.indexer.backfill.overrides.PeriodicReconciler;
import io.rezilient.restore.indexer.groups.GroupCursorSeed;
import io.rezilient.restore.indexer.groups.GroupedIndexer;
import io.rezilient.restore.indexer.groups.PartitionGroup;
import io.rezilient.restore.indexer.groups.QuarantineAdoption;
import io.rezilient.restore.indexer.http.Health;
import io.rezilient.restore.indexer.http.Readiness;
import io.rezilient.restore.indexer.http.MetricsHttpServer;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseKeeper;
import io.rezilient.restore.indexer.lease.LeaseState;
import io.rezilient.restore.indexer.source.ManifestSource;
import io.rezilient.restore.indexer.source.ReadPermits;
import io.rezilient.restore.indexer.source.V2Keys;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.IndexStore;
import io.rezilient.restore.indexer.store.QuarantineBackoff;
import io.rezilient.restore.indexer.store.PartitionHoles;
import io.rezilient.restore.indexer.store.QuarantineStore;
import io.rezilient.restore.indexer.store.SourceKey;
import io.rezilient.restore.indexer.store.WatermarkFreshness;
import io.rezilient.restore.indexer.worker.IndexerMetrics;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.indexer.worker.PartitionLagRefresher;
import io.rezilient.restore.indexer.worker.PartitionStatusReader;
import io.rezilient.restore.indexer.worker.WorkerSettings;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Wires the indexer from {@link IndexerSettings}: connection pool, schema check (fail closed), object store, stores,
 * and, on first use of {@link #worker()}, the lease, its keeper, the manifest source and the worker (and, with
 * {@link #groups()} too, the schedule that reverts expired config overrides). The worker is
 * built lazily so read-only commands ({@code status}, {@code quarantine}) never contend for the lease. The worker's
 * meters ({@link IndexerMetrics}, tagged with the ingest scope) live in a Prometheus registry that
 * {@link #serveMetrics()} exposes over HTTP together with {@link #health()}. {@link #close()} releases whatever was
 * built, in reverse order.
 */
public final class IndexerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerRuntime.class);
    private static final int POOL_MAX = 10;
    private static final Duration POOL_IDLE = Duration.ofSeconds(30);
    /**
     * Quarantine retries: soon enough to pick up a late artifact, sparse enough that a poison manifest costs little;
     * after the last attempt it waits for an operator (it keeps blocking freshness meanwhile).
     */
    static final QuarantineBackoff QUARANTINE_BACKOFF =
            new QuarantineBackoff(Duration.ofSeconds(30), Duration.ofMinutes(30), 8);
    private static final String SOURCES = """
            SELECT tenant_id, instance_id, source FROM %1$s.partition_watermarks
             UNION
            SELECT tenant_id, instance_id, source FROM %1$s.quarantined_artifacts
             WHERE resolved_at IS NULL AND tenant_id IS NOT NULL AND instance_id IS NOT NULL AND source IS NOT NULL
             ORDER BY 1, 2, 3
            """.formatted(RestoreSchemas.INDEX_SCHEMA);
    // The sources one ingest scope feeds: those it indexed events of, and those its open quarantine names.
    // (and of the partition-group scopes it is split into, ids "<scope>#group-…")
    private static final String SCOPE_SOURCES = """
            SELECT tenant_id, instance_id, source FROM %1$s.ingest_scope_sources
             WHERE ingest_scope_id = ? OR starts_with(ingest_scope_id, ?)
             UNION
            SELECT tenant_id, instance_id, source FROM %1$s.quarantined_artifacts
             WHERE (ingest_scope_id = ? OR starts_with(ingest_scope_id, ?)) AND resolved_at IS NULL
               AND tenant_id IS NOT NULL AND instance_id IS NOT NULL AND source IS NOT NULL
             ORDER BY 1, 2, 3
            """.formatted(RestoreSchemas.INDEX_SCHEMA);

    private final IndexerSettings settings;
    private final HikariDataSource pool;
    private final ObjectStore objects;
    private final IndexReader reader;
    private final QuarantineStore quarantine;
    private final PartitionStatusReader status;
    private final FreshnessGate gate;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Null in scaffold mode, which has no ingest scope to tag meters with. */
    private final IndexerMetrics metrics;
    // volatile: the HTTP thread reads them for /healthz without taking this runtime's lock
    private volatile LeaseKeeper keeper;
    private volatile IndexerWorker worker;
    private volatile GroupedIndexer grouped;
    private MetricsHttpServer http;
    /** Reverts expired overrides while this process indexes; null until it starts indexing. */
    private PeriodicReconciler overrideReconciler;

    private IndexerRuntime(IndexerSettings settings, HikariDataSource pool, ObjectStore objects) {
        this.settings = settings;
        this.pool = pool;
        this.objects = objects;
        this.gate = new FreshnessGate(settings.freshness());
        this.reader = new IndexReader(pool);
        this.quarantine = new QuarantineStore(pool, QUARANTINE_BACKOFF);
        this.status = new PartitionStatusReader(reader, quarantine, gate);
        this.metrics = settings.rec().map(rec -> new IndexerMetrics(registry, rec.scope().id())).orElse(null);
    }

    /** Opens the pool, verifies the schema, and opens the object store; anything failing closes what was opened. */
    public static IndexerRuntime open(IndexerSettings settings) {
        return open(settings, ObjectStoreLocation::open);
    }

    /**
     * As {@link #open(IndexerSettings)}, with the configured object-store location opened by {@code opener} (the
     * benchmark opens the same bucket on other HTTP clients to compare them). The runtime closes the store.
     */
    public static IndexerRuntime open(IndexerSettings settings, Function<ObjectStoreLocation, ObjectStore> opener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(opener, "opener");
        HikariDataSource pool = pool(settings);
        ObjectStore objects = null;
        try {
            SchemaVersionCheck.verify(pool);
            objects = settings.rec().map(rec -> opener.apply(rec.location())).orElse(null);
            IndexerRuntime runtime = new IndexerRuntime(settings, pool, objects);
            if (settings.scaffold()) {
                LOG.warn("restore-indexer scaffold mode: production ingest is disabled; nothing will be indexed");
            }
            LOG.atInfo().setMessage("restore-indexer runtime started")
                    .addKeyValue("config", settings.logFields()).log();
            return runtime;
        } catch (RuntimeException failure) {
            closeQuietly(objects);
            pool.close();
            throw failure;
        }
    }

    public IndexerSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return pool;
    }

    public IndexReader reader() {
        return reader;
    }

    public QuarantineStore quarantine() {
        return quarantine;
    }

    public PartitionStatusReader status() {
        return status;
    }

    public FreshnessGate gate() {
        return gate;
    }

    /** Open holes above partition frontiers: listing them, and skipping one that will never fill. */
    public PartitionHoles holes() {
        return new PartitionHoles(pool, WatermarkFreshness.from(gate));
    }

    /** The worker's meters (registered in the Prometheus registry), or empty in scaffold mode. */
    public Optional<IndexerMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** The registry {@code GET /metrics} serves, for meters of other parts of this process (backfill runs). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format, as {@code GET /metrics} serves it. */
    public String scrape() {
        return registry.scrape();
    }

    /** The opened object store of the source, or empty in scaffold mode. */
    public Optional<ObjectStore> objectStore() {
        return Optional.ofNullable(objects);
    }

    /** The object-store source, or empty in scaffold mode. */
    public Optional<RecSourceSettings> source() {
        return settings.rec();
    }

    /**
     * The worker, built on first call: takes the lease once synchronously (so the first cycle does not find it
     * unattempted) and then keeps it renewed in the background. Empty in scaffold mode, which indexes nothing.
     */
    public synchronized Optional<IndexerWorker> worker() {
        if (worker != null || settings.rec().isEmpty()) {
            return Optional.ofNullable(worker);
        }
        RecSourceSettings rec = settings.rec().get();
        if (rec.grouped()) {
            throw new IllegalStateException("ingest scope " + rec.scope().id() + " is split into "
                    + rec.partitionGroups() + " partition groups: index it with groups(), not one worker");
        }
        LeaderLease lease = new LeaderLease(pool, rec.scope(), settings.leaderId(), settings.leaderLease());
        LeaseKeeper keeper = new LeaseKeeper(lease, settings.leaderLease().dividedBy(3));
        keeper.onStateChange(metrics::recordLease);
        keeper.renewNow();
        keeper.start();
        this.keeper = keeper;
        worker = new IndexerWorker(workerSettings(rec, rec.scope()), new ManifestSource(objects, rec.source(), Clock.systemUTC()),
                new IndexStore(pool, WatermarkFreshness.from(gate)), reader, quarantine, keeper, Clock.systemUTC(),
                null, metrics, new PartitionLagRefresher(metrics, this::indexedSources, status, Clock.systemUTC(),
                        Duration.ofMillis((long) (settings.freshness().staleAfterSeconds() * 1000))),
                new BootstrapCursorSeed(new BackfillRuns(pool), rec.source().replay()));
        reconcileOverrides();
        return Optional.of(worker);
    }

    /**
     * The partition groups of a split scope ({@code REZ_RESTORE_INDEXER_PARTITION_GROUPS} above 1), built on first
     * call; empty when the scope is not split or in scaffold mode. All groups of this process share one budget of
     * reads in flight and the process-wide lag gauges (tagged with the scope itself); each group has its own lease,
     * cursor (seeded from the scope's furthest ones) and meters (tagged with its group scope).
     */
    public synchronized Optional<GroupedIndexer> groups() {
        if (grouped != null || settings.rec().isEmpty() || !settings.rec().get().grouped()) {
            return Optional.ofNullable(grouped);
        }
        RecSourceSettings rec = settings.rec().get();
        ReadPermits permits = ReadPermits.of(rec.source().readConcurrency());
        IndexStore store = new IndexStore(pool, WatermarkFreshness.from(gate));
        PartitionLagRefresher lag = new PartitionLagRefresher(metrics, this::indexedSources, status, Clock.systemUTC(),
                Duration.ofMillis((long) (settings.freshness().staleAfterSeconds() * 1000)));
        Map<Integer, IndexerMetrics> groupMetrics = new ConcurrentHashMap<>();
        GroupedIndexer.GroupWorkers workers = new GroupedIndexer.GroupWorkers() {
            @Override
            public LeaderLease lease(PartitionGroup group) {
                return new LeaderLease(pool, group.scopeOf(rec.scope()), settings.leaderId(), settings.leaderLease());
            }

            @Override
            public IndexerWorker worker(PartitionGroup group, LeaseKeeper keeper) {
                IngestScope scope = group.scopeOf(rec.scope());
                // one set of meters per group for the life of the process: a group taken again counts on
                IndexerMetrics meters = groupMetrics.computeIfAbsent(group.index(),
                        index -> new IndexerMetrics(registry, scope.id()));
                keeper.onStateChange(meters::recordLease);
                return new IndexerWorker(workerSettings(rec, scope),
                        new ManifestSource(objects, rec.source(), Clock.systemUTC(), group::owns, permits), store,
                        reader, quarantine, keeper, Clock.systemUTC(), null, meters, null,
                        new GroupCursorSeed(reader, rec.scope(), group, rec.source().replay()));
            }
        };
        String prefix = rec.source().prefix();
        QuarantineAdoption adoption = new QuarantineAdoption(pool, rec.scope().id(), rec.partitionGroups(),
                key -> V2Keys.locate(prefix, key).map(V2Keys.Location::shardKey), settings.leaderId());
        grouped = new GroupedIndexer(pool, rec.scope(), rec.partitionGroups(), settings.leaderId(),
                settings.leaderLease(), workers, adoption, () -> lag.afterCycle(true));
        reconcileOverrides();
        return Optional.of(grouped);
    }

    /**
     * Every indexing process also reverts config overrides whose window closed or whose backfill run ended, so an
     * override never outlives its window by more than one interval for lack of a process to end it. Any number of
     * processes may do this at once (the reconciler ends each override exactly once), so no lease is needed.
     */
    private void reconcileOverrides() {
        if (overrideReconciler == null) {
            overrideReconciler = PeriodicReconciler.start(new OverrideReconciler(pool), Clock.systemUTC(),
                    PeriodicReconciler.DEFAULT_INTERVAL);
        }
    }

    /** The override reconciler's schedule, once this process indexes (tests run a round of their own). */
    synchronized Optional<PeriodicReconciler> overrideReconciler() {
        return Optional.ofNullable(overrideReconciler);
    }

    /** Staged config overrides of this index (issue 16 item 5), on the system clock. */
    public OverrideStore overrides() {
        return new OverrideStore(pool, Clock.systemUTC());
    }

    private WorkerSettings workerSettings(RecSourceSettings rec, IngestScope scope) {
        return new WorkerSettings(scope, rec.generationId(), settings.batchSize(), settings.pollInterval(),
                WorkerSettings.DEFAULT_RETRY_BATCH_SIZE, WorkerSettings.DEFAULT_FAILURE_BACKOFF,
                WorkerSettings.DEFAULT_MAX_FAILURE_BACKOFF);
    }

    /**
     * Healthy while the worker loop runs and the lease keeper is renewing without having lost the lease. A standby
     * (another worker leads) is healthy: it is doing its job, waiting to take over. A lost lease is not: this
     * process was deposed or cannot reach the database, and stays so until it wins the lease back.
     */
    public Health health() {
        GroupedIndexer currentGroups = grouped;
        if (currentGroups != null) {
            return currentGroups.health();
        }
        String scope = settings.rec().map(rec -> rec.scope().id()).orElse(null);
        LeaseKeeper currentKeeper = keeper;
        IndexerWorker currentWorker = worker;
        if (currentKeeper == null || currentWorker == null) {
            return Health.unavailable("none", scope, settings.scaffold() ? "scaffold mode: nothing is indexed"
                    : "worker not started");
        }
        LeaseState lease = currentKeeper.state();
        String leaseState = lease.status().label();
        if (!currentWorker.running()) {
            return Health.unavailable(leaseState, scope, "worker not running");
        }
        if (!currentKeeper.running()) {
            return Health.unavailable(leaseState, scope, "lease keeper stopped");
        }
        if (lease.status() == LeaseState.Status.LOST) {
            return Health.unavailable(leaseState, scope, lease.detail());
        }
        return new Health(true, leaseState, scope, lease.detail());
    }

    /** Whether the index of this scope's sources can serve restores as a whole ({@code GET /readyz}). */
    public Readiness readiness() {
        return new IndexReadiness(() -> indexedSources(false), reader, new BackfillRuns(pool)).now();
    }

    /**
     * Starts the HTTP endpoint when {@code REZ_RESTORE_INDEXER_METRICS_PORT} is set (once; later calls return the
     * same address) and logs where it listens.
     *
     * @return the bound address, or empty when no endpoint is configured
     */
    public synchronized Optional<InetSocketAddress> serveMetrics() {
        if (http == null && settings.metrics().isPresent()) {
            MetricsEndpoint endpoint = settings.metrics().get();
            http = MetricsHttpServer.start(endpoint, this::scrape, this::health, this::readiness);
            InetSocketAddress bound = http.address();
            LOG.atInfo().setMessage("restore-indexer metrics endpoint started")
                    .addKeyValue("ingest_scope_id", settings.rec().map(rec -> rec.scope().id()).orElse(null))
                    .addKeyValue("bind", bound.getAddress().getHostAddress())
                    .addKeyValue("port", bound.getPort())
                    .addKeyValue("paths", List.of("/metrics", "/healthz", "/readyz")).log();
        }
        return Optional.ofNullable(http).map(MetricsHttpServer::address);
    }

    /**
     * The sources of the configured ingest scope (those it indexed events of or holds open quarantine for), or of
     * the whole index when {@code everyScope} is set or no ingest scope is configured (scaffold mode).
     */
    public List<SourceKey> indexedSources(boolean everyScope) {
        Optional<String> scope = everyScope ? Optional.empty() : settings.rec().map(rec -> rec.scope().id());
        List<SourceKey> sources = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(scope.isPresent() ? SCOPE_SOURCES : SOURCES)) {
            if (scope.isPresent()) {
                String family = PartitionGroup.familyPrefix(scope.get());
                statement.setString(1, scope.get());
                statement.setString(2, family);
                statement.setString(3, scope.get());
                statement.setString(4, family);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sources.add(new SourceKey(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list indexed sources: " + e.getMessage(), e);
        }
        return sources;
    }

    /** The sources of the configured ingest scope: what this worker's metrics and status report. */
    public List<SourceKey> indexedSources() {
        return indexedSources(false);
    }

    /**
     * Stops the HTTP endpoint, releases the lease (via the worker), stops renewing, closes the object store and the
     * pool. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
        registry.close();
        if (worker != null) {
            worker.requestStop();
        }
        if (grouped != null) {
            grouped.close();
        }
        if (keeper != null) {
            keeper.close(); // the worker's close is this same release; once is enough
        }
        if (overrideReconciler != null) {
            overrideReconciler.close(); // before the pool it queries
        }
        closeQuietly(objects);
        pool.close();
    }

    private static HikariDataSource pool(IndexerSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.pgUrl().jdbcUrl()); // user and password travel as URL parameters
        config.setPoolName("rez-restore-indexer");
        // each partition group writes on its own connection
        config.setMaximumPoolSize(Math.max(POOL_MAX, settings.rec().map(rec -> rec.partitionGroups() + 4).orElse(0)));
        config.setMinimumIdle(1);
        config.setIdleTimeout(POOL_IDLE.toMillis());
        // fail fast on a wrong URL instead of retrying in the background while the worker waits
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException failure) {
            // Hikari's message may quote the URL; ours never does (it can carry a password)
            throw new IllegalStateException("cannot connect to the restore index at " + settings.pgUrl().redacted()
                    + ": " + rootMessage(failure), failure);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static void closeQuietly(ObjectStore objects) {
        if (objects == null) {
            return;
        }
        try {
            objects.close();
        } catch (Exception e) {
            LOG.warn("closing the object store failed: {}", e.toString());
        }
    }
}
