package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.reconcile.PlanReconciler;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.capture.truth.RecordVersion;
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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores end to end, judged against the capture's ground truth: a synthetic workload is captured, indexed and
 * planned by the real indexer and service; a PostgreSQL target is seeded with the workload's final state and damaged
 * (records deleted, fields corrupted); then, for 20 seeded points in time, a restore in table, record or column scope
 * — planned, reconciled by the agent against the target, run as a job and applied by the agent — must leave the
 * target exactly as the ground truth says the restored records were at the PIT: deleted records re-inserted,
 * records created after the PIT deleted ({@code allow_deletion}), corrupted fields repaired, and nothing outside
 * the scope (or, in column scope, outside the columns) touched.
 */
class RestoreGroundTruthIT {
    private static final String TENANT = "tenant-restore";
    private static final String INSTANCE = "restore-instance";
    private static final String SOURCE = "sn://restore.service-now.com";
    private static final List<String> TABLES = List.of("incident", "problem");
    private static final List<String> COLUMNS = List.of("short_description", "state", "priority");
    private static final ResourceScope SCOPE = new ResourceScope(TENANT, INSTANCE, SOURCE);
    private static final String SECRET = "restore-ground-truth-signing-secret";
    private static final int PITS = 20;

    @TempDir
    static Path work;

    private static TestDatabase db;
    private static TestDatabase targetDb;
    private static HikariDataSource target;
    private static GroundTruth truth;
    private static Path truthFile;
    private static KeyringFile keyringFile;
    private static ServiceRuntime service;
    private static RestoreServiceClient client;

    @BeforeAll
    static void captureIndexAndStart() throws Exception {
        Path objects = work.resolve("objects");
        truthFile = work.resolve("truth.jsonl");
        keyringFile = new KeyringFile(work.resolve("keyring.json"));
        var capture = rez("capture", "simulate", "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", String.join(",", TABLES), "--records", "120", "--events", "1500",
                "--start", "2026-11-20T00:00:00Z", "--days", "2", "--seed", "20261207", "--layout", "v1",
                "--partitions", "3", "--no-progress", "--keyring", keyringFile.path().toString(),
                "--truth", truthFile.toString(), "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        truth = GroundTruth.load(truthFile);

        db = TestDatabases.createMigrated("RestoreGroundTruthIT");
        WorkloadSetup.indexOnce(db.jdbcUrl(), objects, SOURCE, "restore", "gen-restore-1", null);

        new PostgresSourceRegistry(db.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "RestoreGroundTruthIT");
        Clock clock = Clock.fixed(truth.header().end().plusSeconds(5), ZoneOffset.UTC);
        service = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv(db.jdbcUrl(), objects)), clock);
        int port = service.start("127.0.0.1", 0);
        String token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(SCOPE, "restore-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE,
                        Capability.RESTORE_OVERRIDE_CAPS)), Duration.ofHours(1)));
        client = new RestoreServiceClient(URI.create("http://127.0.0.1:" + port), () -> token);

        targetDb = TestDatabases.create("RestoreGroundTruthIT_target");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(targetDb.jdbcUrl());
        config.setMaximumPoolSize(4);
        target = new HikariDataSource(config);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (target != null) {
            target.close();
        }
        if (targetDb != null) {
            targetDb.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyRestoreLeavesTheTargetAsTheGroundTruthSaysTheRecordsWereAtThePit() throws Exception {
        Random random = new Random(20261207);
        Keyring keyring = keyringFile.load();
        int checked = 0;
        int pipelined = 0;
        List<Instant> pits = pointsInTime(random);
        for (int i = 0; i < pits.size(); i++) {
            Instant pit = pits.get(i);
            String mode = i % 4 == 1 ? "record" : i % 4 == 3 ? "column" : "table";
            String at = "PIT #" + i + " " + IsoUtc.format(pit) + " (" + mode + ")";
            seedAndDamage(random);
            Map<String, Map<String, Map<String, String>>> before = snapshot();
            // column scope never deletes, so it takes no record created after the PIT (the planner refuses those there)
            List<String> chosen = "table".equals(mode) ? List.of()
                    : chooseRecords(random, pit, mode.equals("record"));

            String planId = "restore-" + i;
            ObjectNode dryRun = dryRun(planId + "-draft", pit, mode, chosen);
            ServiceAnswer draft = client.post("/v1/plans/dry-run", dryRun);
            assertThat(draft.status()).as(at + ": " + draft.describe()).isIn(202, 409);
            if (draft.status() == 409) {
                // a record scope can hold only records created after the PIT: nothing to restore there
                assertThat(draft.reasonCode()).as(at + ": " + draft.describe()).isEqualTo("no_indexed_coverage");
                continue;
            }
            // the operator allows every deletion the draft proposes, under a new plan id (a plan id is immutable)
            ArrayNode decisions = dryRun.putArray("delete_candidates");
            for (JsonNode candidate : draft.body().path("delete_candidates")) {
                decisions.add(((ObjectNode) candidate.deepCopy()).put("decision", "allow_deletion"));
            }
            dryRun.put("plan_id", planId);
            ServiceAnswer decided = client.post("/v1/plans/dry-run", dryRun);
            assertThat(decided.status()).as(at + ": " + decided.describe()).isEqualTo(202);
            try (PostgresTargetWriter writer = new PostgresTargetWriter(target, new BeforeImageSealer(keyring))) {
                PlanReconciler.Reconciled reconciled = new PlanReconciler(client, writer)
                        .reconcile(planId, "restore-operator");
                assertThat(reconciled.answer().body().path("gate").path("executability").asText())
                        .as(at + ": gate " + reconciled.answer().body().path("gate")).isEqualTo("executable");
                String planHash = reconciled.answer().body().path("plan").path("plan_hash").asText();
                ServiceAnswer job = client.post("/v1/jobs", job(planId, planHash));
                assertThat(job.status()).as(at + ": " + job.describe()).isEqualTo(201);
                String jobId = job.body().path("job").path("job_id").asText();
                ServiceAnswer armed = client.post("/v1/jobs/" + jobId + "/execution",
                        Json.mapper().createObjectNode());
                if (armed.status() == 403 && armed.body().path("message").asText().contains("elevated confirmation")) {
                    // many skipped rows (column scope skips records the target lacks): an operator confirms
                    ObjectNode confirmed = Json.mapper().createObjectNode();
                    confirmed.putObject("elevated_confirmation").put("confirmed", true)
                            .put("confirmation", "RESTORE").put("reason", "ground-truth test " + at);
                    armed = client.post("/v1/jobs/" + jobId + "/execution", confirmed);
                }
                assertThat(armed.status()).as(at + ": " + armed.describe()).isEqualTo(202);
                ClaimOrder order = new ClaimOrder();
                RestoreAgent agent = new RestoreAgent(client, order.around(writer), keyring,
                        new AgentOptions(25, Duration.ofMillis(10), Duration.ofMillis(50), true),
                        order, duration -> { });
                JobRun run = agent.run(jobId);
                assertThat(run.status()).as(at + ": " + run).isEqualTo("completed");
                assertThat(run.failed()).as(at).isZero();
                // pipelined (S71): commits come back in the order the claims were applied, each claim once
                assertThat(order.committed()).as(at).containsExactlyElementsOf(order.applied());
                pipelined += order.pipelined();
            }
            checked += verify(at, pit, mode, chosen, before, snapshot());
        }
        assertThat(checked).as("records checked against the ground truth").isGreaterThan(500);
        assertThat(pipelined).as("claims applied while the previous commit was in flight").isPositive();
    }

    /** The target at the workload's final state, then damaged: some records deleted, some fields overwritten. */
    private static void seedAndDamage(Random random) throws SQLException {
        new TargetSeeder(target, PostgresTargetWriter.DEFAULT_SCHEMA)
                .seed(new SeedRequest(truthFile, keyringFile, Optional.empty(), true));
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                int salt = random.nextInt(1000);
                statement.executeUpdate("DELETE FROM " + table + " WHERE abs(hashtext(sys_id || '" + salt
                        + "')) % 7 = 0");
                statement.executeUpdate("UPDATE " + table + " SET short_description = 'CORRUPTED', state = '99'"
                        + " WHERE abs(hashtext(sys_id || '" + (salt + 1) + "')) % 5 = 0");
            }
        }
    }

    /** Every row of the restored tables: table → sys_id → column → value. */
    private static Map<String, Map<String, Map<String, String>>> snapshot() throws SQLException {
        Map<String, Map<String, Map<String, String>>> tables = new TreeMap<>();
        try (Connection connection = target.getConnection()) {
            for (String table : TABLES) {
                Map<String, Map<String, String>> rows = new TreeMap<>();
                try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table);
                     ResultSet result = statement.executeQuery()) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        Map<String, String> row = new TreeMap<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            row.put(meta.getColumnName(c), result.getString(c));
                        }
                        rows.put(row.get("sys_id"), row);
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /**
     * Checks the target after one restore; returns how many records were checked.
     * <ul>
     *   <li>table scope: every record of the tables is as the truth says at the PIT (present with its fields, or
     *       absent);</li>
     *   <li>record scope: the chosen records likewise, every other record untouched;</li>
     *   <li>column scope: the chosen records that existed at the PIT and are on the target have the PIT's values in
     *       the chosen columns and their other columns untouched; everything else untouched.</li>
     * </ul>
     */
    private static int verify(String at, Instant pit, String mode, List<String> chosen,
                              Map<String, Map<String, Map<String, String>>> before,
                              Map<String, Map<String, Map<String, String>>> after) {
        int checked = 0;
        for (String table : TABLES) {
            Map<String, Map<String, String>> was = before.get(table);
            Map<String, Map<String, String>> now = after.get(table);
            java.util.Set<String> ids = new java.util.TreeSet<>(was.keySet());
            ids.addAll(now.keySet());
            truth.recordRefs().stream().filter(ref -> ref.table().equals(table)).forEach(ref -> ids.add(ref.sysId()));
            for (String id : ids) {
                String where = at + " " + table + "/" + id;
                boolean inScope = mode.equals("table") || chosen.contains(id);
                RecordState state = truth.stateAt(table, id, pit);
                if (!inScope) {
                    assertThat(now.get(id)).as(where + " is outside the scope: untouched").isEqualTo(was.get(id));
                    continue;
                }
                if (mode.equals("column")) {
                    // column scope restores the columns of the version at the PIT onto a record the target has,
                    // also when that version is the record's deletion (its last known values)
                    Optional<RecordVersion> version = versionAt(table, id, pit);
                    if (version.isPresent() && was.containsKey(id)) {
                        Map<String, String> expected = new TreeMap<>(was.get(id));
                        for (String column : COLUMNS) {
                            if (version.get().record().has(column)) {
                                expected.put(column, text(version.get().record().get(column)));
                            }
                        }
                        assertThat(now.get(id)).as(where + ": the PIT's values in the chosen columns only")
                                .isEqualTo(expected);
                    } else {
                        assertThat(now.get(id)).as(where + ": column scope neither inserts nor deletes")
                                .isEqualTo(was.get(id));
                    }
                    checked++;
                    continue;
                }
                if (state instanceof RecordState.Existing existing) {
                    assertThat(now).as(where + " existed at the PIT").containsKey(id);
                    existing.record().properties().forEach(field -> assertThat(now.get(id).get(field.getKey()))
                            .as(where + " field " + field.getKey()).isEqualTo(text(field.getValue())));
                } else {
                    assertThat(now).as(where + " did not exist at the PIT (" + state + ")").doesNotContainKey(id);
                }
                checked++;
            }
        }
        return checked;
    }

    /** The newest version at or before {@code time}, a deletion included. */
    private static Optional<RecordVersion> versionAt(String table, String sysId, Instant time) {
        RecordVersion current = null;
        for (GroundTruth.Interval interval : truth.intervals(table, sysId)) {
            if (interval.from().isAfter(time)) {
                break;
            }
            current = interval.version();
        }
        return Optional.ofNullable(current);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Up to ten incident sys_ids: records that existed at the PIT and, if asked, two created after it. */
    private static List<String> chooseRecords(Random random, Instant pit, boolean withLater) {
        List<String> existed = new ArrayList<>();
        List<String> later = new ArrayList<>();
        truth.recordRefs().stream().filter(ref -> ref.table().equals("incident")).forEach(ref -> {
            if (truth.stateAt("incident", ref.sysId(), pit).exists()) {
                existed.add(ref.sysId());
            } else if (!truth.stateAt("incident", ref.sysId(), truth.header().end()).exists()) {
                return; // created after the PIT and deleted since: nothing on either side
            } else {
                later.add(ref.sysId());
            }
        });
        java.util.Collections.shuffle(existed, random);
        java.util.Collections.shuffle(later, random);
        List<String> chosen = new ArrayList<>(existed.subList(0, Math.min(8, existed.size())));
        if (withLater) {
            chosen.addAll(later.subList(0, Math.min(2, later.size())));
        }
        return chosen;
    }

    private static List<Instant> pointsInTime(Random random) {
        Instant start = truth.header().start();
        long span = Duration.between(start, truth.header().end()).toMillis();
        List<Instant> pits = new ArrayList<>();
        while (pits.size() < PITS) {
            // from a tenth into the workload (most records exist) to its end
            pits.add(start.plusMillis(span / 10 + (long) (random.nextDouble() * span * 0.9))
                    .truncatedTo(ChronoUnit.MILLIS));
        }
        return pits;
    }

    private static ObjectNode dryRun(String planId, Instant pit, String mode, List<String> chosen) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("requested_by", "restore-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode scope = body.putObject("scope").put("mode", mode);
        if (mode.equals("table")) {
            TABLES.forEach(scope.putArray("tables")::add);
        } else {
            scope.putArray("tables").add("incident");
            chosen.forEach(scope.putArray("record_sys_ids")::add);
        }
        if (mode.equals("column")) {
            COLUMNS.forEach(scope.putArray("columns")::add);
        }
        body.putObject("execution_options").put("missing_row_mode", "explicit_insert")
                .put("conflict_policy", "review_required").put("schema_compatibility_mode", "compatible_only")
                .put("workflow_mode", "suppressed_default");
        return body;
    }

    private static ObjectNode job(String planId, String planHash) {
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("plan_hash", planHash).put("requested_by", "restore-operator");
        job.putArray("lock_scope_tables").add("incident");
        job.putArray("required_capabilities").add("restore_execute");
        return job;
    }

    private static Map<String, String> serviceEnv(String pgUrl, Path objects) {
        // a finished synthetic workload: its last events are minutes old when the clock reads its end
        return WorkloadSetup.serviceEnv(pgUrl, objects, SECRET, Map.of("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "86400"));
    }

}
