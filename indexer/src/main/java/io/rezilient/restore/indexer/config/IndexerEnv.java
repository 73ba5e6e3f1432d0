package io.rezilient.restore.indexer.config;

import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.indexer.groups.PartitionGroup;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.indexer.source.SourceSettings;
import io.rezilient.restore.objectstore.config.ObjectStoreEnv;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The registry: every environment variable the indexer reads (indexer-spec §8 plus our additions
 * {@link #SOURCE_STORE}'s root, {@link #METRICS_PORT} and {@link #METRICS_BIND}), each declared exactly once.
 * {@link IndexerSettings#fromEnv} reads only through these constants.
 */
public final class IndexerEnv {
    private IndexerEnv() {
    }

    static final String PREFIX = "REZ_RESTORE_INDEXER_";

    public static final EnvVar<String> PG_URL = new EnvVar<>("REZ_RESTORE_PG_URL", null, Parsers.TEXT,
            "PostgreSQL JDBC URL of the restore index (jdbc:postgresql://HOST:PORT/DB?user=…&password=…). Required.");
    public static final EnvVar<String> INDEXER_PG_URL = new EnvVar<>(PREFIX + "PG_URL", null, Parsers.TEXT,
            "Fallback for REZ_RESTORE_PG_URL when that is unset.");
    public static final EnvVar<ArtifactSourceKind> ARTIFACT_SOURCE = new EnvVar<>(PREFIX + "ARTIFACT_SOURCE",
            "rec_manifest_object_store", Parsers.oneOf(ArtifactSourceKind.class, ArtifactSourceKind::wire),
            "`rec_manifest_object_store` (production) or `in_memory_scaffold` (opt-in: indexes nothing).");
    public static final EnvVar<String> DEFAULT_TENANT = new EnvVar<>(PREFIX + "DEFAULT_TENANT", "tenant-local-dev",
            Parsers.TEXT, "Tenant diagnostics name when SOURCE_TENANT_ID is unset; whitespace-only is an error.")
            .notUsedYet();
    public static final EnvVar<Integer> BATCH_SIZE = new EnvVar<>(PREFIX + "BATCH_SIZE", "500",
            Parsers.POSITIVE_INT, "Manifests read per batch.");
    public static final EnvVar<Integer> POLL_INTERVAL_MS = new EnvVar<>(PREFIX + "POLL_INTERVAL_MS", "1000",
            Parsers.POSITIVE_INT, "Wait after an empty batch, in milliseconds.");
    public static final EnvVar<Integer> STALE_AFTER_SECONDS = new EnvVar<>(PREFIX + "STALE_AFTER_SECONDS", "120",
            Parsers.POSITIVE_INT, "Lag after which a partition is stale.");
    /** The gate's wait timeout only matters to a caller that waits for freshness; the indexer never does. */
    public static final EnvVar<Integer> FRESHNESS_TIMEOUT_SECONDS = new EnvVar<>(PREFIX + "FRESHNESS_TIMEOUT_SECONDS",
            "60", Parsers.POSITIVE_INT, "How long a caller waiting for a stale partition waits before the gate "
            + "allows a preview (indexer-spec §6); nothing waits for freshness here.").notUsedYet();
    public static final EnvVar<Integer> BACKFILL_BATCH_SIZE = new EnvVar<>(PREFIX + "BACKFILL_BATCH_SIZE", "250",
            Parsers.POSITIVE_INT, "Events per batch of a backfill run unless `rez backfill start --batch-size` says "
            + "otherwise (the reference does not use it).");
    public static final EnvVar<Integer> BACKFILL_MAX_LAG_SECONDS = new EnvVar<>(PREFIX + "BACKFILL_MAX_LAG_SECONDS",
            "180", Parsers.POSITIVE_INT, "Live indexer lag above which a backfill run pauses (paused_lag) unless "
            + "an override says otherwise; it resumes below half of it (the reference does not use it).");
    public static final EnvVar<Boolean> LEADER_ELECTION_ENABLED = new EnvVar<>(PREFIX + "LEADER_ELECTION_ENABLED",
            null, Parsers.BOOLEAN, "Default true with the object store, false in scaffold mode; must be true with "
            + "the object store (every write is fenced by the lease) and false in scaffold mode.");
    public static final EnvVar<Integer> LEADER_LEASE_SECONDS = new EnvVar<>(PREFIX + "LEADER_LEASE_SECONDS", "30",
            Parsers.POSITIVE_INT, "Lease duration; renewed every third of it.");
    public static final EnvVar<String> LEADER_ID = new EnvVar<>(PREFIX + "LEADER_ID", null, Parsers.TEXT,
            "Lease holder id; default `<hostname>:<pid>`.");
    /**
     * The source's object store: the one definition the restore service's store uses too, under this prefix. The
     * reference reads all of these but {@code SOURCE_ROOT}, our filesystem store.
     */
    public static final ObjectStoreEnv SOURCE_STORE = new ObjectStoreEnv(PREFIX + "SOURCE_",
            Set.of(ObjectStoreEnv.Variable.ROOT));
    public static final EnvVar<String> SOURCE_PREFIX = new EnvVar<>(PREFIX + "SOURCE_PREFIX", null, Parsers.TEXT,
            "Key prefix of the manifests (not `/` only). Required with the object store.");
    public static final EnvVar<String> SOURCE_GENERATION_ID = new EnvVar<>(PREFIX + "SOURCE_GENERATION_ID", null,
            Parsers.TEXT, "Generation every event is indexed under. Required with the object store.");
    public static final EnvVar<String> INGEST_SCOPE_ID = new EnvVar<>(PREFIX + "INGEST_SCOPE_ID", null, Parsers.TEXT,
            "Ingest scope: the unit of lease, cursor and quarantine. Required with the object store.");
    public static final EnvVar<Integer> SOURCE_READ_CONCURRENCY = new EnvVar<>(PREFIX + "SOURCE_READ_CONCURRENCY",
            Integer.toString(SourceSettings.DEFAULT_READ_CONCURRENCY), Parsers.POSITIVE_INT,
            "Object reads (manifests and artifacts) in flight at once, 1.." + SourceSettings.MAX_READ_CONCURRENCY
            + ": a remote store answers in tens of milliseconds, so throughput is reads in flight over latency; an S3 "
            + "client's connection pool is sized to it. Not a reference variable.");
    public static final EnvVar<Integer> PARTITION_GROUPS = new EnvVar<>(PREFIX + "PARTITION_GROUPS", "1",
            Parsers.POSITIVE_INT, "Partition groups the ingest scope is split into, 1.." + PartitionGroup.MAX_GROUPS
            + " (cursor mode `v2_primary` only): each group has its own lease, cursor and quarantine, and every "
            + "process of the scope started with the same number takes its fair share of the groups, so adding "
            + "processes (machines) adds throughput. Keep it fixed for a scope: changing it re-reads from the "
            + "furthest cursors, never loses events. Not a reference variable.");
    public static final EnvVar<String> SOURCE_URI = new EnvVar<>(PREFIX + "SOURCE_URI", null, Parsers.TEXT,
            "URI naming the source (recorded with progress). Required with the object store.");
    /** The reference carries it (and the ingestion mode) on each work item for diagnostics only, never as data. */
    public static final EnvVar<String> SOURCE_TENANT_ID = new EnvVar<>(PREFIX + "SOURCE_TENANT_ID", null, Parsers.TEXT,
            "Tenant of the source for diagnostics; default DEFAULT_TENANT. Every event's tenant comes from its "
            + "manifest.").notUsedYet();
    public static final EnvVar<IngestionMode> SOURCE_INGESTION_MODE = new EnvVar<>(PREFIX + "SOURCE_INGESTION_MODE",
            "realtime", Parsers.oneOf(IngestionMode.class, IngestionMode::wire),
            "`realtime`, `bootstrap` or `gap_repair`: why the source is read, for diagnostics.").notUsedYet();
    public static final EnvVar<CursorMode> SOURCE_CURSOR_MODE = new EnvVar<>(PREFIX + "SOURCE_CURSOR_MODE", "mixed",
            Parsers.oneOf(CursorMode.class, CursorMode::wire),
            "`mixed` (lexical scan plus v1 replay) or `v2_primary` (per-partition v2 listing).");
    public static final EnvVar<Boolean> SOURCE_REPLAY_ENABLED = new EnvVar<>(PREFIX + "SOURCE_REPLAY_ENABLED", "true",
            Parsers.BOOLEAN, "Replay v1 keys that arrive below the scan cursor (`mixed` mode).");
    public static final EnvVar<Integer> SOURCE_REPLAY_INTERVAL_SECONDS = new EnvVar<>(
            PREFIX + "SOURCE_REPLAY_INTERVAL_SECONDS", "60", Parsers.POSITIVE_INT, "Time between replay cycles.");
    public static final EnvVar<Integer> SOURCE_REPLAY_MAX_PAGES_PER_CYCLE = new EnvVar<>(
            PREFIX + "SOURCE_REPLAY_MAX_PAGES_PER_CYCLE", "2", Parsers.POSITIVE_INT, "List pages per replay cycle.");
    public static final EnvVar<Integer> SOURCE_REPLAY_MAX_KEYS_PER_CYCLE = new EnvVar<>(
            PREFIX + "SOURCE_REPLAY_MAX_KEYS_PER_CYCLE", "1000", Parsers.POSITIVE_INT, "Keys per replay cycle.");
    public static final EnvVar<String> SOURCE_REPLAY_LOWER_BOUND = new EnvVar<>(PREFIX + "SOURCE_REPLAY_LOWER_BOUND",
            null, Parsers.TEXT, "Lowest key the replay revisits; default derived from the scan cursor.");
    public static final EnvVar<Integer> METRICS_PORT = new EnvVar<>(PREFIX + "METRICS_PORT", null, Parsers.PORT,
            "Port of the HTTP endpoint of `rez indexer run` (`GET /metrics` in Prometheus format, `GET /healthz`); "
            + "unset: no endpoint; 0: an ephemeral port, named in the start-up log. Not a reference variable.");
    public static final EnvVar<InetAddress> METRICS_BIND = new EnvVar<>(PREFIX + "METRICS_BIND", "127.0.0.1",
            Parsers.IP_LITERAL, "IP address the metrics endpoint listens on (`0.0.0.0` for every interface); "
            + "only with METRICS_PORT. Not a reference variable.");

    /** Every variable, in documentation order. */
    public static final List<EnvVar<?>> ALL = Stream.of(
            List.<EnvVar<?>>of(PG_URL, INDEXER_PG_URL, ARTIFACT_SOURCE, DEFAULT_TENANT, BATCH_SIZE, POLL_INTERVAL_MS,
                    STALE_AFTER_SECONDS, FRESHNESS_TIMEOUT_SECONDS, BACKFILL_BATCH_SIZE, BACKFILL_MAX_LAG_SECONDS,
                    LEADER_ELECTION_ENABLED, LEADER_LEASE_SECONDS, LEADER_ID),
            SOURCE_STORE.all(),
            List.<EnvVar<?>>of(SOURCE_PREFIX, SOURCE_GENERATION_ID, INGEST_SCOPE_ID, PARTITION_GROUPS, SOURCE_URI, SOURCE_READ_CONCURRENCY,
                    SOURCE_TENANT_ID,
                    SOURCE_INGESTION_MODE, SOURCE_CURSOR_MODE, SOURCE_REPLAY_ENABLED, SOURCE_REPLAY_INTERVAL_SECONDS,
                    SOURCE_REPLAY_MAX_PAGES_PER_CYCLE, SOURCE_REPLAY_MAX_KEYS_PER_CYCLE, SOURCE_REPLAY_LOWER_BOUND,
                    METRICS_PORT, METRICS_BIND)).flatMap(List::stream).toList();

    /** The README table: name, default, description of every variable. */
    public static String markdownTable() {
        return EnvTable.markdown(ALL);
    }
}
