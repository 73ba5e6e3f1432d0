package io.rezilient.restore.indexer.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.indexer.source.CursorMode;
import io.rezilient.restore.objectstore.config.ObjectStoreLocation;
import io.rezilient.restore.objectstore.retry.RetryPolicy;
import io.rezilient.restore.objectstore.s3.S3Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexerSettingsTest {
    private static final String PG = "jdbc:postgresql://db:5432/restore?user=rez&password=s3cret";

    /** The smallest valid S3 configuration. */
    private static Map<String, String> s3() {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", PG);
        env.put("REZ_RESTORE_INDEXER_SOURCE_BUCKET", "rec-artifacts");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REGION", "eu-west-1");
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", "/rec/");
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-01");
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-a");
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "s3://rec-artifacts/rec");
        return env;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        env.put(name, value);
        return env;
    }

    private static String error(Map<String, String> env) {
        try {
            IndexerSettings.fromEnv(env);
        } catch (IndexerConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void readsInFlightDefaultTo128AndSizeTheS3ConnectionPool() {
        RecSourceSettings byDefault = IndexerSettings.fromEnv(s3()).rec().orElseThrow();
        RecSourceSettings wide = IndexerSettings.fromEnv(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY",
                "256")).rec().orElseThrow();

        assertThat(byDefault.source().readConcurrency()).isEqualTo(128);
        assertThat(((io.rezilient.restore.objectstore.config.ObjectStoreLocation.S3) byDefault.location()).config()
                .maxConnections()).isEqualTo(136);
        assertThat(wide.source().readConcurrency()).isEqualTo(256);
        assertThat(((io.rezilient.restore.objectstore.config.ObjectStoreLocation.S3) wide.location()).config()
                .maxConnections()).isEqualTo(264);
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY", "0")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY").contains("positive integer");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY", "5000")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_READ_CONCURRENCY: at most 1024, got 5000");
    }

    @Test
    void partitionGroupsDefaultToOneAndNeedCursorModeV2Primary() {
        assertThat(IndexerSettings.fromEnv(s3()).rec().orElseThrow().partitionGroups()).isEqualTo(1);
        RecSourceSettings split = IndexerSettings.fromEnv(with(with(s3(), "REZ_RESTORE_INDEXER_PARTITION_GROUPS", "8"),
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary")).rec().orElseThrow();
        assertThat(split.partitionGroups()).isEqualTo(8);
        assertThat(split.grouped()).isTrue();

        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_PARTITION_GROUPS", "4")))
                .contains("REZ_RESTORE_INDEXER_PARTITION_GROUPS=4 requires REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE="
                        + "v2_primary");
        assertThat(error(with(with(s3(), "REZ_RESTORE_INDEXER_PARTITION_GROUPS", "257"),
                "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary")))
                .contains("REZ_RESTORE_INDEXER_PARTITION_GROUPS: at most 256, got 257");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_PARTITION_GROUPS", "0")))
                .contains("REZ_RESTORE_INDEXER_PARTITION_GROUPS").contains("positive integer");
    }

    @Test
    void defaults() {
        IndexerSettings settings = IndexerSettings.fromEnv(s3());

        assertThat(settings.artifactSource()).isEqualTo(ArtifactSourceKind.REC_MANIFEST_OBJECT_STORE);
        assertThat(settings.defaultTenant()).isEqualTo("tenant-local-dev");
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.freshness().staleAfterSeconds()).isEqualTo(120);
        assertThat(settings.freshness().timeoutSeconds()).isEqualTo(60);
        assertThat(settings.backfillBatchSize()).isEqualTo(250);
        assertThat(settings.backfillMaxLagSeconds()).isEqualTo(180);
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaderLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.leaderId()).contains(":");
        RecSourceSettings rec = settings.rec().orElseThrow();
        assertThat(rec.source().prefix()).isEqualTo("rec");
        assertThat(rec.source().mode()).isEqualTo(CursorMode.MIXED);
        assertThat(rec.source().replay().enabled()).isTrue();
        assertThat(rec.source().replay().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(rec.source().replay().maxPagesPerCycle()).isEqualTo(2);
        assertThat(rec.source().replay().maxKeysPerCycle()).isEqualTo(1000);
        assertThat(rec.source().replay().lowerBound()).isNull();
        assertThat(rec.ingestionMode()).isEqualTo(IngestionMode.REALTIME);
        assertThat(rec.sourceTenantId()).isEqualTo("tenant-local-dev");
        assertThat(rec.scope().id()).isEqualTo("scope-a");
        ObjectStoreLocation.S3 s3 = (ObjectStoreLocation.S3) rec.location();
        assertThat(s3.config().bucket()).isEqualTo("rec-artifacts");
        assertThat(s3.config().region()).isEqualTo("eu-west-1");
        assertThat(s3.config().endpoint()).isEmpty();
        assertThat(s3.config().pathStyle()).isFalse();
        assertThat(s3.config().credentials()).isEmpty();
        assertThat(s3.config().retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void overrides() {
        Map<String, String> env = s3();
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", " 42 ");
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        env.put("REZ_RESTORE_INDEXER_SOURCE_INGESTION_MODE", "gap_repair");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED", "OFF");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_INTERVAL_SECONDS", "15");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_MAX_PAGES_PER_CYCLE", "8");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_MAX_KEYS_PER_CYCLE", "2500");
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_LOWER_BOUND", "rec/a");
        env.put("REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", "http://127.0.0.1:9000");
        env.put("REZ_RESTORE_INDEXER_SOURCE_FORCE_PATH_STYLE", "yes");
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", "worker-7");
        env.put("REZ_RESTORE_INDEXER_SOURCE_TENANT_ID", "tenant-x");
        env.put("REZ_RESTORE_INDEXER_SOURCE_MAX_ATTEMPTS", "6");
        env.put("REZ_RESTORE_INDEXER_SOURCE_RETRY_BASE_MS", "25");

        IndexerSettings settings = IndexerSettings.fromEnv(env);

        assertThat(settings.batchSize()).isEqualTo(42);
        assertThat(settings.leaderId()).isEqualTo("worker-7");
        RecSourceSettings rec = settings.rec().orElseThrow();
        assertThat(rec.source().mode()).isEqualTo(CursorMode.V2_PRIMARY);
        assertThat(rec.ingestionMode()).isEqualTo(IngestionMode.GAP_REPAIR);
        assertThat(rec.source().replay().enabled()).isFalse();
        assertThat(rec.source().replay().interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(rec.source().replay().maxPagesPerCycle()).isEqualTo(8);
        assertThat(rec.source().replay().maxKeysPerCycle()).isEqualTo(2500);
        assertThat(rec.source().replay().lowerBound()).isEqualTo("rec/a");
        assertThat(rec.sourceTenantId()).isEqualTo("tenant-x");
        ObjectStoreLocation.S3 s3 = (ObjectStoreLocation.S3) rec.location();
        assertThat(s3.config().endpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9000));
        assertThat(s3.config().pathStyle()).isTrue();
        assertThat(s3.config().retry()).isEqualTo(RetryPolicy.of(6, Duration.ofMillis(25)));
    }

    @Test
    void thePgUrlFallsBackToTheIndexerSpecificName() {
        Map<String, String> env = s3();
        env.remove("REZ_RESTORE_PG_URL");
        env.put("REZ_RESTORE_INDEXER_PG_URL", "jdbc:postgresql://other:5432/idx");

        assertThat(IndexerSettings.fromEnv(env).pgUrl().hostSpec()).isEqualTo("other:5432");
        env.put("REZ_RESTORE_PG_URL", PG);
        assertThat(IndexerSettings.fromEnv(env).pgUrl().hostSpec()).isEqualTo("db:5432");
    }

    @Test
    void thePgUrlIsRequiredEvenInScaffoldModeAndNeverEchoed() {
        Map<String, String> env = new HashMap<>(Map.of("REZ_RESTORE_INDEXER_ARTIFACT_SOURCE", "in_memory_scaffold"));
        assertThat(error(env)).contains("REZ_RESTORE_PG_URL is required");

        env.put("REZ_RESTORE_PG_URL", "postgres://u:topsecret@db/x");
        assertThat(error(env)).contains("REZ_RESTORE_PG_URL is not a PostgreSQL JDBC URL").doesNotContain("topsecret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "1.5"})
    void aBadNumberIsAnErrorNamingTheVariable(String value) {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_BATCH_SIZE", value)))
                .contains("REZ_RESTORE_INDEXER_BATCH_SIZE must be a positive integer");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_MAX_ATTEMPTS", value)))
                .contains("REZ_RESTORE_INDEXER_SOURCE_MAX_ATTEMPTS must be a positive integer");
    }

    @Test
    void aBadBooleanIsAnErrorNamingTheVariable() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED", "maybe")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED must be true or false when provided");
    }

    @Test
    void aBadChoiceIsAnErrorNamingTheVariable() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_ARTIFACT_SOURCE", "kafka")))
                .contains("REZ_RESTORE_INDEXER_ARTIFACT_SOURCE must be one of rec_manifest_object_store, in_memory_scaffold");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v1")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE must be one of mixed, v2_primary");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_INGESTION_MODE", "batch")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_INGESTION_MODE must be one of realtime, bootstrap, gap_repair");
    }

    @Test
    void blankValuesMeanUnsetButAWhitespaceTenantIsAnError() {
        assertThat(IndexerSettings.fromEnv(with(s3(), "REZ_RESTORE_INDEXER_BATCH_SIZE", "  ")).batchSize()).isEqualTo(500);
        assertThat(IndexerSettings.fromEnv(with(s3(), "REZ_RESTORE_INDEXER_DEFAULT_TENANT", "")).defaultTenant())
                .isEqualTo("tenant-local-dev");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_DEFAULT_TENANT", "   ")))
                .contains("REZ_RESTORE_INDEXER_DEFAULT_TENANT must not be empty");
    }

    @Test
    void everyMissingRequiredSourceVariableIsNamedAtOnce() {
        Map<String, String> env = new HashMap<>(Map.of("REZ_RESTORE_PG_URL", PG));
        assertThat(error(env)).contains("REZ_RESTORE_INDEXER_SOURCE_BUCKET is required",
                "REZ_RESTORE_INDEXER_SOURCE_REGION is required", "REZ_RESTORE_INDEXER_SOURCE_PREFIX is required",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID is required", "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID is required",
                "REZ_RESTORE_INDEXER_SOURCE_URI is required");
    }

    @Test
    void aPrefixOfSlashesOnlyIsRejected() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "//")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_PREFIX");
    }

    @Test
    void credentialsComeInPairs() {
        Map<String, String> both = with(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", "AK"),
                "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", "SK");
        assertThat(((ObjectStoreLocation.S3) IndexerSettings.fromEnv(both).rec().orElseThrow().location()).config()
                .credentials()).isEqualTo(Optional.of(new S3Credentials("AK", "SK", null)));

        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", "AK")))
                .contains("must be set together");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", "SK")))
                .contains("must be set together").doesNotContain("SK'");
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_SESSION_TOKEN", "T")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_SESSION_TOKEN requires");
    }

    @Test
    void aBadEndpointIsNamed() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_ENDPOINT", "minio:9000")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_ENDPOINT must be an absolute http(s) URI");
    }

    @Test
    void aFilesystemRootReplacesTheS3Variables(@org.junit.jupiter.api.io.TempDir Path root) {
        Map<String, String> env = s3();
        env.remove("REZ_RESTORE_INDEXER_SOURCE_BUCKET");
        env.remove("REZ_RESTORE_INDEXER_SOURCE_REGION");
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", root.toString());

        assertThat(IndexerSettings.fromEnv(env).rec().orElseThrow().location())
                .isEqualTo(new ObjectStoreLocation.Filesystem(root));
        assertThat(error(with(env, "REZ_RESTORE_INDEXER_SOURCE_BUCKET", "b")))
                .contains("REZ_RESTORE_INDEXER_SOURCE_ROOT (filesystem store) cannot be combined with "
                        + "[REZ_RESTORE_INDEXER_SOURCE_BUCKET]");
    }

    @Test
    void scaffoldModeIsExplicitAndHasNoSourceOrLease() {
        Map<String, String> env = new HashMap<>(Map.of("REZ_RESTORE_PG_URL", PG,
                "REZ_RESTORE_INDEXER_ARTIFACT_SOURCE", "in_memory_scaffold"));
        IndexerSettings settings = IndexerSettings.fromEnv(env);
        assertThat(settings.scaffold()).isTrue();
        assertThat(settings.rec()).isEmpty();
        assertThat(settings.leaderElection()).isFalse();

        assertThat(error(with(env, "REZ_RESTORE_INDEXER_LEADER_ELECTION_ENABLED", "true"))).contains(
                "REZ_RESTORE_INDEXER_LEADER_ELECTION_ENABLED=true requires REZ_RESTORE_INDEXER_ARTIFACT_SOURCE=rec_manifest_object_store");
    }

    @Test
    void theObjectStoreSourceCannotRunWithoutItsLease() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_LEADER_ELECTION_ENABLED", "false")))
                .contains("REZ_RESTORE_INDEXER_LEADER_ELECTION_ENABLED=false is not supported");
    }

    @Test
    void theLogFieldsShowNoSecrets() {
        Map<String, String> env = with(with(s3(), "REZ_RESTORE_INDEXER_SOURCE_ACCESS_KEY_ID", "AK"),
                "REZ_RESTORE_INDEXER_SOURCE_SECRET_ACCESS_KEY", "VERYSECRET");
        String fields = IndexerSettings.fromEnv(env).logFields().toString();
        assertThat(fields).contains("pg_url_configured=true").doesNotContain("s3cret", "VERYSECRET");
    }

    @Test
    void theMarkdownTableListsEveryVariableOnce() {
        String table = IndexerEnv.markdownTable();
        assertThat(table.lines()).hasSize(IndexerEnv.ALL.size() + 2);
        IndexerEnv.ALL.forEach(variable -> assertThat(table).containsOnlyOnce("`" + variable.name() + "`"));
        assertThat(table).contains("| `REZ_RESTORE_INDEXER_BATCH_SIZE` | `500` |");
        assertThat(IndexerEnv.ALL.stream().map(EnvVar::name).distinct()).hasSameSizeAs(IndexerEnv.ALL);
    }

    @Test
    void theMetricsEndpointIsOffUnlessAPortIsGiven() {
        assertThat(IndexerSettings.fromEnv(s3()).metrics()).isEmpty();
        assertThat(IndexerSettings.fromEnv(s3()).logFields()).containsEntry("metrics_endpoint", "off");
        assertThat(IndexerSettings.fromEnv(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", " ")).metrics()).isEmpty();
    }

    @Test
    void theMetricsEndpointBindsLoopbackByDefaultAndAcceptsAnEphemeralPort() {
        MetricsEndpoint endpoint = IndexerSettings.fromEnv(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", "0"))
                .metrics().orElseThrow();
        assertThat(endpoint.port()).isZero();
        assertThat(endpoint.bind().getHostAddress()).isEqualTo("127.0.0.1");

        Map<String, String> env = with(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", "9464"),
                "REZ_RESTORE_INDEXER_METRICS_BIND", "0.0.0.0");
        IndexerSettings settings = IndexerSettings.fromEnv(env);
        assertThat(settings.metrics().orElseThrow().port()).isEqualTo(9464);
        assertThat(settings.metrics().orElseThrow().bind().isAnyLocalAddress()).isTrue();
        assertThat(settings.logFields()).containsEntry("metrics_endpoint", "0.0.0.0:9464");
        assertThat(IndexerSettings.fromEnv(with(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", "65535"),
                "REZ_RESTORE_INDEXER_METRICS_BIND", "::1")).metrics().orElseThrow().bind().isLoopbackAddress())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "http", "80 80", "1e3", "0x50", "99999999999"})
    void aBadMetricsPortIsAnErrorNamingTheVariable(String port) {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", port)))
                .contains("REZ_RESTORE_INDEXER_METRICS_PORT must be a port number between 0 and 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "256.0.0.1", "127.0.0", "127.0.0.1:9464", "example.com", "::g", "01.2.3.4"})
    void aMetricsBindAddressMustBeAnIpLiteral(String bind) {
        assertThat(error(with(with(s3(), "REZ_RESTORE_INDEXER_METRICS_PORT", "9464"),
                "REZ_RESTORE_INDEXER_METRICS_BIND", bind)))
                .contains("REZ_RESTORE_INDEXER_METRICS_BIND must be an IP address literal");
    }

    @Test
    void aMetricsBindAddressWithoutAPortIsRefusedNotIgnored() {
        assertThat(error(with(s3(), "REZ_RESTORE_INDEXER_METRICS_BIND", "0.0.0.0")))
                .contains("REZ_RESTORE_INDEXER_METRICS_BIND requires REZ_RESTORE_INDEXER_METRICS_PORT");
    }
}
