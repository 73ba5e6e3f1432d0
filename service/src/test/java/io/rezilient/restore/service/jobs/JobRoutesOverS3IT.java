package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job and queue routes once end to end with the service's object store in an S3-compatible server (s3proxy,
 * over HTTP): a plan materialised from artifact bodies read through S3, two overlapping jobs (the second queued),
 * the queue reconcile finding no drift, completion promoting the queued job, and both histories.
 */
class JobRoutesOverS3IT {
    private static final String ADMIN_TOKEN = "admin-secret-token";
    private static S3ProxyServer s3;
    private static Service service;

    @TempDir
    static Path unused;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
        String bucket = s3.newBucket();
        service = Service.start("JobRoutesOverS3IT", unused.resolve("objects"), env -> {
            env.put("RRS_ADMIN_TOKEN", ADMIN_TOKEN);
            return Service.onS3(env, s3, bucket);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
            service.db().close();
        }
        s3.stop();
    }

    @Test
    void jobsQueueReconcileAndPromoteWithTheStoreInS3() throws Exception {
        assertThat(service.runtime().objectStore().describe()).contains("s3://");
        JobScenario s = JobScenario.registered(service, new ResourceScope("tenant-acme", "acme-s3",
                "sn://acme-s3.service-now.com"));
        String hash = s.finalizedPlan("plan-s3", "incident", "problem");

        JsonNode first = s.created("plan-s3", hash, "incident");
        JsonNode second = s.created("plan-s3", hash, "problem", "incident");
        assertThat(first.path("status").asText()).isEqualTo("running");
        assertThat(second.path("status").asText()).isEqualTo("queued");
        JsonNode waiting = s.job(second.path("job_id").asText());
        assertThat(waiting.path("queue_position").asInt()).isEqualTo(1);
        assertThat(texts(waiting.path("wait_blocker_job_ids"))).containsExactly(first.path("job_id").asText());

        Answer reconcile = admin("/v1/admin/ops/queue/reconcile", """
                {"scope":{"tenant_id":"tenant-acme","instance_id":"acme-s3","source":"sn://acme-s3.service-now.com"}}
                """);
        assertThat(reconcile.status()).as(reconcile.toString()).isEqualTo(200);
        assertThat(reconcile.json().path("dry_run").asBoolean()).isTrue();
        assertThat(reconcile.json().path("anomalies")).as(reconcile.toString()).isEmpty();

        Answer completed = s.complete(first.path("job_id").asText(), "completed", null);
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(texts(completed.json().path("promoted_job_ids"))).containsExactly(second.path("job_id").asText());
        assertThat(s.job(second.path("job_id").asText()).path("status").asText()).isEqualTo("running");
        assertThat(s.complete(second.path("job_id").asText(), "completed", null).status()).isEqualTo(200);

        List<String> history = new ArrayList<>();
        s.events(second.path("job_id").asText()).json().path("events")
                .forEach(event -> history.add(event.path("event_type").asText()));
        assertThat(history).containsSubsequence("job_created", "job_queued", "job_started", "job_completed");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Answer admin(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("x-rezilient-admin-token", ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Json.mapper().readTree(body)))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
