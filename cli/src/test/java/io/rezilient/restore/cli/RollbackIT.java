package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.contracts.ids.RowIds;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.time.IsoUtc;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo end to end, against a real PostgreSQL target: a synthetic workload is captured, indexed and planned by the
 * service in process; the target is seeded with the workload's final state and then damaged (values overwritten,
 * records deleted, a record nobody captured added). The restore runs through {@code rez agent reconcile} and
 * {@code rez agent run}. Then, after someone edits a restored record on the target, {@code rez agent rollback}
 * refuses (exit 2, naming the row) until the row is resolved with overwrite; the undo job run by
 * {@code rez agent run} puts the target back to the damaged state exactly — every column of every record, deleted
 * and re-inserted ones included — and undoing the undo puts it back to the state just before the undo.
 */
class RollbackIT {
    private static final String TENANT = "tenant-undo";
    private static final String INSTANCE = "undo-instance";
    private static final String SOURCE = "sn://undo.service-now.com";
    private static final List<String> TABLES = List.of("incident", "problem");
    private static final ResourceScope SCOPE = new ResourceScope(TENANT, INSTANCE, SOURCE);
    private static final String SECRET = "rollback-it-signing-secret-of-32-bytes!";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern UNDO_JOB = Pattern.compile("undo job (job_[0-9a-f-]+) ");

    @TempDir
    static Path work;

    private static TestDatabase db;
    private static TestDatabase targetDb;
    private static GroundTruth truth;
    private static ServiceRuntime service;
    private static int port;
    private static String token;
    private static Path tokenFile;
    private static Path keyring;

    @BeforeAll
    static void captureIndexAndStart() throws Exception {
        Path objects = work.resolve("objects");
        Path truthFile = work.resolve("truth.jsonl");
        keyring = work.resolve("keyring.json");
        var capture = rez("capture", "simulate", "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", String.join(",", TABLES), "--records", "40", "--events", "300",
                "--start", "2026-11-20T00:00:00Z", "--days", "1", "--seed", "20261208", "--layout", "v2",
                "--partitions", "2", "--no-progress", "--keyring", keyring.toString(),
                "--truth", truthFile.toString(), "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        truth = GroundTruth.load(truthFile);

        db = TestDatabases.createMigrated("RollbackIT");
        WorkloadSetup.indexOnce(db.jdbcUrl(), objects, SOURCE, "undo", "gen-undo-1", "v2_primary");

        new PostgresSourceRegistry(db.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "RollbackIT");
        // a clock that runs from just after the workload's end, so every partition's watermark is fresh
        Instant start = truth.header().end().plusSeconds(5);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
        service = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv(db.jdbcUrl(), objects)), clock);
        port = service.start("127.0.0.1", 0);
        token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(SCOPE, "undo-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE)), Duration.ofHours(1)));
        tokenFile = work.resolve("token");
        Files.writeString(tokenFile, token);
        targetDb = TestDatabases.create("RollbackIT-target");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.close();
        }
        if (targetDb != null) {
            targetDb.close();
        }
    }

    @Test
    void anUndoPutsTheTargetBackExactlyAndUndoingTheUndoPutsItForwardAgain() throws Exception {
        var seeded = rez("target", "seed", "--target", targetDb.jdbcUrl(), "--truth",
                work.resolve("truth.jsonl").toString(), "--keyring", keyring.toString());
        assertThat(seeded.exitCode()).as(seeded.output()).isZero();
        Map<String, Map<String, Map<String, String>>> live = snapshot();
        assertThat(live.get("incident")).hasSizeGreaterThan(3);
        assertThat(live.get("problem")).hasSizeGreaterThan(2);

        // damage: overwrite a column of three incidents, delete two problems, add a record nobody captured
        List<String> incidents = new ArrayList<>(live.get("incident").keySet());
        List<String> problems = new ArrayList<>(live.get("problem").keySet());
        String column = valueColumn("incident");
        List<String> damagedIds = incidents.subList(0, 3);
        for (String sysId : damagedIds) {
            execute("UPDATE public.incident SET " + column + " = 'damaged by a bad import' WHERE sys_id = ?", sysId);
        }
        List<String> deletedIds = problems.subList(0, 2);
        for (String sysId : deletedIds) {
            execute("DELETE FROM public.problem WHERE sys_id = ?", sysId);
        }
        execute("INSERT INTO public.incident (sys_id, " + column + ") VALUES ('not-captured-1', 'added by hand')");
        Map<String, Map<String, Map<String, String>>> damaged = snapshot();
        assertThat(damaged).isNotEqualTo(live);

        // restore to the workload's end through the agent
        String planId = "undo-it-restore";
        HttpResponse<String> draft = post("/v1/plans/dry-run", dryRun(planId, truth.header().end()));
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(202);
        var reconciled = agent("reconcile", "--plan", planId);
        assertThat(reconciled.exitCode()).as(reconciled.output()).isZero();
        JsonNode plan = Json.parse(get("/v1/plans/" + planId).body()).path("plan");
        String restoreJob = createJob(planId, plan.path("plan_hash").asText());
        var restored = agent("run", "--job", restoreJob, "--keyring", keyring.toString(), "--no-progress");
        assertThat(restored.exitCode()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("job " + restoreJob + " completed").contains(" 0 failed");
        Map<String, Map<String, Map<String, String>>> afterRestore = snapshot();
        for (String sysId : damagedIds) {
            assertThat(afterRestore.get("incident").get(sysId)).as("incident " + sysId + " repaired")
                    .isEqualTo(live.get("incident").get(sysId));
        }
        for (String sysId : deletedIds) {
            assertThat(afterRestore.get("problem").get(sysId)).as("problem " + sysId + " back")
                    .isEqualTo(live.get("problem").get(sysId));
        }
        assertThat(afterRestore.get("incident")).containsKey("not-captured-1");

        // someone edits a restored record before the undo: the undo refuses until told what to do with it
        String edited = damagedIds.getFirst();
        execute("UPDATE public.incident SET " + column + " = 'edited after the restore' WHERE sys_id = ?", edited);
        Map<String, Map<String, Map<String, String>>> beforeUndo = snapshot();
        String editedRow = RowIds.rowId("incident", edited);
        var refused = agent("rollback", "--job", restoreJob);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("blocked_rollback_target_changed").contains(editedRow)
                .contains("incident/" + edited).contains("--resolve " + editedRow + "=overwrite");
        assertThat(refused.output().lines().filter(line -> line.contains("row.")).count())
                .as("only the edited record is reported").isEqualTo(2);

        var accepted = agent("rollback", "--job", restoreJob, "--resolve", editedRow + "=overwrite");
        assertThat(accepted.exitCode()).as(accepted.output()).isZero();
        String undoJob = undoJobOf(accepted.output());
        assertThat(accepted.output()).as("the two re-inserted problems are deleted again, nothing is inserted")
                .contains("\"insert\":0,\"delete\":2");
        var undone = agent("run", "--job", undoJob, "--keyring", keyring.toString(), "--no-progress");
        assertThat(undone.exitCode()).as(undone.output()).isZero();
        assertThat(undone.output()).contains(" 0 failed");
        assertThat(snapshot()).as("the target exactly as it was before the restore").isEqualTo(damaged);

        // the undo journaled its own before-images: undoing it puts the target back as it was just before the undo
        var redo = agent("rollback", "--job", undoJob);
        assertThat(redo.exitCode()).as(redo.output()).isZero();
        String redoJob = undoJobOf(redo.output());
        var redone = agent("run", "--job", redoJob, "--keyring", keyring.toString(), "--no-progress");
        assertThat(redone.exitCode()).as(redone.output()).isZero();
        assertThat(snapshot()).as("the target exactly as it was before the undo").isEqualTo(beforeUndo);

        JsonNode events = Json.parse(get("/v1/jobs/" + redoJob + "/events").body()).path("events");
        assertThat(events.get(0).path("details").path("rollback_of_job_id").asText()).isEqualTo(undoJob);
    }

    private static String undoJobOf(String output) {
        Matcher matcher = UNDO_JOB.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group(1);
    }

    private static ConformanceCommandTest.Run agent(String... args) {
        List<String> all = new ArrayList<>(List.of("agent"));
        all.addAll(List.of(args));
        all.addAll(List.of("--service", "http://127.0.0.1:" + port, "--token-file", tokenFile.toString(),
                "--target", targetDb.jdbcUrl()));
        return rez(all.toArray(String[]::new));
    }

    /** Every record of the captured tables, every column as text: {@code table → sys_id → column → value}. */
    private static Map<String, Map<String, Map<String, String>>> snapshot() throws SQLException {
        Map<String, Map<String, Map<String, String>>> tables = new TreeMap<>();
        try (Connection connection = targetDb.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                Map<String, Map<String, String>> records = new TreeMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT * FROM public." + table)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        Map<String, String> columns = new TreeMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            columns.put(meta.getColumnName(i), rows.getString(i));
                        }
                        records.put(rows.getString("sys_id"), columns);
                    }
                }
                tables.put(table, records);
            }
        }
        return tables;
    }

    /** A text column of {@code table} other than sys_id. */
    private static String valueColumn(String table) throws SQLException {
        try (Connection connection = targetDb.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT column_name FROM"
                     + " information_schema.columns WHERE table_schema = 'public' AND table_name = ?"
                     + " AND column_name <> 'sys_id' AND data_type = 'text' ORDER BY column_name LIMIT 1")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = targetDb.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String createJob(String planId, String planHash) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("plan_hash", planHash).put("requested_by", "undo-operator");
        TABLES.forEach(body.putArray("lock_scope_tables")::add);
        body.putArray("required_capabilities").add("restore_execute").add("restore_delete");
        HttpResponse<String> created = post("/v1/jobs", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.parse(created.body()).path("job").path("job_id").asText();
    }

    private static ObjectNode dryRun(String planId, Instant pit) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("requested_by", "undo-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode scope = body.putObject("scope").put("mode", "table");
        TABLES.forEach(scope.putArray("tables")::add);
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    private static HttpResponse<String> post(String path, ObjectNode body) throws Exception {
        return HTTP.send(request(path).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token);
    }

    private static Map<String, String> serviceEnv(String pgUrl, Path objects) {
        return WorkloadSetup.serviceEnv(pgUrl, objects, SECRET, Map.of("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "86400"));
    }

}
