package io.rezilient.restore.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.capture.truth.RecordVersion;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's planning stage: starts the restore service on the demo database and object store, registers the demo
 * source, mints an operator token, and plans the restore of a few records the workload changed after a point in
 * time — a dry-run, then target reconciliation — printing the gate and {@code plan_hash} an operator would review.
 */
final class DemoPlanStage {
    private static final String TABLE = "incident";
    private static final int RECORDS = 5;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The synthetic workload is sparse (a few hundred events over days), so a partition's newest event can be hours
     * old when the demo runs; a live source keeps its partitions within the default 120 s. The demo says so rather
     * than show every plan as stale.
     */
    private static final String DEMO_STALE_AFTER_SECONDS = "86400";

    private final PrintWriter out;
    private final PgUrl database;
    private final Path objects;
    private final GroundTruth truth;

    DemoPlanStage(PrintWriter out, PgUrl database, Path objects, Path groundTruth) {
        this.out = out;
        this.database = database;
        this.objects = objects;
        this.truth = GroundTruth.load(groundTruth);
    }

    int run() {
        out.println("== 4. plan: start the restore service, dry-run a point-in-time restore, reconcile, finalise");
        out.flush();
        String signingSecret = randomHex();
        ResourceScope scope = new ResourceScope(DemoCommand.TENANT, DemoCommand.INSTANCE, DemoCommand.SOURCE);
        new PostgresSourceRegistry(database.dataSource()).add(scope, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "rez-demo");
        // the service's request log would bury the demo's own lines; warnings and errors still show
        ch.qos.logback.classic.Logger serviceLog =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.rezilient.restore.service");
        Level previous = serviceLog.getLevel();
        serviceLog.setLevel(Level.WARN);
        try (ServiceRuntime service = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv(signingSecret)))) {
            int port = service.start("127.0.0.1", 0);
            String token = DevTokenIssuer.hs256(signingSecret, java.time.Clock.systemUTC()).issue(TokenRequest.rrs(
                    scope, "demo-operator", Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofMinutes(15)));
            out.println("restore service on http://127.0.0.1:" + port + ", token for " + scope.tenantId() + "/"
                    + scope.instanceId() + " (subject demo-operator); demo setting RRS_RESTORE_INDEX_STALE_AFTER_SECONDS="
                    + DEMO_STALE_AFTER_SECONDS + " because the sparse workload's partitions go quiet for hours"
                    + " (default 120)");
            Instant pit = pointInTime();
            List<String> sysIds = changedAfter(pit);
            if (sysIds.isEmpty()) {
                out.println("no " + TABLE + " record changed after " + IsoUtc.format(pit) + "; nothing to plan");
                return 0;
            }
            String planId = "demo-plan-" + randomHex().substring(0, 8);
            out.println("restore " + sysIds.size() + " " + TABLE + " records to " + IsoUtc.format(pit)
                    + " (each changed afterwards): " + String.join(", ", sysIds));
            JsonNode draft = post(port, token, "/v1/plans/dry-run", dryRun(planId, pit, sysIds));
            if (draft == null) {
                return 1;
            }
            out.println("dry-run   " + summary(draft) + ", " + draft.path("target_reconciliation_records").size()
                    + " records to check on the target");
            JsonNode finalized = post(port, token, "/v1/plans/" + planId + "/target-reconciliation/finalize",
                    reconciliation(draft));
            if (finalized == null) {
                return 1;
            }
            out.println("finalised " + summary(finalized));
            out.println("  plan_hash " + finalized.path("plan").path("plan_hash").asText()
                    + " (sha256 of the canonical plan_hash_input; GET /v1/plans/" + planId + " returns the plan)");
            out.flush();
            return 0;
        } finally {
            serviceLog.setLevel(previous);
        }
    }

    /** Half-way through the workload: most records exist, and many change afterwards. */
    private Instant pointInTime() {
        Instant start = truth.header().start();
        Instant end = truth.header().end();
        return start.plus(Duration.between(start, end).dividedBy(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Records of the table that existed at {@code pit} and were changed or deleted after it. */
    private List<String> changedAfter(Instant pit) {
        Set<String> chosen = new LinkedHashSet<>();
        for (RecordVersion version : truth.records()) {
            if (chosen.size() == RECORDS) {
                break;
            }
            if (version.table().equals(TABLE) && version.eventTime().isAfter(pit)
                    && truth.stateAt(TABLE, version.sysId(), pit) instanceof RecordState.Existing) {
                chosen.add(version.sysId());
            }
        }
        return new ArrayList<>(chosen);
    }

    private static ObjectNode dryRun(String planId, Instant pit, List<String> sysIds) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", DemoCommand.TENANT).put("instance_id", DemoCommand.INSTANCE)
                .put("source", DemoCommand.SOURCE).put("plan_id", planId).put("requested_by", "demo-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode scope = body.putObject("scope").put("mode", "record");
        scope.putArray("tables").add(TABLE);
        sysIds.forEach(scope.putArray("record_sys_ids")::add);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    /** The demo's target is the source as it is now: a record exists there unless the workload deleted it. */
    private ObjectNode reconciliation(JsonNode draft) {
        ObjectNode body = Json.mapper().createObjectNode().put("finalized_by", "demo-operator");
        ArrayNode records = body.putArray("reconciled_records");
        Instant now = truth.header().end().plusSeconds(1);
        for (JsonNode record : draft.path("target_reconciliation_records")) {
            String table = record.path("table").asText();
            String sysId = record.path("record_sys_id").asText();
            boolean exists = truth.stateAt(table, sysId, now) instanceof RecordState.Existing;
            records.addObject().put("table", table).put("record_sys_id", sysId)
                    .put("target_state", exists ? "exists" : "missing");
        }
        return body;
    }

    private static String summary(JsonNode answer) {
        JsonNode gate = answer.path("gate");
        JsonNode counts = answer.path("plan").path("action_counts");
        return "gate " + gate.path("executability").asText() + " (" + gate.path("reason_code").asText() + "), "
                + "update " + counts.path("update").asLong() + ", insert " + counts.path("insert").asLong()
                + ", delete " + counts.path("delete").asLong() + ", plan_hash "
                + answer.path("plan").path("plan_hash").asText().substring(0, 12) + "…";
    }

    private JsonNode post(int port, String token, String path, ObjectNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                out.println("POST " + path + " answered " + response.statusCode() + ": " + response.body());
                return null;
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("calling the demo's restore service failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the demo's restore service", e);
        }
    }

    /** The service's required settings, with throwaway secrets and evidence keys for this run only. */
    private Map<String, String> serviceEnv(String signingSecret) {
        KeyPair evidence = ed25519();
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_OBJECT_STORE_ROOT", objects.toString());
        env.put("RRS_AUTH_SIGNING_KEY", signingSecret);
        env.put("RRS_ADMIN_TOKEN", randomHex());
        env.put("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", DEMO_STALE_AFTER_SECONDS);
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", evidence.getPrivate().getEncoded()));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", evidence.getPublic().getEncoded()));
        return env;
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime since 15 provides Ed25519", impossible);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static String randomHex() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
