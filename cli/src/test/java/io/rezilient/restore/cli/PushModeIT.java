package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore service in push mode ({@code RRS_EXECUTE_PROGRESS_MODE=push}, architecture §7) end to end: a seeded
 * workload is captured with a real keyring, indexed, and planned over HTTP; a PostgreSQL target is seeded from the
 * ground truth's latest state and damaged; the service then applies the plan itself through the agent's code
 * ({@link AgentPushApplier}) as {@code rez service run} builds it, and the target must hold each restored record
 * exactly as the ground truth has it at the point in time. The chunk budget pauses and resume continues as the
 * runbook's "Resume Checkpoint Recovery" expects; the journal holds the target's real, sealed before-images.
 */
class PushModeIT {
    private static final String TENANT = "tenant-push";
    private static final String INSTANCE = "push-instance";
    private static final String SOURCE = "sn://push.service-now.com";
    private static final ResourceScope SCOPE = new ResourceScope(TENANT, INSTANCE, SOURCE);
    private static final String OPERATOR = "push-operator";
    private static final String SECRET = DemoService.randomHex();
    private static final Set<Capability> EXECUTE = Set.of(Capability.RESTORE_EXECUTE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static TestDatabase db;
    private static GroundTruth truth;
    private static Path truthFile;
    private static Path objects;
    private static KeyringFile keyring;
    private static Instant pit;
    private static Clock clock;

    @BeforeAll
    static void captureIndexAndRegister() {
        keyring = new KeyringFile(work.resolve("keyring.json"));
        keyring.generate(TENANT, new SecureRandom(), Instant.now());
        objects = work.resolve("objects");
        truthFile = work.resolve("truth.jsonl");
        var capture = rez("capture", "simulate", "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", "incident,problem,cmdb_ci", "--records", "120", "--events", "1200",
                "--start", "2026-10-01T00:00:00Z", "--days", "2", "--seed", "20261207", "--layout", "v2",
                "--partitions", "2", "--no-progress", "--keyring", keyring.path().toString(),
                "--truth", truthFile.toString(), "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        truth = GroundTruth.load(truthFile);
        Instant start = truth.header().start();
        pit = start.plus(Duration.between(start, truth.header().end()).dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        // a ticking clock just after the workload's end: claims get distinct times, the index stays fresh
        clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), truth.header().end().plusSeconds(5)));

        db = TestDatabases.createMigrated("PushModeIT");
        WorkloadSetup.indexOnce(db.jdbcUrl(), objects, SOURCE, "push", "gen-push-1", "v2_primary");
        new PostgresSourceRegistry(db.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "PushModeIT");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aBudgetOfTwoChunksPausesAtChunkTwoAndFourAndTheThirdResumeCompletesTheRestore() throws Exception {
        try (TestDatabase target = seededTarget("PushModeIT_budget");
             PushService service = PushService.start(target, 2)) {
            List<String> sysIds = DemoPlanStage.changedAfter(truth, "incident", pit, 10);
            assertThat(sysIds).hasSize(10);
            // damage: two of them were deleted on the target since (the plan inserts them again)
            delete(target, "incident", sysIds.subList(0, 2));
            long rowsBefore = count(target, "incident");
            Map<String, ObjectNode> before = records(target, "incident", sysIds);
            Running job = service.runningJob("incident", sysIds, target);

            // runbook: execute; the chunk budget pauses the job at a chunk boundary
            Answer first = job.post("/execution", Json.mapper().createObjectNode().put("chunk_size", 2));
            assertThat(first.status()).as(first.toString()).isEqualTo(202);
            JsonNode paused = first.json().path("execution");
            assertThat(paused.path("progress_mode").asText()).isEqualTo("push");
            assertThat(paused.path("status").asText()).isEqualTo("paused");
            assertThat(paused.path("reason_code").asText()).isEqualTo("paused_token_refresh_grace_exhausted");
            assertThat(paused.path("checkpoint").path("next_chunk_index").asInt()).isEqualTo(2);
            assertThat(paused.path("checkpoint").path("total_chunks").asInt()).isEqualTo(5);
            assertThat(paused.path("summary").path("applied_rows").asInt()).isEqualTo(4);
            assertThat(paused.path("resume_attempt_count").asInt()).isEqualTo(1);
            JsonNode jobNow = service.get("/v1/jobs/" + job.jobId()).json().path("job");
            assertThat(jobNow.path("status").asText()).isEqualTo("paused");
            assertThat(jobNow.path("status_reason_code").asText()).isEqualTo("paused_token_refresh_grace_exhausted");
            Answer again = job.post("/execution", Json.mapper().createObjectNode());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("error").asText()).isEqualTo("job_paused");

            // runbook: checkpoint, then resume with the recorded checksums until terminal
            JsonNode checkpoint = job.get("/checkpoint").json().path("checkpoint");
            assertThat(checkpoint.path("next_chunk_index").asInt()).isEqualTo(2);
            Answer second = job.post("/resume", resumeBody(paused));
            assertThat(second.status()).as(second.toString()).isEqualTo(202);
            assertThat(second.json().path("execution").path("checkpoint").path("next_chunk_index").asInt())
                    .isEqualTo(4);
            assertThat(second.json().path("execution").path("resume_attempt_count").asInt()).isEqualTo(2);
            assertThat(second.json().path("execution").path("reason_code").asText())
                    .isEqualTo("paused_token_refresh_grace_exhausted");
            Answer third = job.post("/resume", resumeBody(paused));
            assertThat(third.status()).as(third.toString()).isEqualTo(200);
            JsonNode done = third.json().path("execution");
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("resume_attempt_count").asInt()).isEqualTo(3);

            // runbook: the final execution's checkpoint reached the end
            JsonNode stored = job.get("/execution").json().path("execution");
            assertThat(stored.path("checkpoint").path("next_chunk_index").asInt())
                    .isEqualTo(stored.path("checkpoint").path("total_chunks").asInt()).isEqualTo(5);
            assertThat(stored.path("summary").path("applied_rows").asInt()).isEqualTo(10);
            assertThat(stored.path("chunks")).extracting(chunk -> chunk.path("status").asText())
                    .containsExactly("applied", "applied", "applied", "applied", "applied");
            assertThat(service.get("/v1/jobs/" + job.jobId()).json().path("job").path("status").asText())
                    .isEqualTo("completed");
            assertThat(job.post("/resume", resumeBody(paused)).status()).as("terminal: idempotent").isEqualTo(200);

            assertRestoredToThePit(target, "incident", sysIds);
            assertThat(before).as("the damaged records are missing").doesNotContainKeys(sysIds.get(0), sysIds.get(1));
            assertThat(count(target, "incident")).as("only the records missing on the target were added")
                    .isEqualTo(rowsBefore + sysIds.size() - before.size());
            assertJournalHoldsTheTargetsBeforeImages(job, stored, before);
        }
    }

    @Test
    void withoutABudgetExecuteAppliesEveryChunkAndAnswers200() throws Exception {
        try (TestDatabase target = seededTarget("PushModeIT_unlimited");
             PushService service = PushService.start(target, 0)) {
            List<String> sysIds = DemoPlanStage.changedAfter(truth, "problem", pit, 3);
            assertThat(sysIds).hasSize(3);
            Running job = service.runningJob("problem", sysIds, target);

            Answer executed = job.post("/execution", Json.mapper().createObjectNode().put("chunk_size", 1));
            assertThat(executed.status()).as(executed.toString()).isEqualTo(200);
            JsonNode execution = executed.json().path("execution");
            assertThat(execution.path("status").asText()).isEqualTo("completed");
            assertThat(execution.path("reason_code").asText()).isEqualTo("none");
            assertThat(execution.path("resume_attempt_count").asInt()).isEqualTo(1);
            assertThat(execution.path("checkpoint").path("next_chunk_index").asInt()).isEqualTo(3);
            assertThat(execution.path("checkpoint").path("total_chunks").asInt()).isEqualTo(3);
            assertThat(executed.json().path("promoted_job_ids").isArray()).isTrue();
            assertRestoredToThePit(target, "problem", sysIds);
        }
    }

    @Test
    void anUnreachableTargetAnswers503KeepsTheJobRunningAndPauseAndResumeFinishTheRestore() throws Exception {
        try (TestDatabase target = seededTarget("PushModeIT_down");
             PushService service = PushService.start(target, 0)) {
            List<String> sysIds = DemoPlanStage.changedAfter(truth, "cmdb_ci", pit, 2);
            assertThat(sysIds).hasSize(2);
            Running job = service.runningJob("cmdb_ci", sysIds, target);

            allowConnections(target, false);
            Answer refused;
            try {
                refused = job.post("/execution", Json.mapper().createObjectNode().put("chunk_size", 1));
            } finally {
                allowConnections(target, true);
            }
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.json().path("error").asText()).isEqualTo("execution_target_unavailable");
            assertThat(refused.json().toString()).doesNotContain(target.name()).doesNotContain("password");
            assertThat(service.get("/v1/jobs/" + job.jobId()).json().path("job").path("status").asText())
                    .isEqualTo("running");
            JsonNode armed = job.get("/execution").json().path("execution");
            assertThat(armed.path("status").asText()).isEqualTo("paused");
            assertThat(armed.path("checkpoint").path("next_chunk_index").asInt()).isZero();
            assertThat(armed.path("row_outcomes")).isEmpty();

            assertThat(job.post("/pause", Json.mapper().createObjectNode()).status()).isEqualTo(202);
            Answer resumed = job.post("/resume", Json.mapper().createObjectNode());
            assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
            JsonNode done = resumed.json().path("execution");
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("summary").path("applied_rows").asInt()).isEqualTo(2);
            // the released claim's rows were claimed again: their second attempt is the one journaled
            JsonNode journal = job.get("/rollback-journal").json().path("rollback_journal");
            assertThat(journal).hasSize(2);
            assertThat(journal).extracting(entry -> entry.path("row_attempt").asInt())
                    .containsExactlyInAnyOrder(2, 1);
            assertRestoredToThePit(target, "cmdb_ci", sysIds);
        }
    }

    // ------------------------------------------------------------------------------------------------- assertions

    /** Every field of each record as the ground truth has it at the PIT is the target column's value now. */
    private static void assertRestoredToThePit(TestDatabase target, String table, List<String> sysIds) {
        Map<String, ObjectNode> now = records(target, table, sysIds);
        for (String sysId : sysIds) {
            RecordState state = truth.stateAt(table, sysId, pit);
            assertThat(state).isInstanceOf(RecordState.Existing.class);
            ObjectNode expected = ((RecordState.Existing) state).record();
            ObjectNode actual = now.get(sysId);
            assertThat(actual).as("%s/%s on the target", table, sysId).isNotNull();
            for (Iterator<String> fields = expected.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                JsonNode value = expected.get(field);
                String wanted = value == null || value.isNull() ? null : value.asText();
                if (field.equals("sys_id")) {
                    wanted = sysId;
                }
                assertThat(actual.path(field).isNull() ? null : actual.path(field).asText())
                        .as("%s/%s field %s", table, sysId, field).isEqualTo(wanted);
            }
        }
    }

    /**
     * "Rollback Journal Verification": one entry per applied row, each linked by a mirror record, holding the
     * target's record as it was before the restore, sealed under the tenant key for exactly that entry (a record
     * the target did not have is journaled as missing, with nothing sealed).
     */
    private static void assertJournalHoldsTheTargetsBeforeImages(Running job, JsonNode execution,
                                                                 Map<String, ObjectNode> before) throws Exception {
        JsonNode bundle = job.get("/rollback-journal").json();
        JsonNode journal = bundle.path("rollback_journal");
        List<String> applied = new ArrayList<>();
        execution.path("row_outcomes").forEach(outcome -> {
            if (outcome.path("outcome").asText().equals("applied")) {
                applied.add(outcome.path("row_id").asText());
            }
        });
        assertThat(journal).extracting(entry -> entry.path("plan_row_id").asText())
                .containsExactlyInAnyOrderElementsOf(applied);
        assertThat(bundle.path("sn_mirror")).extracting(mirror -> mirror.path("journal_id").asText())
                .containsExactlyInAnyOrderElementsOf(journal.findValuesAsText("journal_id"));
        BeforeImageSealer sealer = new BeforeImageSealer(keyring.load());
        int sealed = 0;
        for (JsonNode entry : journal) {
            String sysId = entry.path("record_sys_id").asText();
            assertThat(entry.path("before_image_source").asText()).isEqualTo("target");
            if (!before.containsKey(sysId)) {
                assertThat(entry.path("action").asText()).isEqualTo("insert");
                assertThat(entry.path("before_image_state").asText()).isEqualTo("missing");
                assertThat(entry.path("before_image_enc").isNull()).isTrue();
                continue;
            }
            assertThat(entry.path("before_image_state").asText()).isEqualTo("exists");
            assertThat(entry.path("before_image_enc").path("module").asText()).isEqualTo(BeforeImageSealer.MODULE);
            BeforeImageIdentity identity = new BeforeImageIdentity(TENANT, INSTANCE, SOURCE,
                    entry.path("table").asText(), sysId, entry.path("journal_id").asText());
            assertThat(sealer.open(identity, entry.path("before_image_enc"))).as("before-image of %s", sysId)
                    .isEqualTo(before.get(sysId));
            sealed++;
        }
        assertThat(sealed).isEqualTo(before.size()).isPositive();
        assertThat(bundle.toString()).doesNotContain("_plain");
    }

    // -------------------------------------------------------------------------------------------------- the service

    private record Answer(int status, JsonNode json) {
    }

    /** A restore service in push mode on the test's database, writing {@code target}, as `rez service run` opens it. */
    private record PushService(ServiceRuntime runtime, int port, String token) implements AutoCloseable {
        static PushService start(TestDatabase target, int budget) {
            Map<String, String> env = DemoService.serviceEnv(db.url(), objects, SECRET);
            env.put("RRS_EXECUTE_PROGRESS_MODE", "push");
            env.put("RRS_EXECUTE_TARGET_JDBC_URL", target.jdbcUrl());
            env.put("REZ_KEYRING_FILE", keyring.path().toString());
            env.put("RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT", Integer.toString(budget));
            ServiceRuntime runtime = ServiceRuntimes.open(ServiceSettings.fromEnv(env), clock);
            int port = runtime.start("127.0.0.1", 0);
            String token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(SCOPE, OPERATOR,
                    Optional.of(EXECUTE), Duration.ofHours(1)));
            return new PushService(runtime, port, token);
        }

        /** Dry-run of the records, finalised with their state on the target, and a running job for the plan. */
        Running runningJob(String table, List<String> sysIds, TestDatabase target) throws Exception {
            String planId = "push-plan-" + table;
            Answer draft = post("/v1/plans/dry-run", DemoPlanStage.dryRun(SCOPE, OPERATOR, planId, pit, table,
                    sysIds));
            assertThat(draft.status()).as(draft.toString()).isEqualTo(202);
            Map<String, ObjectNode> present = records(target, table, sysIds);
            ObjectNode reconciled = Json.mapper().createObjectNode().put("finalized_by", OPERATOR);
            ArrayNode states = reconciled.putArray("reconciled_records");
            for (JsonNode record : draft.json().path("target_reconciliation_records")) {
                String sysId = record.path("record_sys_id").asText();
                states.addObject().put("table", table).put("record_sys_id", sysId)
                        .put("target_state", present.containsKey(sysId) ? "exists" : "missing");
            }
            Answer finalized = post("/v1/plans/" + planId + "/target-reconciliation/finalize", reconciled);
            assertThat(finalized.status()).as(finalized.toString()).isEqualTo(201);
            assertThat(finalized.json().path("gate").path("executability").asText()).isEqualTo("executable");
            ObjectNode job = Json.mapper().createObjectNode().put("tenant_id", TENANT).put("instance_id", INSTANCE)
                    .put("source", SOURCE).put("plan_id", planId)
                    .put("plan_hash", finalized.json().path("plan").path("plan_hash").asText())
                    .put("requested_by", OPERATOR);
            job.putArray("lock_scope_tables").add(table);
            job.putArray("required_capabilities").add(Capability.RESTORE_EXECUTE.wire());
            Answer created = post("/v1/jobs", job);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("job").path("status").asText()).isEqualTo("running");
            return new Running(this, created.json().path("job").path("job_id").asText());
        }

        Answer post(String path, JsonNode body) throws Exception {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
        }

        Answer get(String path) throws Exception {
            return send(request(path).GET().build());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token);
        }

        private static Answer send(HttpRequest request) throws Exception {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), Json.parse(response.body()));
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    /** A running job of a push service. */
    private record Running(PushService service, String jobId) {
        Answer post(String path, JsonNode body) throws Exception {
            return service.post("/v1/jobs/" + jobId + path, body);
        }

        Answer get(String path) throws Exception {
            return service.get("/v1/jobs/" + jobId + path);
        }
    }

    /** The runbook's resume body: the operator and the checksums the execution recorded. */
    private static ObjectNode resumeBody(JsonNode execution) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("operator_id", OPERATOR)
                .put("expected_plan_checksum", execution.path("plan_checksum").asText())
                .put("expected_precondition_checksum", execution.path("precondition_checksum").asText());
        body.putArray("operator_capabilities").add(Capability.RESTORE_EXECUTE.wire());
        return body;
    }

    // --------------------------------------------------------------------------------------------------- the target

    /** A target database holding every record as the ground truth has it after the workload. */
    private static TestDatabase seededTarget(String name) {
        TestDatabase target = TestDatabases.create(name);
        new TargetSeeder(target.dataSource(), "public").seed(new SeedRequest(truthFile, keyring, Optional.empty(),
                false));
        return target;
    }

    /** Closes the target to new connections and ends its open ones, as when its server goes away; or reopens it. */
    private static void allowConnections(TestDatabase target, boolean allowed) throws SQLException {
        try (Connection admin = target.serverUrl().dataSource().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE \"" + target.name() + "\" ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + target.name() + "'");
            }
        }
    }

    private static void delete(TestDatabase target, String table, List<String> sysIds) throws SQLException {
        try (Connection connection = target.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM public." + table
                     + " WHERE sys_id = ?")) {
            for (String sysId : sysIds) {
                delete.setString(1, sysId);
                assertThat(delete.executeUpdate()).as("%s/%s on the target", table, sysId).isEqualTo(1);
            }
        }
    }

    private static long count(TestDatabase target, String table) throws SQLException {
        try (Connection connection = target.dataSource().getConnection();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM public." + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The records the target has of {@code sysIds}, every column as text (null when NULL), by sys_id. */
    private static Map<String, ObjectNode> records(TestDatabase target, String table, List<String> sysIds) {
        Map<String, ObjectNode> found = new TreeMap<>();
        try (Connection connection = target.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM public." + table
                     + " WHERE sys_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", sysIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    ObjectNode record = JsonNodeFactory.instance.objectNode();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        record.put(meta.getColumnName(i), rows.getString(i));
                    }
                    found.put(rows.getString("sys_id"), record);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + " on the target: " + e.getMessage(), e);
        }
        return found;
    }
}
