package io.rezilient.restore.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.indexer.worker.RunSummary;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime as {@code rez indexer run} wires it, over a filesystem object store and a real PostgreSQL, scraped
 * over real HTTP: the meters must follow what the worker actually did, and {@code /healthz} must follow the worker
 * and its lease.
 */
class IndexerRuntimeMetricsIT {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestDatabase db;

    @TempDir
    Path root;
    private String scope;
    private SourceFixture fixture;
    private IndexerRuntime runtime;
    private CompletableFuture<RunSummary> run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerRuntimeMetricsIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        scope = "scope-" + id;
        fixture = new SourceFixture(new FileSystemObjectStore(root), PREFIX, "tenant-" + id, "inst-" + id,
                "sn://" + id + ".service-now.com", "rez.cdc");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (run != null) {
            run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        ((ObjectStore) fixture.store()).close();
    }

    private Map<String, String> env() {
        Map<String, String> env = SourceFixture.filesystemEnv(db.jdbcUrl(), root, PREFIX, scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_REPLAY_ENABLED", "false");
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", "metrics-it");
        env.put("REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "3"); // renewed every second: a seizure shows quickly
        env.put("REZ_RESTORE_INDEXER_POLL_INTERVAL_MS", "50");
        env.put("REZ_RESTORE_INDEXER_METRICS_PORT", "0");
        return env;
    }

    /** Opens the runtime, serves metrics on an ephemeral port and runs the worker loop in the background. */
    private URI start(Map<String, String> env) {
        runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env));
        IndexerWorker worker = runtime.worker().orElseThrow();
        InetSocketAddress address = runtime.serveMetrics().orElseThrow();
        assertThat(address.getPort()).as("an ephemeral port was chosen").isPositive();
        assertThat(address.getAddress().isLoopbackAddress()).as("loopback by default").isTrue();
        run = CompletableFuture.supplyAsync(() -> worker.runContinuously(0));
        return URI.create("http://127.0.0.1:" + address.getPort());
    }

    @Test
    void metricsFollowWhatTheWorkerIndexed() throws Exception {
        Instant time = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 7; i++) {
            fixture.putV1("incident", "%08x".formatted(i), i % 2, i / 2, time.plusMillis(i));
        }
        fixture.put(fixture.v1Stem("incident", "0000ffff"), "rec.object-key-layout.v1", "incident", "0000ffff", 5,
                1, time, "{\"__event_id\": poison");
        URI base = start(env());

        await(() -> events() == 7 && scrapeValue(base, "rez_indexer_batches_total", "outcome", "empty") >= 1);
        HttpResponse<String> metrics = get(base.resolve("/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        String body = metrics.body();

        assertThat(value(body, "rez_indexer_events_indexed_total")).isEqualTo(7.0);
        assertThat(value(body, "rez_indexer_quarantined_total")).isEqualTo(1.0);
        assertThat(value(body, "rez_indexer_batches_total", "outcome", "indexed")).isGreaterThanOrEqualTo(1.0);
        assertThat(value(body, "rez_indexer_batches_total", "outcome", "failed")).isZero();
        assertThat(value(body, "rez_indexer_lease_state", "state", "held")).isEqualTo(1.0);
        assertThat(value(body, "rez_indexer_lease_state", "state", "lost")).isZero();
        assertThat(value(body, "rez_indexer_lease_term")).isEqualTo(1.0);
        // one lag gauge per partition the index knows of this source: 0 and 1 indexed (events 30 s old), and 5,
        // known only through its quarantined artifact: no watermark, so its lag is unknown (NaN)
        for (String partition : List.of("0", "1")) {
            double lag = value(body, "rez_indexer_lag_seconds", "partition", partition);
            assertThat(lag).as("lag of partition %s", partition).isBetween(29.0, 30.0 + WAIT.toSeconds());
        }
        assertThat(value(body, "rez_indexer_lag_seconds", "partition", "5")).isNaN();
        assertThat(body).containsPattern("rez_indexer_lag_seconds\\{[^}]*tenant=\"" + fixture.tenant() + "\"");

        HttpResponse<String> health = get(base.resolve("/healthz"));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(health.body());
        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.get("lease_state").asText()).isEqualTo("held");
        assertThat(json.get("ingest_scope").asText()).isEqualTo(scope);

        HttpResponse<String> ready = get(base.resolve("/readyz"));
        io.rezilient.restore.indexer.http.Readiness expected = runtime.readiness();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(expected.httpStatus());
        JsonNode readyJson = new ObjectMapper().readTree(ready.body());
        assertThat(readyJson.get("status").asText()).isEqualTo(expected.ready() ? "ready" : "not_ready");
        assertThat(readyJson.get("reason_codes").size()).isEqualTo(expected.reasonCodes().size());
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefusedAsJson() throws Exception {
        URI base = start(env());

        HttpResponse<String> missing = get(base.resolve("/metrics/extra"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = new ObjectMapper().readTree(missing.body());
        assertThat(error.get("error").asText()).isEqualTo("not_found");
        assertThat(error.get("message").asText()).contains("/metrics/extra");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(new ObjectMapper().readTree(post.body()).get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void healthTurnsUnavailableWhenTheLeaseIsLost() throws Exception {
        URI base = start(env());
        await(() -> get(base.resolve("/healthz")).statusCode() == 200);

        seizeLease("intruder");

        await(() -> get(base.resolve("/healthz")).statusCode() == 503);
        JsonNode json = new ObjectMapper().readTree(get(base.resolve("/healthz")).body());
        assertThat(json.get("status").asText()).isEqualTo("unavailable");
        assertThat(json.get("lease_state").asText()).isEqualTo("lost");
        String body = get(base.resolve("/metrics")).body();
        assertThat(value(body, "rez_indexer_lease_state", "state", "lost")).isEqualTo(1.0);
        assertThat(value(body, "rez_indexer_lease_state", "state", "held")).isZero();
        await(() -> scrapeValue(base, "rez_indexer_batches_total", "outcome", "not_leader") >= 1);
    }

    @Test
    void healthTurnsUnavailableWhenTheWorkerStops() throws Exception {
        URI base = start(env());
        await(() -> get(base.resolve("/healthz")).statusCode() == 200);

        runtime.worker().orElseThrow().requestStop();
        run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        HttpResponse<String> health = get(base.resolve("/healthz"));
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode json = new ObjectMapper().readTree(health.body());
        assertThat(json.get("detail").asText()).isEqualTo("worker not running");
        assertThat(json.get("lease_state").asText()).as("the lease was released").isEqualTo("standby");
        assertThat(value(get(base.resolve("/metrics")).body(), "rez_indexer_lease_state", "state", "standby"))
                .isEqualTo(1.0);
    }

    @Test
    void withoutAPortNothingIsServed() {
        Map<String, String> env = env();
        env.remove("REZ_RESTORE_INDEXER_METRICS_PORT");
        runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env));
        runtime.worker().orElseThrow();

        assertThat(runtime.serveMetrics()).isEmpty();
        assertThat(runtime.scrape()).contains("rez_indexer_lease_state");
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double scrapeValue(URI base, String name, String... labels) throws Exception {
        return value(get(base.resolve("/metrics")).body(), name, labels);
    }

    /**
     * The sample of {@code name} for this test's ingest scope with the given label pairs; fails when there is none
     * or more than one, so a metric that is missing or mislabelled cannot pass as zero.
     */
    private double value(String body, String name, String... labels) {
        List<String> matching = body.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> line.contains("ingest_scope=\"" + scope + "\""))
                .filter(line -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
        assertThat(matching).as("samples of %s %s in%n%s", name, List.of(labels), body).hasSize(1);
        Matcher sample = Pattern.compile("} (\\S+)$").matcher(matching.get(0));
        assertThat(sample.find()).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private long events() {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?")) {
            statement.setString(1, fixture.tenant());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another worker grabbing the lease behind this one's back (the next epoch, as a takeover would). */
    private void seizeLease(String intruder) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE rez_restore_index.source_leases"
                     + " SET holder_id = ?, fencing_epoch = fencing_epoch + 1,"
                     + " lease_expires_at = clock_timestamp() + interval '1 hour' WHERE ingest_scope_id = ?")) {
            statement.setString(1, intruder);
            statement.setString(2, scope);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls (bounded, no blind sleep) until {@code condition} holds. */
    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("condition met within %s", WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
