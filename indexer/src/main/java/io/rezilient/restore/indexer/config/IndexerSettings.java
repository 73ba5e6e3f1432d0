package io.rezilient.restore.indexer.config;

import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.groups.PartitionGroup;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.indexer.source.ReplaySettings;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rezilient.restore.indexer.config.IndexerEnv.*;

/**
 * The indexer's runtime configuration (indexer-spec §8), read from the environment and validated as a whole before
 * anything starts: fail closed, and report every problem at once.
 *
 * @param defaultTenant         accepted for compatibility, not used yet (like the backfill lag bound and the
 *                              freshness policy's timeout: {@link IndexerEnv} marks each such variable)
 * @param backfillBatchSize     the default batch size of a backfill run
 * @param rec                   the object-store source; empty exactly in scaffold mode
 * @param metrics               where {@code rez indexer run} serves metrics and health; empty when not configured
 */
public record IndexerSettings(PgUrl pgUrl, ArtifactSourceKind artifactSource, String defaultTenant, int batchSize,
                              Duration pollInterval, FreshnessPolicy freshness, int backfillBatchSize,
                              int backfillMaxLagSeconds, boolean leaderElection, Duration leaderLease,
                              String leaderId, Optional<RecSourceSettings> rec,
                              Optional<MetricsEndpoint> metrics) {
    public boolean scaffold() {
        return artifactSource == ArtifactSourceKind.IN_MEMORY_SCAFFOLD;
    }

    /** Reads and validates; throws {@link IndexerConfigException} listing every problem. */
    public static IndexerSettings fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        PgUrl pgUrl = pgUrl(env, problems);
        ArtifactSourceKind kind = ARTIFACT_SOURCE.read(env, problems);
        String defaultTenant = DEFAULT_TENANT.read(env, problems);
        String rawTenant = env.get(DEFAULT_TENANT.name());
        if (rawTenant != null && !rawTenant.isEmpty() && rawTenant.isBlank()) {
            // "" means unset, but spaces look like a value someone meant to fill in (reference behaviour)
            problems.add(DEFAULT_TENANT.name() + " must not be empty");
        }
        Integer batchSize = BATCH_SIZE.read(env, problems);
        Integer pollMs = POLL_INTERVAL_MS.read(env, problems);
        Integer staleAfter = STALE_AFTER_SECONDS.read(env, problems);
        Integer timeout = FRESHNESS_TIMEOUT_SECONDS.read(env, problems);
        Integer backfillBatch = BACKFILL_BATCH_SIZE.read(env, problems);
        Integer backfillLag = BACKFILL_MAX_LAG_SECONDS.read(env, problems);
        Boolean election = LEADER_ELECTION_ENABLED.read(env, problems);
        Integer leaseSeconds = LEADER_LEASE_SECONDS.read(env, problems);
        String leaderId = Optional.ofNullable(LEADER_ID.read(env, problems)).orElseGet(LeaderLease::defaultHolderId);
        Optional<MetricsEndpoint> metrics = metricsEndpoint(env, problems);

        Optional<RecSourceSettings> rec = Optional.empty();
        if (kind == ArtifactSourceKind.IN_MEMORY_SCAFFOLD) {
            if (Boolean.TRUE.equals(election)) {
                problems.add(LEADER_ELECTION_ENABLED.name() + "=true requires " + ARTIFACT_SOURCE.name() + "="
                        + ArtifactSourceKind.REC_MANIFEST_OBJECT_STORE.wire());
            }
            election = false;
        } else if (kind == ArtifactSourceKind.REC_MANIFEST_OBJECT_STORE) {
            if (Boolean.FALSE.equals(election)) {
                // the reference runs unfenced without a lease; our writes are fenced by it, so "off" cannot be honoured
                problems.add(LEADER_ELECTION_ENABLED.name() + "=false is not supported with " + ARTIFACT_SOURCE.name()
                        + "=" + kind.wire() + ": every write is fenced by the leader lease");
            }
            election = true;
            String tenant = Optional.ofNullable(SOURCE_TENANT_ID.read(env, problems)).orElse(defaultTenant);
            rec = Optional.ofNullable(recSource(env, tenant, problems));
        }
        if (!problems.isEmpty()) {
            throw new IndexerConfigException(problems);
        }
        return new IndexerSettings(pgUrl, kind, defaultTenant, batchSize, Duration.ofMillis(pollMs),
                new FreshnessPolicy(staleAfter, timeout), backfillBatch, backfillLag, election,
                Duration.ofSeconds(leaseSeconds), leaderId, rec, metrics);
    }

    /** What the start-up log shows: everything but secrets; the PG URL only as "configured". */
    public Map<String, Object> logFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pg_url_configured", pgUrl != null);
        fields.put("artifact_source", artifactSource.wire());
        fields.put("batch_size", batchSize);
        fields.put("poll_interval_ms", pollInterval.toMillis());
        fields.put("leader_election_enabled", leaderElection);
        fields.put("leader_id", leaderId);
        rec.ifPresent(source -> {
            fields.put("source", source.location().describe());
            fields.put("source_prefix", source.source().prefix());
            fields.put("source_cursor_mode", source.source().mode().wire());
            fields.put("source_read_concurrency", source.source().readConcurrency());
            fields.put("ingest_scope_id", source.scope().id());
            fields.put("partition_groups", source.partitionGroups());
            fields.put("source_uri", source.scope().sourceUri());
            fields.put("generation_id", source.generationId());
            fields.put("ingestion_mode", source.ingestionMode().wire());
        });
        fields.put("metrics_endpoint", metrics.map(m -> m.bind().getHostAddress() + ":" + m.port()).orElse("off"));
        fields.put("settings_not_used_yet", EnvTable.notUsedYet(IndexerEnv.ALL));
        return fields;
    }

    /** Empty when no port is given; a bind address without a port is refused rather than silently ignored. */
    private static Optional<MetricsEndpoint> metricsEndpoint(Map<String, String> env, List<String> problems) {
        Integer port = METRICS_PORT.read(env, problems);
        InetAddress bind = METRICS_BIND.read(env, problems);
        if (!METRICS_PORT.isSet(env)) {
            if (METRICS_BIND.isSet(env)) {
                problems.add(METRICS_BIND.name() + " requires " + METRICS_PORT.name());
            }
            return Optional.empty();
        }
        return port == null || bind == null ? Optional.empty() : Optional.of(new MetricsEndpoint(bind, port));
    }

    private static PgUrl pgUrl(Map<String, String> env, List<String> problems) {
        EnvVar<String> used = PG_URL.isSet(env) ? PG_URL : INDEXER_PG_URL;
        String url = used.read(env, problems);
        if (url == null) {
            problems.add(PG_URL.name() + " is required");
            return null;
        }
        try {
            return PgUrl.parse(url);
        } catch (IllegalArgumentException rejected) {
            problems.add(used.name() + " is " + rejected.getMessage()); // PgUrl never echoes the URL (password)
            return null;
        }
    }

    /** Connections beyond the reads in flight, for listing pages fetched alongside them. */
    private static final int LISTING_CONNECTIONS = 8;

    private static RecSourceSettings recSource(Map<String, String> env, String tenant, List<String> problems) {
        String prefix = required(SOURCE_PREFIX, env, problems);
        String generation = required(SOURCE_GENERATION_ID, env, problems);
        String scopeId = required(INGEST_SCOPE_ID, env, problems);
        String sourceUri = required(SOURCE_URI, env, problems);
        IngestionMode ingestion = SOURCE_INGESTION_MODE.read(env, problems);
        CursorMode cursorMode = SOURCE_CURSOR_MODE.read(env, problems);
        Boolean replayOn = SOURCE_REPLAY_ENABLED.read(env, problems);
        Integer replayInterval = SOURCE_REPLAY_INTERVAL_SECONDS.read(env, problems);
        Integer replayPages = SOURCE_REPLAY_MAX_PAGES_PER_CYCLE.read(env, problems);
        Integer replayKeys = SOURCE_REPLAY_MAX_KEYS_PER_CYCLE.read(env, problems);
        String replayBound = SOURCE_REPLAY_LOWER_BOUND.read(env, problems);
        ObjectStoreLocation location = SOURCE_STORE.read(env, problems);
        Integer groups = PARTITION_GROUPS.read(env, problems);
        if (groups != null && groups > PartitionGroup.MAX_GROUPS) {
            problems.add(PARTITION_GROUPS.name() + ": at most " + PartitionGroup.MAX_GROUPS + ", got " + groups);
            groups = null;
        } else if (groups != null && groups > 1 && cursorMode != null && cursorMode != CursorMode.V2_PRIMARY) {
            // layout v1 keys do not name their partition: a group could only find its events by reading every one
            problems.add(PARTITION_GROUPS.name() + "=" + groups + " requires " + SOURCE_CURSOR_MODE.name() + "="
                    + CursorMode.V2_PRIMARY.wire() + " (layout v1 keys do not name their partition)");
            groups = null;
        }
        Integer reads = SOURCE_READ_CONCURRENCY.read(env, problems);
        if (reads != null && reads > SourceSettings.MAX_READ_CONCURRENCY) {
            problems.add(SOURCE_READ_CONCURRENCY.name() + ": at most " + SourceSettings.MAX_READ_CONCURRENCY
                    + ", got " + reads);
            reads = null;
        }

        SourceSettings source = null;
        if (prefix != null && cursorMode != null && replayOn != null && replayInterval != null && replayPages != null
                && replayKeys != null && reads != null) {
            try {
                source = SourceSettings.of(prefix, cursorMode).withReadConcurrency(reads).withReplay(
                        new ReplaySettings(replayOn, Duration.ofSeconds(replayInterval), replayPages, replayKeys,
                                replayBound));
            } catch (IllegalArgumentException rejected) {
                // e.g. a prefix of slashes only: the reference's REC source rejects an empty prefix too
                problems.add(SOURCE_PREFIX.name() + ": " + rejected.getMessage());
            }
        }
        if (!problems.isEmpty() || location == null || source == null || groups == null) {
            return null;
        }
        // every read in flight holds a connection, and listing pages take a few more
        return new RecSourceSettings(location.forConcurrentRequests(source.readConcurrency() + LISTING_CONNECTIONS),
                source, new IngestScope(scopeId, sourceUri), generation, groups, tenant, ingestion);
    }

    private static String required(EnvVar<String> variable, Map<String, String> env, List<String> problems) {
        String value = variable.read(env, problems);
        if (value == null) {
            problems.add(variable.name() + " is required");
        }
        return value;
    }
}
