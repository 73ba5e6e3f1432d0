package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import io.rezilient.restore.service.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Killing the service (SIGKILL) in the middle of concurrent job creations and completions loses nothing (issue 6
 * item 5): the service runs as a child process and is killed at a random moment of each round, while requests are
 * in flight. After every kill the tables must be consistent ({@link JobHistory}), every creation or completion that
 * was acknowledged must be there, and a restarted service must carry on — finally draining every queue.
 * Unacknowledged requests (cut off by the kill) may or may not have happened, but never half.
 */
class JobCrashIT {
    private static final List<String> TABLES = List.of("incident", "problem", "change_request");
    private static final int ROUNDS = 4;
    private static final int THREADS = 8;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Service planner;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        planner = Service.start("JobCrashIT", work.resolve("objects"), env -> env);
    }

    @AfterAll
    static void stop() {
        if (planner != null) {
            planner.close();
            planner.db().close();
        }
    }

    private record Source(ResourceScope scope, String planHash, String token) {
    }

    @Test
    void killingTheServiceMidRequestLosesNothingAndARestartCarriesOn() throws Exception {
        List<Source> sources = new ArrayList<>();
        DevTokenIssuer tokens = DevTokenIssuer.hs256(TestKeys.HS256_SECRET, Clock.systemUTC());
        for (int i = 1; i <= 2; i++) {
            ResourceScope scope = new ResourceScope("tenant-acme", "crash-" + i, "sn://crash-" + i + ".example");
            String hash = JobScenario.registered(planner, scope).finalizedPlan("plan-crash",
                    TABLES.toArray(String[]::new));
            sources.add(new Source(scope, hash, tokens.issue(TokenRequest.rrs(scope, "operator-1", Optional.empty(),
                    Duration.ofHours(1)))));
        }
        Set<String> sourceNames = Set.of(sources.get(0).scope().source(), sources.get(1).scope().source());
        Map<String, String> env = TestKeys.minimalEnv(planner.db().jdbcUrl(), work.resolve("objects").toString());
        Map<String, Source> acknowledged = new ConcurrentHashMap<>();
        Set<String> acknowledgedTerminal = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);

        for (int round = 0; round < ROUNDS; round++) {
            ServiceProcess service = ServiceProcess.start(env);
            int killAfter = 10 + random.nextInt(30);
            runUntilKilled(service, sources, acknowledged, acknowledgedTerminal, killAfter, round);

            JobHistory afterCrash = JobHistory.read(planner.owner(), sourceNames);
            afterCrash.assertConsistent();
            assertThat(afterCrash.jobs().keySet()).as("every acknowledged job survived round " + round)
                    .containsAll(acknowledged.keySet());
            for (String jobId : acknowledgedTerminal) {
                assertThat(afterCrash.jobs().get(jobId).status()).as(jobId)
                        .isIn("completed", "failed", "cancelled");
            }
        }

        try (ServiceProcess service = ServiceProcess.start(env)) {
            drain(service, sources, sourceNames);
        }
        JobHistory drained = JobHistory.read(planner.owner(), sourceNames);
        drained.assertConsistent();
        assertThat(drained.jobs().values()).allMatch(job -> Set.of("completed", "failed", "cancelled")
                .contains(job.status()));
        assertThat(acknowledged.size()).as("the rounds did real work").isGreaterThan(ROUNDS * 10);
    }

    /** Load on the child from {@link #THREADS} threads; the child is killed once {@code killAfter} answers came. */
    private static void runUntilKilled(ServiceProcess service, List<Source> sources, Map<String, Source> acknowledged,
                                       Set<String> acknowledgedTerminal, int killAfter, int round) throws Exception {
        AtomicInteger answers = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(round * 100L + t);
            workers.add(pool.submit(() -> {
                while (true) {
                    Source source = sources.get(random.nextInt(sources.size()));
                    try {
                        List<String> known = acknowledged.entrySet().stream()
                                .filter(e -> e.getValue() == source).map(Map.Entry::getKey).toList();
                        if (!known.isEmpty() && random.nextInt(3) == 0) {
                            String jobId = known.get(random.nextInt(known.size()));
                            HttpResponse<String> done = send(service, source, "POST",
                                    "/v1/jobs/" + jobId + "/complete", "{\"status\":\"completed\"}");
                            if (done.statusCode() == 200) {
                                acknowledgedTerminal.add(jobId);
                            } else if (done.statusCode() != 409) {
                                unexpected.add(done.statusCode() + " " + done.body());
                            }
                        } else {
                            HttpResponse<String> created = send(service, source, "POST", "/v1/jobs",
                                    Json.write(jobBody(source, random)));
                            if (created.statusCode() == 201) {
                                acknowledged.put(Json.parse(created.body()).path("job").path("job_id").asText(),
                                        source);
                            } else {
                                unexpected.add(created.statusCode() + " " + created.body());
                            }
                        }
                    } catch (IOException cutOff) {
                        return null; // the service died under this request: its outcome is unknown, by design
                    }
                    if (answers.incrementAndGet() == killAfter) {
                        service.kill();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(unexpected).as("answers other than success or already_terminal").isEmpty();
    }

    private static ObjectNode jobBody(Source source, Random random) {
        List<String> tables = new ArrayList<>(TABLES);
        Collections.shuffle(tables, random);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", source.scope().tenantId());
        body.put("instance_id", source.scope().instanceId());
        body.put("source", source.scope().source());
        body.put("plan_id", "plan-crash");
        body.put("plan_hash", source.planHash());
        tables.subList(0, 1 + random.nextInt(2)).forEach(body.putArray("lock_scope_tables")::add);
        body.putArray("required_capabilities").add("restore_execute");
        body.put("requested_by", "operator-1");
        return body;
    }

    /** Completes running jobs until nothing is left; queued jobs must keep being promoted after the crashes. */
    private static void drain(ServiceProcess service, List<Source> sources, Set<String> sourceNames)
            throws Exception {
        JobHistory.drain(planner.owner(), sourceNames, 500, job -> {
            Source source = sources.stream().filter(s -> s.scope().source().equals(job.source())).findFirst()
                    .orElseThrow();
            HttpResponse<String> done = send(service, source, "POST", "/v1/jobs/" + job.jobId() + "/complete",
                    "{\"status\":\"completed\"}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        });
    }

    private static HttpResponse<String> send(ServiceProcess service, Source source, String method, String path,
                                             String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + source.token())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
    }
}
