package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.GroundTruth.RecordRef;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.capture.truth.RecordVersion;
import io.rezilient.restore.contracts.ids.RowIds;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.plan.PlanHash;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restored-state correctness end to end: a seeded synthetic workload is captured, indexed by the real indexer into a
 * migrated database, and planned by the restore service in process over HTTP; for 20 seeded points in time a
 * table-scope dry-run over every table must resolve exactly the records the ground truth says had a version at T,
 * to the version the ground truth names, and offer exactly the records created later (and not deleted since) as
 * delete candidates. One plan is then finalised against the ground truth's final state.
 */
class PlanGroundTruthIT {
    private static final String TENANT = "tenant-truth";
    private static final String INSTANCE = "truth-instance";
    private static final String SOURCE = "sn://truth.service-now.com";
    private static final List<String> TABLES = List.of("incident", "problem", "cmdb_ci", "sys_attachment");
    private static final ResourceScope SCOPE = new ResourceScope(TENANT, INSTANCE, SOURCE);
    private static final String SECRET = "plan-ground-truth-signing-secret";
    private static final int PITS = 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static TestDatabase db;
    private static GroundTruth truth;
    private static ServiceRuntime service;
    private static int port;
    private static String token;

    @BeforeAll
    static void captureIndexAndStart() throws Exception {
        Path objects = work.resolve("objects");
        Path truthFile = work.resolve("truth.jsonl");
        var capture = rez("capture", "simulate", "--tenant", TENANT, "--instance", INSTANCE, "--source", SOURCE,
                "--tables", String.join(",", TABLES), "--records", "300", "--events", "3000",
                "--start", "2026-11-20T00:00:00Z", "--days", "2", "--seed", "20261124", "--layout", "v2",
                "--partitions", "3", "--no-progress", "--keyring", work.resolve("keyring.json").toString(),
                "--truth", truthFile.toString(), "--out", objects.toString());
        assertThat(capture.exitCode()).as(capture.output()).isZero();
        truth = GroundTruth.load(truthFile);

        db = TestDatabases.createMigrated("PlanGroundTruthIT");
        WorkloadSetup.indexOnce(db.jdbcUrl(), objects, SOURCE, "truth", "gen-truth-1", "v2_primary");

        new PostgresSourceRegistry(db.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "PlanGroundTruthIT");
        // right after the workload's end, so every partition's watermark is fresh
        Clock clock = Clock.fixed(truth.header().end().plusSeconds(5), ZoneOffset.UTC);
        service = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv(db.jdbcUrl(), objects)), clock);
        port = service.start("127.0.0.1", 0);
        token = DevTokenIssuer.hs256(SECRET, clock).issue(TokenRequest.rrs(SCOPE, "truth-operator",
                Optional.of(Set.of(Capability.RESTORE_EXECUTE)), Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyDryRunResolvesEachRecordToItsGroundTruthVersionAtThePit() throws Exception {
        List<Instant> pits = pointsInTime();
        int finalizeAt = PITS / 2;
        int checkedResolutions = 0;
        int checkedDeleteCandidates = 0;
        for (int i = 0; i < pits.size(); i++) {
            Instant pit = pits.get(i);
            String planId = "truth-plan-" + i;
            String missingRowMode = i == finalizeAt ? "explicit_insert" : "existing_only";
            HttpResponse<String> response = post("/v1/plans/dry-run", dryRun(planId, pit, missingRowMode));
            String at = "PIT #" + i + " " + IsoUtc.format(pit);
            assertThat(response.statusCode()).as(at + ": " + abbreviate(response.body())).isEqualTo(202);
            JsonNode draft = Json.parse(response.body());

            Map<RecordRef, String> expectedWinners = new HashMap<>();
            Set<RecordRef> expectedDeleteCandidates = new HashSet<>();
            for (RecordRef ref : truth.recordRefs()) {
                Optional<RecordVersion> atPit = versionAt(ref, pit);
                if (atPit.isPresent()) {
                    expectedWinners.put(ref, atPit.get().eventId());
                } else if (!latest(ref).isDelete()) {
                    // created after T and not deleted since: the record's own events decide, never its
                    // attachments' media events (removing an attachment does not delete the record)
                    expectedDeleteCandidates.add(ref);
                }
            }

            Map<RecordRef, String> actualWinners = new HashMap<>();
            for (JsonNode resolution : draft.path("pit_resolutions")) {
                RecordRef ref = new RecordRef(resolution.path("table").asText(),
                        resolution.path("record_sys_id").asText());
                String previous = actualWinners.put(ref, resolution.path("winning_event_id").asText());
                assertThat(previous).as(at + ": a second pit_resolution for " + ref).isNull();
                Optional<RecordVersion> winner = versionAt(ref, pit);
                if (winner.isPresent()) {
                    assertThat(resolution.path("winning_event_time").asText()).as(at + " " + ref)
                            .isEqualTo(IsoUtc.format(winner.get().eventTime()));
                    if (resolution.hasNonNull("winning_sys_mod_count")) {
                        assertThat(resolution.path("winning_sys_mod_count").asLong()).as(at + " " + ref)
                                .isEqualTo(winner.get().sysModCount());
                    }
                }
            }
            assertThat(actualWinners).as(at + ": the PIT winner of every record with a version at or before T; "
                            + "missing " + describe(difference(expectedWinners.keySet(), actualWinners.keySet()))
                            + ", unexpected " + describe(difference(actualWinners.keySet(), expectedWinners.keySet())))
                    .containsExactlyInAnyOrderEntriesOf(expectedWinners);
            checkedResolutions += actualWinners.size();

            Set<RecordRef> actualDeleteCandidates = new HashSet<>();
            for (JsonNode candidate : draft.path("delete_candidates")) {
                RecordRef ref = new RecordRef(candidate.path("table").asText(),
                        candidate.path("record_sys_id").asText());
                assertThat(actualDeleteCandidates.add(ref)).as(at + ": a second delete candidate for " + ref).isTrue();
                assertThat(candidate.path("candidate_id").asText()).as(at + " " + ref)
                        .isEqualTo("delete." + RowIds.rowId(ref.table(), ref.sysId()));
            }
            assertThat(actualDeleteCandidates).as(at + ": the records created after T that still exist; missing "
                            + describe(difference(expectedDeleteCandidates, actualDeleteCandidates)) + ", unexpected "
                            + describe(difference(actualDeleteCandidates, expectedDeleteCandidates)))
                    .containsExactlyInAnyOrderElementsOf(expectedDeleteCandidates);
            checkedDeleteCandidates += actualDeleteCandidates.size();

            Set<RecordRef> toReconcile = new HashSet<>();
            for (JsonNode record : draft.path("target_reconciliation_records")) {
                toReconcile.add(new RecordRef(record.path("table").asText(), record.path("record_sys_id").asText()));
            }
            assertThat(toReconcile).as(at + ": target_reconciliation_records are the plan's rows")
                    .isEqualTo(expectedWinners.keySet());

            if (i == finalizeAt) {
                finalizeAgainstTheFinalState(planId, draft);
            }
        }
        assertThat(checkedResolutions).as("resolutions checked over all PITs").isGreaterThan(PITS * 10);
        assertThat(checkedDeleteCandidates).as("delete candidates checked over all PITs").isPositive();
    }

    /** The target is the source at the workload's end: a record is there unless the workload deleted it. */
    private static void finalizeAgainstTheFinalState(String planId, JsonNode draft) throws Exception {
        Instant end = truth.header().end().plusSeconds(1);
        ObjectNode body = Json.mapper().createObjectNode().put("finalized_by", "truth-operator");
        ArrayNode records = body.putArray("reconciled_records");
        for (JsonNode record : draft.path("target_reconciliation_records")) {
            String table = record.path("table").asText();
            String sysId = record.path("record_sys_id").asText();
            boolean exists = truth.stateAt(table, sysId, end) instanceof RecordState.Existing;
            records.addObject().put("table", table).put("record_sys_id", sysId)
                    .put("target_state", exists ? "exists" : "missing");
        }
        HttpResponse<String> response = post("/v1/plans/" + planId + "/target-reconciliation/finalize", body);
        assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(201);
        JsonNode finalized = Json.parse(response.body());
        assertThat(finalized.path("reconciliation_state").asText()).isEqualTo("finalized");
        assertThat(finalized.path("finalized_record_count").asLong()).isEqualTo(records.size());
        String planHash = finalized.path("plan").path("plan_hash").asText();
        assertThat(planHash).isEqualTo(PlanHash.compute(finalized.path("plan_hash_input")).planHash());

        HttpResponse<String> stored = get("/v1/plans/" + planId);
        assertThat(stored.statusCode()).as(abbreviate(stored.body())).isEqualTo(200);
        assertThat(Json.parse(stored.body()).path("plan").path("plan_hash").asText()).isEqualTo(planHash);
    }

    /**
     * {@value #PITS} seeded points spread over the workload (and a little before it), one exactly at an event
     * time; most fall before some records' first event.
     */
    private static List<Instant> pointsInTime() {
        Random random = new Random(424242);
        Instant start = truth.header().start();
        Instant end = truth.header().end();
        long spanMillis = Duration.between(start, end).toMillis();
        List<Instant> pits = new ArrayList<>();
        // before most records' first event: a few percent into the workload
        pits.add(start.plusMillis(spanMillis / 50).truncatedTo(ChronoUnit.SECONDS));
        // exactly at an event time (an update of some record, to the millisecond)
        List<RecordVersion> versions = truth.records();
        RecordVersion exact = versions.get(versions.size() / 3 + random.nextInt(versions.size() / 3));
        pits.add(exact.eventTime());
        while (pits.size() < PITS) {
            pits.add(start.plusMillis((long) (random.nextDouble() * spanMillis)).truncatedTo(ChronoUnit.MILLIS));
        }
        return pits;
    }

    /** The newest version at or before {@code time} (a delete included), empty before the record's first event. */
    private static Optional<RecordVersion> versionAt(RecordRef ref, Instant time) {
        RecordVersion current = null;
        for (GroundTruth.Interval interval : truth.intervals(ref.table(), ref.sysId())) {
            if (interval.from().isAfter(time)) {
                break;
            }
            current = interval.version();
        }
        return Optional.ofNullable(current);
    }

    private static Set<RecordRef> difference(Set<RecordRef> a, Set<RecordRef> b) {
        Set<RecordRef> left = new HashSet<>(a);
        left.removeAll(b);
        return left;
    }

    /** A record's history as the ground truth has it, for failure messages. */
    private static String describe(Set<RecordRef> refs) {
        StringBuilder text = new StringBuilder("[");
        for (RecordRef ref : refs) {
            text.append("\n  ").append(ref.table()).append('/').append(ref.sysId()).append(':');
            for (GroundTruth.Interval interval : truth.intervals(ref.table(), ref.sysId())) {
                RecordVersion v = interval.version();
                text.append(' ').append(v.op()).append('@').append(IsoUtc.format(v.eventTime())).append('#')
                        .append(v.sysModCount()).append('(').append(v.eventId()).append(')');
            }
        }
        truth.media().stream().filter(m -> refs.stream().anyMatch(r -> r.sysId().equals(m.recordSysId())
                        || r.sysId().equals(m.attachmentSysId())))
                .forEach(m -> text.append("\n  media ").append(m.op()).append('@')
                        .append(IsoUtc.format(m.eventTime())).append(" attachment ").append(m.attachmentSysId())
                        .append(" of ").append(m.table()).append('/').append(m.recordSysId()));
        return text.append(refs.isEmpty() ? "]" : "\n]").toString();
    }

    private static RecordVersion latest(RecordRef ref) {
        return truth.intervals(ref.table(), ref.sysId()).getLast().version();
    }

    private static ObjectNode dryRun(String planId, Instant pit, String missingRowMode) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", TENANT).put("instance_id", INSTANCE).put("source", SOURCE).put("plan_id", planId)
                .put("requested_by", "truth-operator");
        ObjectNode pitNode = body.putObject("pit");
        pitNode.put("restore_time", IsoUtc.format(pit)).put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE)
                .put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pitNode.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pitNode.putArray("tie_breaker_fallback")::add);
        ObjectNode scope = body.putObject("scope").put("mode", "table");
        TABLES.forEach(scope.putArray("tables")::add);
        body.putObject("execution_options").put("missing_row_mode", missingRowMode)
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

    private static String abbreviate(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }

    private static Map<String, String> serviceEnv(String pgUrl, Path objects) {
        return WorkloadSetup.serviceEnv(pgUrl, objects, SECRET, Map.of());
    }

}
