package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code rez indexer run} as an operator starts it, with {@code REZ_RESTORE_INDEXER_METRICS_PORT=0}: it names the
 * ephemeral port it listens on, serves the indexer's meters and health over HTTP while it indexes, and stops serving
 * when it exits.
 */
class IndexerCommandMetricsIT {
    private static final int EVENTS = 120;
    private static final Pattern SERVING = Pattern.compile("serving /metrics and /healthz on (http://\\S+)");
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerCommandMetricsIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void runServesMetricsAndHealthOnTheAnnouncedPort(@TempDir Path dir) throws Exception {
        Path objects = IndexerRunFixture.captureWorkload(dir, 20, EVENTS, 5);
        Path log = dir.resolve("indexer.log");
        Process indexer = IndexerRunFixture.startRun(db.jdbcUrl(), objects, "metrics-scope",
                Map.of("REZ_RESTORE_INDEXER_METRICS_PORT", "0"), log);
        HttpClient http = HttpClient.newHttpClient();
        URI base;
        try {
            base = URI.create(awaitLine(indexer, log, SERVING));
            assertThat(base.getPort()).as("the ephemeral port actually chosen").isPositive();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String metrics = "";
            // lag gauges are refreshed at their own cadence (at most once a second), so wait for them as well
            Pattern lagOfPartition1 = Pattern.compile("rez_indexer_lag_seconds\\{[^}]*partition=\"1\"");
            while (!metrics.contains("rez_indexer_events_indexed_total{ingest_scope=\"metrics-scope\"} " + EVENTS
                    + ".0") || !lagOfPartition1.matcher(metrics).find()) {
                assertThat(indexer.isAlive()).as("indexer died early: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("indexed in time: %s", metrics).isLessThan(deadline);
                Thread.sleep(100);
                metrics = get(http, base.resolve("/metrics")).body();
            }
            assertThat(metrics).contains("rez_indexer_lease_state{ingest_scope=\"metrics-scope\",state=\"held\"} 1.0")
                    .containsPattern("rez_indexer_lag_seconds\\{[^}]*partition=\"1\"");
            HttpResponse<String> health = get(http, base.resolve("/healthz"));
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"lease_state\":\"held\"", "\"ingest_scope\":\"metrics-scope\"");

            indexer.destroy(); // SIGTERM
            assertThat(indexer.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            indexer.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("stopped after").contains(EVENTS + " inserted");
        URI stopped = base;
        assertThat(catchThrowable(() -> get(http, stopped.resolve("/healthz"))))
                .as("nothing listens once the process is gone").isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the process output (bounded) for {@code pattern}; returns its first group. */
    private static String awaitLine(Process process, Path log, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String output = Files.readString(log);
            Matcher matcher = pattern.matcher(output);
            if (matcher.find()) {
                return matcher.group(1);
            }
            assertThat(process.isAlive()).as("indexer died early: %s", output).isTrue();
            assertThat(System.nanoTime()).as("endpoint announced in time: %s", output).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
