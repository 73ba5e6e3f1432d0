package io.rezilient.restore.service.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.api.OpenApiDocument;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.plans.PlanScenario;
import io.rezilient.restore.service.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rezilient.restore.service.plans.PlanScenario.NOW;
import static io.rezilient.restore.service.plans.PlanScenario.PIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded property test of the whole service over real HTTP, on real PostgreSQL: thousands of generated hostile
 * requests — nasty ids, mutated bodies from the OpenAPI schemas, hostile headers and validly signed hostile tokens,
 * broken request lines — spread over every served route, and not one may answer 5xx, answer an error that is not our
 * JSON error body, or let internal text (SQL, exception classes, stack frames, constraint or index names, the
 * container's HTML) into a body. Routes come from the running server, bodies from the document, so a new route is
 * fuzzed the day it is served. The seed is fixed by default and printed; {@code -Drez.fuzz.seed=…} runs another
 * (or replays a failure).
 */
class ServiceFuzzIT {
    private static final int REQUESTS = Integer.getInteger("rez.fuzz.requests", 10_000);
    private static final long DEFAULT_SEED = 20_261_207L;
    private static final int THREADS = 4;
    static final int BODY_CAP = 256 * 1024;
    private static final ResourceScope SCOPE = new ResourceScope("tenant-fuzz", "sn-fuzz-01",
            "sn://fuzz.service-now.com");
    /**
     * Text that only internals produce. Checked only where the request did not contain it (an error may quote the
     * caller's own input), and never in the two static documents.
     */
    private static final List<String> INTERNAL_TEXT = List.of("Exception", "exception", "java.", "javax.",
            "jakarta.", "org.eclipse", "io.javalin", "io.rezilient", "com.fasterxml", "com.zaxxer", ".java:",
            "\tat ", "Caused by", "SQLState", "SQL state", "ERROR:", "INSERT INTO", "SELECT ", "UPDATE rez",
            "DELETE FROM", "rez_restore", "_pkey", "_pk\"", "_pk ", "_idx", "_fk", "violates", "constraint",
            "duplicate key value", "PSQL", "Hikari", "Jetty", "jetty", "<html", "<HTML", "<body", "<pre>", "Servlet",
            "servlet");
    private static final Set<String> STATIC_DOCUMENTS = Set.of("/metrics", "/openapi.json");

    @Test
    void noGeneratedRequestAnswers5xxOrAnythingButOurJsonErrorsOrLeaksInternalText(@TempDir Path work)
            throws Exception {
        // a fixed default keeps the suite reproducible; -Drez.fuzz.seed explores others (a failure is replayed alike)
        long seed = Long.getLong("rez.fuzz.seed", DEFAULT_SEED);
        System.out.println("ServiceFuzzIT: seed " + seed + ", " + REQUESTS + " requests (rerun: -Drez.fuzz.seed="
                + seed + ")");
        PlanScenario.Service service = PlanScenario.Service.start("ServiceFuzzIT", work.resolve("objects"), env -> {
            // a smaller body cap makes an oversized body cheap to send; the rule under test is the same
            env.put("RRS_MAX_JSON_BODY_BYTES", Integer.toString(BODY_CAP));
            return env;
        });
        try {
            World world = World.create(service);
            List<String> routes = new ArrayList<>(new TreeSet<>(service.runtime().servedRoutes()));
            JsonNode document = OpenApiDocument.load().json();
            assertThat(OpenApiDocument.load().operations()).as("every served route has its schema to fuzz from")
                    .containsAll(routes);
            FuzzRequests requests = new FuzzRequests(document, world.knownIds(), world.hints(), TestKeys.ADMIN_TOKEN,
                    TestKeys.HS256_SECRET, SCOPE, NOW);

            FuzzReport report = send(seed, weighted(routes, document), requests, service.port());

            assertThat(report.failureCount()).as(report.failures(seed, REQUESTS)).isZero();
            assertThat(report.routes()).as("every served route was fuzzed").containsAll(routes);
        } finally {
            service.close();
            service.db().close();
        }
    }

    /** Sends the run's requests from {@link #THREADS} threads; request {@code i} depends on the seed and i only. */
    private static FuzzReport send(long seed, List<String> weighted, FuzzRequests requests, int port)
            throws Exception {
        FuzzReport report = new FuzzReport();
        AtomicInteger next = new AtomicInteger();
        // one INFO line per request would make the run about the console; errors still show
        Logger serviceLog = (Logger) LoggerFactory.getLogger("io.rezilient.restore.service");
        Level level = serviceLog.getLevel();
        serviceLog.setLevel(Level.ERROR);
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        FuzzValues values = new FuzzValues(new Random(mix(seed, i)));
                        String route = weighted.get(values.random().nextInt(weighted.size()));
                        exchange(i, requests.build(route, values), port, report);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            serviceLog.setLevel(level);
        }
        // CPU time tells what the run costs whatever else the machine is doing (PostgreSQL's is not included)
        System.out.println("ServiceFuzzIT: " + REQUESTS + " requests in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms, "
                + (processCpuNanos() - cpuBefore) / 1_000_000 + " ms of this JVM's CPU; " + report.summary());
        return report;
    }

    /** Sends one request and records its answer, or the property it broke. */
    private static void exchange(long index, FuzzRequests.FuzzRequest request, int port, FuzzReport report) {
        long sent = System.nanoTime();
        RawHttp.Response response;
        try {
            response = RawHttp.exchange(port, request.bytes(), request.head());
        } catch (IOException | RuntimeException noAnswer) {
            report.failed(new FuzzReport.Failure(index, request.route(), "no answer: " + noAnswer,
                    request.describe(), "-"), System.nanoTime() - sent);
            return;
        }
        long nanos = System.nanoTime() - sent;
        Optional<String> problem = problem(request, response);
        if (problem.isPresent()) {
            String body = response.text();
            report.failed(new FuzzReport.Failure(index, request.route(), problem.get(), request.describe(),
                    response.status() + " " + response.headers() + " "
                            + (body.length() > 800 ? body.substring(0, 800) + "…" : body)), nanos);
        } else {
            report.answered(request.route(), response.status(), nanos);
        }
    }

    /** The first property the answer breaks: a 5xx, an error that is not our JSON body, internal text. */
    static Optional<String> problem(FuzzRequests.FuzzRequest request, RawHttp.Response response) {
        if (response.status() >= 500) {
            return Optional.of("answered " + response.status());
        }
        String body = response.text();
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        boolean staticDocument = response.status() < 400 && STATIC_DOCUMENTS.contains(path);
        if (!request.head() && !staticDocument) {
            String type = response.header("content-type");
            if (type == null || !type.startsWith("application/json")) {
                return Optional.of("content type " + type + ", not JSON");
            }
            JsonNode json;
            try {
                json = Json.parse(body);
            } catch (RuntimeException notJson) {
                return Optional.of("body is not JSON");
            }
            if (response.status() >= 400 && (!json.path("error").isTextual() || !json.path("message").isTextual()
                    || json.path("status").asInt() != response.status())) {
                return Optional.of("not our error body");
            }
        }
        if (!staticDocument) {
            String sent = new String(request.bytes(), StandardCharsets.UTF_8);
            for (String internal : INTERNAL_TEXT) {
                if (body.contains(internal) && !sent.contains(internal)) {
                    return Optional.of("internal text in the body: '" + internal + "'");
                }
            }
        }
        return Optional.empty();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Every route, a route with inputs of its own (path ids, query parameters, a body) three times: the open
     * operational routes have only the request line and headers to get wrong, and {@code /readyz} probes the database
     * and the object store on every call.
     */
    private static List<String> weighted(List<String> routes, JsonNode document) {
        List<String> weighted = new ArrayList<>();
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            JsonNode operation = document.path("paths").path(methodAndPath[1])
                    .path(methodAndPath[0].toLowerCase(Locale.ROOT));
            boolean inputs = methodAndPath[1].contains("{") || operation.has("requestBody")
                    || operation.has("parameters");
            for (int copies = inputs ? 3 : 1; copies > 0; copies--) {
                weighted.add(route);
            }
        }
        return weighted;
    }

    /**
     * A well-spread seed for request {@code i}: {@link Random}s seeded with neighbouring numbers start with
     * correlated values, which would send most requests to the same few routes.
     */
    static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The data the fuzzer aims at: a registered source with one finalised, executable plan and a job of it, so that
     * honest parts of a request find real rows and the hostile parts are tried against them.
     */
    private record World(Map<String, String> knownIds, Map<String, JsonNode> hints) {
        static World create(PlanScenario.Service service) throws Exception {
            PlanScenario plans = PlanScenario.registered(service, SCOPE);
            String sysId = PlanScenario.sysId("fuzz-record");
            plans.event("incident", sysId, "fuzz-1", "I", PIT.minus(Duration.ofMinutes(30)), 0);
            plans.watermark(NOW.minusSeconds(30));
            PlanScenario.Answer draft = plans.postDryRun(plans.dryRun("fuzz-plan", "incident"));
            assertThat(draft.status()).as(draft.toString()).isEqualTo(202);
            PlanScenario.Answer finalized = plans.postFinalize("fuzz-plan", PlanScenario.finalizeAll(draft.json(),
                    "exists"));
            assertThat(finalized.status()).as(finalized.toString()).isEqualTo(201);
            String planHash = finalized.json().path("plan").path("plan_hash").asText();
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            String jobBody = Json.write(Json.mapper().createObjectNode().put("tenant_id", SCOPE.tenantId())
                    .put("instance_id", SCOPE.instanceId()).put("source", SCOPE.source()).put("plan_id", "fuzz-plan")
                    .put("plan_hash", planHash).put("requested_by", "fuzz-operator")
                    .<ObjectNode>set("lock_scope_tables",
                            nodes.arrayNode().add("incident"))
                    .set("required_capabilities", nodes.arrayNode().add("restore_execute")));
            PlanScenario.Answer job = plans.send("POST", "/v1/jobs", plans.token(), jobBody);
            assertThat(job.status()).as(job.toString()).isEqualTo(201);
            String jobId = job.json().path("job").path("job_id").asText();

            Map<String, JsonNode> hints = Map.ofEntries(
                    Map.entry("tenant_id", nodes.textNode(SCOPE.tenantId())),
                    Map.entry("instance_id", nodes.textNode(SCOPE.instanceId())),
                    Map.entry("source", nodes.textNode(SCOPE.source())),
                    Map.entry("plan_id", nodes.textNode("fuzz-plan")),
                    Map.entry("plan_hash", nodes.textNode(planHash)),
                    Map.entry("tables[]", nodes.textNode("incident")),
                    Map.entry("lock_scope_tables[]", nodes.textNode("incident")),
                    Map.entry("table", nodes.textNode("incident")),
                    Map.entry("record_sys_ids[]", nodes.textNode(sysId)),
                    Map.entry("record_sys_id", nodes.textNode(sysId)),
                    Map.entry("preserve_stale_job_ids[]", nodes.textNode(jobId)),
                    Map.entry("restore_time", nodes.textNode(PIT.toString().replace("Z", ".000Z"))),
                    Map.entry("tie_breaker", nodes.arrayNode().add("sys_updated_on").add("sys_mod_count")
                            .add("__time").add("event_id")),
                    Map.entry("tie_breaker_fallback", nodes.arrayNode().add("sys_updated_on").add("__time")
                            .add("event_id")));
            return new World(Map.of("plan_id", "fuzz-plan", "job_id", jobId), hints);
        }
    }
}
