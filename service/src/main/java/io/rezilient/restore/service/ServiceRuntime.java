package io.rezilient.restore.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rezilient.restore.db.SchemaVersionCheck;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.service.api.OpenApiDocument;
import io.rezilient.restore.service.api.OpenApiRoutes;
import io.rezilient.restore.service.auth.AdminAuthenticator;
import io.rezilient.restore.service.auth.EffectiveCapabilities;
import io.rezilient.restore.service.config.EvidenceSettings;
import io.rezilient.restore.service.config.ExecuteSettings;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.config.MediaSettings;
import io.rezilient.restore.service.evidence.EvidenceArchive;
import io.rezilient.restore.service.evidence.EvidenceKeyring;
import io.rezilient.restore.service.evidence.EvidenceStorage;
import io.rezilient.restore.service.evidence.EvidenceRoutes;
import io.rezilient.restore.service.evidence.EvidenceService;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.execute.ExecutionRoutes;
import io.rezilient.restore.service.execute.ExecutionService;
import io.rezilient.restore.service.execute.ExecutionSettings;
import io.rezilient.restore.service.execute.PushApplier;
import io.rezilient.restore.service.queue.QueueReconciler;
import io.rezilient.restore.service.auth.PostgresCapabilityGrants;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.auth.TokenVerifier;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.health.HealthRoutes;
import io.rezilient.restore.service.index.FreshnessRule;
import io.rezilient.restore.service.index.PostgresRestoreIndexReader;
import io.rezilient.restore.service.index.PostgresWatermarkReader;
import io.rezilient.restore.service.index.RestoreIndexReader;
import io.rezilient.restore.service.index.WatermarkReader;
import io.rezilient.restore.service.rollback.RollbackRoutes;
import io.rezilient.restore.service.rollback.RollbackService;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import io.rezilient.restore.service.registry.SourceRegistries;
import io.rezilient.restore.service.health.ObjectStoreCheck;
import io.rezilient.restore.service.health.PostgresCheck;
import io.rezilient.restore.service.health.Readiness;
import io.rezilient.restore.service.health.SchemaCheck;
import io.rezilient.restore.service.http.HttpMetrics;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.http.RestoreServiceServer;
import io.rezilient.restore.service.http.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import io.rezilient.restore.service.jobs.JobDatabase;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobRoutes;
import io.rezilient.restore.service.jobs.JobService;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.plans.DryRunPlanner;
import io.rezilient.restore.service.plans.ObjectStoreArtifactBodyReader;
import io.rezilient.restore.service.plans.PlanFinalizer;
import io.rezilient.restore.service.plans.PlanRoutes;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PlanWriteGate;
import io.rezilient.restore.service.plans.PostgresPlanStore;
import io.rezilient.restore.service.queue.QueueAdminRoutes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wires the restore service from {@link ServiceSettings}: a small connection pool, the schema check (fail closed:
 * a schema behind this build stops the start), the object store, the metrics registry, the domain services (index
 * reader, watermarks, source-mapping enforcement, planner, jobs, execution) and the HTTP server. Push mode's applier
 * comes from outside (the service may not use the agent module; the CLI builds it), and the runtime owns it once
 * given. Settings whose features have not landed (media, evidence, admin flags) are validated by
 * {@link ServiceSettings} and wired nowhere. {@link #close()} releases everything in reverse order.
 */
public final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
    /** Virtual threads make requests cheap, not connections: a few suffice and spare the database. */
    private static final int POOL_MAX = 8;
    /** Packages the background copier completes per round (each is a few objects). */
    private static final int EVIDENCE_COPIES_PER_ROUND = 20;
    private static final Duration POOL_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Below the usual 3-5 s probe timeout of orchestrators, so they see our answer rather than their own. */
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    private final ServiceSettings settings;
    private final HikariDataSource pool;
    private final ObjectStore objects;
    private final PrometheusMeterRegistry registry;
    private final JsonBody jsonBody;
    private final Clock clock;
    private final RestoreIndexReader indexReader;
    private final WatermarkReader watermarks;
    private final SourceMappingEnforcement sourceMappings;
    private final Optional<PushApplier> pushApplier;
    private final OpenApiDocument openApi = OpenApiDocument.load();
    private final EvidenceStorage evidenceStorage;
    /** Evidence work off the request threads: large packages after their terminal answer, and pending copies. */
    private final java.util.concurrent.ScheduledExecutorService evidenceWorker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("rez-evidence").daemon().factory());
    private RestoreServiceServer server;

    private ServiceRuntime(ServiceSettings settings, HikariDataSource pool, ObjectStore objects, Clock clock,
                           Optional<PushApplier> pushApplier, EvidenceStorage evidenceStorage) {
        this.settings = settings;
        this.evidenceStorage = evidenceStorage;
        this.pushApplier = pushApplier;
        this.clock = clock;
        this.indexReader = new PostgresRestoreIndexReader(pool);
        this.sourceMappings = new SourceMappingEnforcement(SourceRegistries.from(settings.registry(), pool, clock));
        this.watermarks = new PostgresWatermarkReader(pool, new FreshnessRule(settings.indexStaleAfterSeconds()),
                clock);
        this.pool = pool;
        this.objects = objects;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.jsonBody = new JsonBody(settings.maxJsonBodyBytes());
    }

    /**
     * Opens the pool, verifies the schema and opens the object store; anything failing closes what was opened. For
     * the commit-driven progress mode: push mode needs {@link #open(ServiceSettings, Clock, PushApplier)}.
     */
    public static ServiceRuntime open(ServiceSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /** As {@link #open(ServiceSettings)}, with the clock token expiry is judged by (tests control it). */
    public static ServiceRuntime open(ServiceSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        if (settings.execute().progressMode() == ExecutionSettings.ProgressMode.PUSH) {
            throw new IllegalStateException(ServiceEnv.EXECUTE_PROGRESS_MODE.name() + "=push needs the in-process"
                    + " agent that writes the target; `rez service run` builds it from "
                    + ServiceEnv.EXECUTE_TARGET_JDBC_URL.name() + " and " + ServiceEnv.KEYRING_FILE.name());
        }
        return open(settings, clock, Optional.empty());
    }

    /**
     * As {@link #open(ServiceSettings, Clock)}, with the applier push-mode executions are applied by (any progress
     * mode: a commit-driven service can then still resume executions armed in push mode). The runtime closes it,
     * also when opening fails.
     */
    public static ServiceRuntime open(ServiceSettings settings, Clock clock, PushApplier pushApplier) {
        return open(settings, clock, Optional.of(Objects.requireNonNull(pushApplier, "pushApplier")));
    }

    private static ServiceRuntime open(ServiceSettings settings, Clock clock, Optional<PushApplier> pushApplier) {
        HikariDataSource pool = null;
        ObjectStore objects = null;
        try {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(clock, "clock");
            pool = pool(settings);
            SchemaVersionCheck.verify(pool);
            objects = settings.objectStore().open();
            // decided before serving: a package's signed immutable_storage block must say what the store enforces
            EvidenceStorage evidenceStorage = EvidenceStorage.decide(settings.evidence().immutableWormEnabled(),
                    settings.evidence().retentionClass(), objects);
            return new ServiceRuntime(settings, pool, objects, clock, pushApplier, evidenceStorage);
        } catch (RuntimeException failure) {
            closeQuietly(objects);
            if (pool != null) {
                pool.close();
            }
            pushApplier.ifPresent(ServiceRuntime::closeQuietly);
            throw failure;
        }
    }

    /** Starts the HTTP server on the configured port (once) and returns the bound port. */
    public synchronized int start() {
        return start(settings.bindAddress(), settings.port());
    }

    /** Starts the HTTP server on {@code host:port} (once; tests bind loopback on port 0) and returns the bound port. */
    public synchronized int start(String host, int port) {
        if (server == null) {
            server = RestoreServiceServer.start(host, port, new HttpMetrics(registry), routes());
            startEvidenceCopier();
            LOG.atInfo().setMessage("restore service listening").addKeyValue("bind", host)
                    .addKeyValue("port", server.port()).log();
        }
        return server.port();
    }

    /** Every route of the started server, as {@code "GET /v1/health"} (the OpenAPI check compares them). */
    public synchronized List<String> servedRoutes() {
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.routes();
    }

    /**
     * The route groups served, authentication first: health and metrics, the OpenAPI document, plans, jobs and queue
     * administration. Execution, evidence and the admin dashboards add theirs here when they land.
     */
    private List<RouteGroup> routes() {
        Readiness readiness = new Readiness(List.of(new PostgresCheck(pool), new SchemaCheck(pool),
                new ObjectStoreCheck(objects)), READINESS_TIMEOUT);
        TokenVerifier tokens = new TokenVerifier(settings.auth().verifierSettings(), clock);
        AdminAuthenticator admins = new AdminAuthenticator(Optional.of(settings.auth().adminToken()), tokens,
                new EffectiveCapabilities(new PostgresCapabilityGrants(pool)));
        return List.of(new RequestAuthentication(tokens, admins), new HealthRoutes(readiness, registry),
                new OpenApiRoutes(openApi), planRoutes(), jobRoutes(), new ExecutionRoutes(jsonBody, executionService()),
                QueueAdminRoutes.on(pool, jsonBody, sourceMappings, clock),
                new RollbackRoutes(jsonBody, rollbackService()), new EvidenceRoutes(evidenceService()));
    }

    /** Evidence packages on this runtime's pool and clock, signed with the configured key (service-spec §7). */
    public EvidenceService evidenceService() {
        EvidenceSettings evidence = settings.evidence();
        return new EvidenceService(new JobDatabase(pool), new PostgresPlanStore(pool), new JobEventLog(clock),
                new EvidenceKeyring(evidence.signerKeyId(), evidence.keys(), evidence.keyring().stream()
                        .map(SignerKeyringFile.Entry::verifyingKey).toList()),
                evidenceStorage.signedBlock(), Optional.of(evidenceArchive()), evidence.inlineMaxRows(),
                evidenceWorker, clock);
    }

    /** Copies evidence packages to this runtime's object store, write-once as start-up decided. */
    public EvidenceArchive evidenceArchive() {
        return new EvidenceArchive(pool, objects, evidenceStorage, clock);
    }

    /**
     * Completes what a stop or an outage left undone: packages of ended executions that have none, and object-store
     * copies that are missing; at start and then every RRS_EVIDENCE_COPY_INTERVAL_SECONDS.
     */
    private void startEvidenceCopier() {
        long interval = settings.evidence().copyInterval().toSeconds();
        if (interval == 0) {
            return;
        }
        EvidenceArchive archive = evidenceArchive();
        EvidenceService evidence = evidenceService();
        evidenceWorker.scheduleWithFixedDelay(() -> {
            try {
                evidence.generateMissing(EVIDENCE_COPIES_PER_ROUND);
                archive.storePending(EVIDENCE_COPIES_PER_ROUND);
            } catch (RuntimeException failed) {
                LOG.atWarn().setMessage("evidence copy round failed").addKeyValue("error_message",
                        failed.getMessage()).log();
            }
        }, 0, interval, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Undo of a completed or failed job from its rollback journal, on this runtime's pool and clock. */
    public RollbackService rollbackService() {
        return new RollbackService(new JobDatabase(pool), new PostgresPlanStore(pool), sourceMappings,
                new PostgresLockManager(), new JobEventLog(clock),
                new EffectiveCapabilities(new PostgresCapabilityGrants(pool)), clock);
    }

    private JobRoutes jobRoutes() {
        return new JobRoutes(jsonBody, jobService());
    }

    /** The job service on this runtime's pool and clock (the demo and tests drive it directly too). */
    public JobService jobService() {
        return new JobService(new JobDatabase(pool), new PostgresPlanStore(pool), sourceMappings,
                new PostgresLockManager(), new JobEventLog(clock), clock);
    }

    /** Execution on this runtime's pool and clock, in the configured progress mode (architecture §7). */
    public ExecutionService executionService() {
        ExecuteSettings execute = settings.execute();
        MediaSettings media = settings.media();
        ExecutionSettings executionSettings = ExecutionSettings.of(execute.defaultChunkSize(), execute.maxRows(),
                execute.elevatedSkipRatioPercent(), media.maxItems(), media.maxBytes(), execute.maxChunksPerAttempt(),
                execute.preflightReconcileStaleAfter(), execute.claimLease(), execute.progressMode());
        JobEventLog events = new JobEventLog(clock);
        PostgresLockManager locks = new PostgresLockManager();
        return new ExecutionService(new JobDatabase(pool), new PostgresPlanStore(pool), sourceMappings, locks, events,
                new EffectiveCapabilities(new PostgresCapabilityGrants(pool)),
                new QueueReconciler(pool, locks, events, sourceMappings, clock), executionSettings, pushApplier,
                evidenceService(), clock);
    }

    private PlanRoutes planRoutes() {
        PlanStore plans = new PostgresPlanStore(pool);
        PlanWriteGate writeGate = PlanWriteGate.forPool(POOL_MAX);
        DryRunPlanner planner = new DryRunPlanner(indexReader, new ObjectStoreArtifactBodyReader(objects), watermarks,
                sourceMappings, plans, writeGate, clock);
        return new PlanRoutes(jsonBody, planner, new PlanFinalizer(plans, watermarks, writeGate, clock), plans);
    }

    /** The scoped point-in-time candidate lookup over the restore index. */
    public RestoreIndexReader indexReader() {
        return indexReader;
    }

    /** Source-mapping enforcement (service-spec §2.3) for plan/job creation and, ours, execute and resume. */
    public SourceMappingEnforcement sourceMappings() {
        return sourceMappings;
    }

    /** Authoritative watermarks with the service's freshness verdicts. */
    public WatermarkReader watermarks() {
        return watermarks;
    }

    public ServiceSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return pool;
    }

    public ObjectStore objectStore() {
        return objects;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The body reader every POST route uses, capped at {@code RRS_MAX_JSON_BODY_BYTES}. */
    public JsonBody jsonBody() {
        return jsonBody;
    }

    /** Stops the server, then closes the push applier, registry, object store and pool. Idempotent. */
    @Override
    public synchronized void close() {
        evidenceWorker.shutdownNow();
        if (server != null) {
            server.close();
            server = null;
        }
        pushApplier.ifPresent(ServiceRuntime::closeQuietly);
        registry.close();
        closeQuietly(objects);
        pool.close();
    }

    private static HikariDataSource pool(ServiceSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.pgUrl().jdbcUrl()); // user and password travel as URL parameters
        config.setPoolName("rez-restore-service");
        config.setMaximumPoolSize(POOL_MAX);
        // a commit of 1,000 rows inserts 1,000 outcomes, journal entries and mirror records as batches: rewritten into
        // multi-row inserts they are a few round trips instead of thousands (nothing reads per-row batch counts)
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMinimumIdle(1);
        config.setConnectionTimeout(POOL_CONNECTION_TIMEOUT.toMillis());
        // a commit's row outcomes, journal entries and mirror links go as multi-row INSERTs rather than one per row
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // fail fast on a wrong URL instead of retrying in the background
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException failure) {
            // Hikari's message may quote the URL; ours never does (it can carry a password)
            throw new IllegalStateException("cannot connect to PostgreSQL at " + settings.pgUrl().redacted() + ": "
                    + rootMessage(failure), failure);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static void closeQuietly(PushApplier applier) {
        try {
            applier.close();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("closing the push applier failed").addKeyValue("error_message", e.getMessage())
                    .log();
        }
    }

    private static void closeQuietly(ObjectStore store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("closing the object store failed").addKeyValue("error_message", e.getMessage())
                    .log();
        }
    }
}
