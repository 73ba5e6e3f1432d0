package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * Two service replicas on one database behave like one (issue 6 item 5): 200 job creations on overlapping scopes
 * from 16 threads, spread over both replicas and mixed with completions, never produce two holders of one key,
 * never lose a job, and start jobs in FIFO order per key; then draining the queues through both replicas runs every
 * job. Judged from the tables and the event history ({@link JobHistory}), not from the answers alone.
 */
class JobConcurrencyIT {
    private static final List<String> TABLES = List.of("incident", "problem", "change_request");
    private static final int THREADS = 16;
    private static final int CREATIONS = 200;
    private static Service replicaA;
    private static Service replicaB;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        replicaA = Service.start("JobConcurrencyIT", work.resolve("objects"), env -> env);
        replicaB = Service.on(replicaA.db(), work.resolve("objects"), env -> env);
    }

    @AfterAll
    static void stop() {
        if (replicaB != null) {
            replicaB.close();
        }
        if (replicaA != null) {
            replicaA.close();
            replicaA.db().close();
        }
    }

    /** One source with its plan, reachable through either replica. */
    private record Source(ResourceScope scope, String planHash, JobScenario viaA, JobScenario viaB) {
        JobScenario via(Random random) {
            return random.nextBoolean() ? viaA : viaB;
        }
    }

    @Test
    void concurrentCreationsAndCompletionsOnTwoReplicasKeepLocksFifoAndLoseNothing() throws Exception {
        List<Source> sources = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            ResourceScope scope = new ResourceScope("tenant-acme", "conc-" + i, "sn://conc-" + i + ".example");
            JobScenario viaA = JobScenario.registered(replicaA, scope);
            String hash = viaA.finalizedPlan("plan-conc", TABLES.toArray(String[]::new));
            sources.add(new Source(scope, hash, viaA, JobScenario.on(replicaB, scope)));
        }
        Map<String, Source> created = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger remaining = new AtomicInteger(CREATIONS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(1_000 + t);
            workers.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    Source source = sources.get(random.nextInt(sources.size()));
                    List<String> tables = new ArrayList<>(TABLES);
                    Collections.shuffle(tables, random);
                    tables = tables.subList(0, 1 + random.nextInt(2));
                    Answer answer = source.via(random).createJob(source.via(random).jobBody("plan-conc",
                            source.planHash(), tables.toArray(String[]::new)));
                    if (answer.status() != 201) {
                        failures.add("create: " + answer);
                        continue;
                    }
                    created.put(answer.json().path("job").path("job_id").asText(), source);
                    if (random.nextInt(3) == 0) {
                        completeSomeJob(created, random, failures);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        Set<String> sourceNames = Set.of(sources.get(0).scope().source(), sources.get(1).scope().source());

        assertThat(failures).isEmpty();
        JobHistory afterLoad = JobHistory.read(replicaA.owner(), sourceNames);
        assertThat(afterLoad.jobs().keySet()).as("exactly the accepted jobs exist").isEqualTo(created.keySet());
        assertThat(afterLoad.count("queued")).as("the load left a queue to drain").isPositive();
        afterLoad.assertConsistent();

        drain(created, sourceNames);

        JobHistory drained = JobHistory.read(replicaA.owner(), sourceNames);
        drained.assertConsistent();
        assertThat(drained.jobs().values()).allMatch(job -> Set.of("completed", "cancelled").contains(job.status()));
        assertThat(drained.jobs()).hasSize(CREATIONS);
    }

    /** Completes (or, when still queued, cancels) one random accepted job; a lost race answers already_terminal. */
    private static void completeSomeJob(Map<String, Source> created, Random random, List<String> failures)
            throws Exception {
        List<String> ids = new ArrayList<>(created.keySet());
        String jobId = ids.get(random.nextInt(ids.size()));
        JobScenario via = created.get(jobId).via(random);
        String status = via.job(jobId).path("status").asText();
        Answer answer = via.complete(jobId, "queued".equals(status) ? "cancelled" : "completed", null);
        if (answer.status() != 200 && !(answer.status() == 409
                && "already_terminal".equals(answer.json().path("error").asText()))) {
            failures.add("complete: " + answer);
        }
    }

    /** Completes running jobs round after round through alternating replicas until no job is left non-terminal. */
    private static void drain(Map<String, Source> created, Set<String> sources) throws Exception {
        Random random = new Random(7);
        JobHistory.drain(replicaA.owner(), sources, CREATIONS + 1, job -> {
            Answer answer = created.get(job.jobId()).via(random).complete(job.jobId(), "completed", null);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode promoted = answer.json().path("promoted_job_ids");
            promoted.forEach(id -> assertThat(created).containsKey(id.asText()));
        });
    }
}
