package io.rezilient.restore.service.locks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reference's {@code lock_manager} vectors, checked against {@link PostgresLockManager} on a real PostgreSQL.
 * The family is informative (our lock queue differs on purpose), so every case is classified here: it either
 * {@link #AGREEING agrees} step by step, result and state, with the reference, or it has a test annotated
 * {@link Deviates} that pins our behaviour, shows where it differs from the reference's expectation and names the
 * row of docs/deviations.md. A case in the file that is neither fails {@link #everyVectorCaseIsClassifiedOnce}.
 *
 * <p>Representation mapping for agreeing cases (see {@link LockVectorHarness}): an absent source runs on a fixed
 * placeholder source and is shown absent again; our refusal wording is replaced by the reference's where the cause is
 * the same; {@code released} is read from the rows, since our release reports only the promoted jobs.
 */
class LockManagerConformanceIT {
    /** Cases whose every step gives the reference's result and state. */
    private static final Set<String> AGREEING = Set.of(
            "non_overlapping_run_in_parallel",
            "different_tenant_instance_source_do_not_conflict",
            "empty_tables_rejected",
            "reacquire_running_job_rejected",
            "release_queued_job_dequeues_it",
            "blocking_locks_empty_tables_error",
            "non_ascii_tables_and_ids");

    /** Marks the test that pins our behaviour for a vector case we deliberately do not follow. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Deviates {
        /** The vector case's name. */
        String vectorCase();

        /** The rows of docs/deviations.md that explain the difference. */
        String[] rows();
    }

    private static final String WRITER_LOGIN = "rez_it_lockconf_rw_"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path DEVIATIONS = Path.of("..", "docs", "deviations.md");

    private static TestDatabase db;
    private static LockVectorHarness harness;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("LockManagerConformanceIT");
        harness = new LockVectorHarness(db.createLogin(WRITER_LOGIN, RestoreSchemas.SERVICE_RW_ROLE),
                db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
        db.dropLogin(WRITER_LOGIN);
    }

    @BeforeEach
    void startFromAnEmptyManager() throws SQLException {
        harness.clear();
    }

    // ---- classification ----

    private static Map<String, Deviates> deviatingCases() {
        return Arrays.stream(LockManagerConformanceIT.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(Deviates.class))
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(Deviates::vectorCase, Function.identity())); // a duplicate throws
    }

    @Test
    void everyVectorCaseIsClassifiedOnce() {
        Set<String> inFile = LockVectors.load().keySet();
        Set<String> deviating = deviatingCases().keySet();

        assertThat(AGREEING).as("agreeing and deviating at once").doesNotContainAnyElementsOf(deviating);
        Set<String> classified = new TreeSet<>(AGREEING);
        classified.addAll(deviating);
        assertThat(new TreeSet<>(inFile)).as("cases of %s vs classified cases", LockVectors.FILE)
                .isEqualTo(classified);
    }

    @Test
    void everyDeviationNamesARowOfDocsDeviations() throws IOException {
        String table = Files.readString(DEVIATIONS);
        Set<String> rows = new HashSet<>();
        deviatingCases().values().forEach(d -> rows.addAll(List.of(d.rows())));

        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(table).contains("\n| " + row + " |"));
    }

    static List<String> agreeingCases() {
        return new ArrayList<>(new TreeSet<>(AGREEING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agreeingCases")
    void agreeingCaseGivesTheReferenceResultAndStateAfterEveryStep(String name) throws SQLException {
        LockVectors.Case vectorCase = LockVectors.get(name);
        List<ObjectNode> ours = harness.runAll(vectorCase);

        for (int i = 0; i < ours.size(); i++) {
            assertThat(LockVectorHarness.inReferenceWording(ours.get(i)))
                    .as("%s step %d %s", name, i, vectorCase.step(i))
                    .isEqualTo(vectorCase.expected(i));
        }
    }

    // ---- deliberate disagreements: our behaviour, and where it leaves the reference's ----

    /** Head-of-line fairness: job-3 wants task, which older queued job-2 waits for, so it queues behind it. */
    @Test
    @Deviates(vectorCase = "queued_jobs_do_not_block_new_acquires", rows = "S25")
    void aNewcomerDoesNotOvertakeAnOlderQueuedJob() throws SQLException {
        LockVectors.Case c = LockVectors.get("queued_jobs_do_not_block_new_acquires");
        List<ObjectNode> ours = harness.runAll(c);

        assertSameAsReference(c, ours, 0, 1);
        assertThat(ours.get(2).get("result")).isEqualTo(json("""
                {"state": "queued", "reasonCode": "queued_scope_lock", "blockedTables": ["task"],
                 "queuePosition": 2}""")).isNotEqualTo(c.expected(2).get("result"));
        assertThat(c.expected(2).at("/result/state").asText()).isEqualTo("running");
        // releasing job-1 frees incident, so the head job-2 starts; the reference had nothing left to promote
        assertThat(ours.get(3).get("result")).isEqualTo(json("""
                {"released": true, "promoted": [{"jobId": "job-2", "reasonCode": "none"}]}"""))
                .isNotEqualTo(c.expected(3).get("result"));
        // job-3 never ran: releasing it only leaves the queue; both end with job-2 running alone
        assertThat(ours.get(4).get("result")).isEqualTo(json("""
                {"released": false, "promoted": []}""")).isNotEqualTo(c.expected(4).get("result"));
        assertThat(ours.get(4).get("state")).isEqualTo(c.expected(4).get("state"));
    }

    /** Jobs always have a source, used exactly as stored: blank is refused, " sn://x " is not "sn://x". */
    @Test
    @Deviates(vectorCase = "source_normalization_blank_equals_absent", rows = "S32")
    void aSourceIsRequiredAndTakenExactly() throws SQLException {
        LockVectors.Case c = LockVectors.get("source_normalization_blank_equals_absent");
        List<ObjectNode> ours = harness.runAll(c);

        assertSameAsReference(c, ours, 0);
        assertThat(ours.get(1).get("error").asText()).isEqualTo("source must not be blank");
        assertThat(c.expected(1).at("/result/state").asText()).isEqualTo("queued");
        assertThat(ours.get(1).get("state")).isEqualTo(c.expected(0).get("state"));
        assertThat(ours.get(2).get("result")).isEqualTo(c.expected(2).get("result"));
        assertThat(ours.get(2).at("/state/running_jobs/1/source").asText()).isEqualTo(" sn://x ");
        assertThat(c.expected(2).at("/state/running_jobs/1/source").asText()).isEqualTo("sn://x");
        // job-4 on "sn://x" shares no scope with job-3 on " sn://x "
        assertThat(ours.get(3).at("/result/state").asText()).isEqualTo("running");
        assertThat(c.expected(3).at("/result/state").asText()).isEqualTo("queued");
        // and the database itself has no blank source: the identifier domain refuses one
        assertThatThrownBy(() -> harness.inTransaction(conn -> {
            try (PreparedStatement statement = conn.prepareStatement(
                    "INSERT INTO rez_restore.lock_holds VALUES ('t', 'i', '   ', 'incident', 'job-x', now())")) {
                return statement.executeUpdate();
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("identifier_not_blank");
    }

    /** Tables sort by String (byte-wise) order, the database's canonical order, not by ICU localeCompare. */
    @Test
    @Deviates(vectorCase = "table_normalization_trim_dedupe_sort", rows = "S33")
    void tablesSortInStringOrder() throws SQLException {
        LockVectors.Case c = LockVectors.get("table_normalization_trim_dedupe_sort");
        List<ObjectNode> ours = harness.runAll(c);

        assertThat(ours.get(0).get("result")).isEqualTo(c.expected(0).get("result"));
        List<String> ourTables = LockVectorHarness.strings(ours.get(0).at("/state/running_jobs/0/tables"));
        List<String> referenceTables = LockVectorHarness.strings(c.expected(0).at("/state/running_jobs/0/tables"));
        assertThat(ourTables).containsExactly("CMDB_CI", "Incident", "a-b", "a_b", "cmdb_ci", "incident", "task")
                .containsExactlyInAnyOrderElementsOf(referenceTables).isNotEqualTo(referenceTables);
        ObjectNode sameOrder = ours.get(0).deepCopy();
        ((ObjectNode) sameOrder.at("/state/running_jobs/0")).set("tables", LockVectorHarness.array(referenceTables));
        assertThat(sameOrder).as("everything but the order").isEqualTo(c.expected(0));
        // blockers compare exactly and case-sensitively in both; only the state still shows the order
        assertThat(ours.get(1).get("result")).isEqualTo(c.expected(1).get("result"));
        assertThat(ours.get(1).get("state")).isEqualTo(ours.get(0).get("state"));
    }

    /** A job has one lock request: re-acquiring a waiting job is refused rather than queued twice. */
    @Test
    @Deviates(vectorCase = "reacquire_queued_job_duplicates_queue_entry", rows = "S34")
    void reacquiringAWaitingJobIsRefused() throws SQLException {
        LockVectors.Case c = LockVectors.get("reacquire_queued_job_duplicates_queue_entry");
        List<ObjectNode> ours = harness.runAll(c);

        assertSameAsReference(c, ours, 0, 1);
        assertThat(ours.get(2).get("error").asText()).isEqualTo("job job-2 already holds or waits for scope locks");
        assertThat(c.expected(2).has("result")).isTrue();
        assertThat(ours.get(2).get("state")).isEqualTo(c.expected(1).get("state"))
                .isNotEqualTo(c.expected(2).get("state"));
        assertThat(ours.get(3).get("result")).isEqualTo(c.expected(3).get("result"));
        // the promotion is the same, but no phantom second entry of job-2 stays queued
        assertThat(ours.get(4).get("result")).isEqualTo(c.expected(4).get("result"));
        assertThat(ours.get(4).get("state")).isEqualTo(json("""
                {"running_jobs": [{"jobId": "job-2", "tenantId": "tenant-acme", "instanceId": "sn-dev-01",
                                   "tables": ["incident"], "reasonCode": "none"}],
                 "queued_jobs": []}""")).isNotEqualTo(c.expected(4).get("state"));
    }

    /** No dequeue: releasing a queued job is how it leaves the queue (S27), reporting promotions, not a boolean. */
    @Test
    @Deviates(vectorCase = "dequeue_then_release", rows = {"S35", "S27"})
    void leavingTheQueueIsARelease() throws SQLException {
        LockVectors.Case c = LockVectors.get("dequeue_then_release");
        assertThat(publicMethodNames()).doesNotContain("dequeue", "loadState", "exportState");

        List<ObjectNode> ours = new ArrayList<>();
        for (JsonNode step : c.steps()) {
            JsonNode asOurs = "dequeue".equals(step.get("op").asText())
                    ? ((ObjectNode) step.deepCopy()).put("op", "release") : step;
            ours.add(harness.run(asOurs));
        }

        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).get("state")).as("state after step %d", i).isEqualTo(c.expected(i).get("state"));
        }
        JsonNode nothingReleased = json("""
                {"released": false, "promoted": []}""");
        assertThat(ours.get(2).get("result")).isEqualTo(nothingReleased).isNotEqualTo(c.expected(2).get("result"));
        assertThat(ours.get(3).get("result")).isEqualTo(nothingReleased).isNotEqualTo(c.expected(3).get("result"));
        assertThat(c.expected(2).get("result").isBoolean()).isTrue();
        assertSameAsReference(c, ours, 0, 1, 4);
    }

    /**
     * No load_state: the state is the rows. Writing the snapshot as rows gives the same state, but our queue is per
     * (tenant, instance, source): job-4 is second in its scope, and releasing job-1 of scope sn://acme does not look
     * at job-3 of the absent-source scope.
     */
    @Test
    @Deviates(vectorCase = "load_state_then_promote", rows = {"S35", "S26"})
    void aSnapshotWrittenAsRowsQueuesPerScope() throws SQLException {
        LockVectors.Case c = LockVectors.get("load_state_then_promote");
        harness.inTransaction(conn -> {
            harness.writeStateAsRows(conn, c.step(0).get("state"));
            return null;
        });
        assertThat(harness.state()).isEqualTo(c.expected(0).get("state"));

        ObjectNode acquire = harness.run(c.step(1));
        assertThat(acquire.get("result")).isEqualTo(json("""
                {"state": "queued", "reasonCode": "queued_scope_lock", "blockedTables": ["incident"],
                 "queuePosition": 2}""")).isNotEqualTo(c.expected(1).get("result"));
        assertThat(acquire.get("state")).isEqualTo(c.expected(1).get("state"));

        ObjectNode release = harness.run(c.step(2));
        assertThat(release.get("result")).isEqualTo(json("""
                {"released": true, "promoted": [{"jobId": "job-2", "reasonCode": "none"},
                                                {"jobId": "job-4", "reasonCode": "none"}]}"""))
                .isNotEqualTo(c.expected(2).get("result"));
        assertThat(release.at("/state/queued_jobs/0/jobId").asText()).isEqualTo("job-3");
    }

    /** Loading is a transaction: a duplicate job is refused by the jobs primary key and nothing of it is visible. */
    @Test
    @Deviates(vectorCase = "load_state_duplicate_running_job_error", rows = "S35")
    void aFailedLoadLeavesNothingBehind() throws SQLException {
        LockVectors.Case c = LockVectors.get("load_state_duplicate_running_job_error");
        assertSameAsReference(c, List.of(harness.run(c.step(0))), 0);

        assertThatThrownBy(() -> harness.inTransaction(conn -> {
            harness.writeStateAsRows(conn, c.step(1).get("state"));
            return null;
        })).isInstanceOf(SQLException.class).hasMessageContaining("jobs_pk");

        assertThat(harness.state()).isEqualTo(c.expected(0).get("state")).isNotEqualTo(c.expected(1).get("state"));
    }

    /** Two holders of one key are impossible: the lock_holds primary key refuses the second, atomically. */
    @Test
    @Deviates(vectorCase = "load_state_duplicate_lock_error", rows = {"S35", "S32"})
    void theDatabaseRefusesADuplicateHold() throws SQLException {
        LockVectors.Case c = LockVectors.get("load_state_duplicate_lock_error");
        JsonNode snapshot = c.step(0).get("state");
        // as written, job-2's blank source is refused before anything is stored
        assertThatThrownBy(() -> harness.inTransaction(conn -> {
            harness.writeStateAsRows(conn, snapshot);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("source must not be blank");

        // read the reference's way (blank = absent), both jobs want the same key
        JsonNode absentSources = snapshot.deepCopy();
        absentSources.get("running_jobs").forEach(entry -> ((ObjectNode) entry).remove("source"));
        assertThatThrownBy(() -> harness.inTransaction(conn -> {
            harness.writeStateAsRows(conn, absentSources);
            return null;
        })).isInstanceOf(SQLException.class).hasMessageContaining("lock_holds_pk")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));

        assertThat(harness.state()).isEqualTo(json("""
                {"running_jobs": [], "queued_jobs": []}""")).isNotEqualTo(c.expected(0).get("state"));
    }

    // ---- our additions the vectors do not reach ----

    /** A newcomer's blockers include queued jobs' tables (it would queue behind them); the reference's do not. */
    @Test
    void blockersOfANewcomerIncludeTablesOfQueuedJobs() throws SQLException {
        LockVectors.Case c = LockVectors.get("queued_jobs_do_not_block_new_acquires");
        harness.run(c.step(0));
        harness.run(c.step(1)); // job-2 waits for incident (held by job-1) and task (free)

        Blockers blockers = harness.inTransaction(conn -> harness.locks().blockingFor(conn, "tenant-acme",
                "sn-dev-01", LockVectorHarness.ABSENT_SOURCE, List.of("task", " incident ")));

        assertThat(blockers).isEqualTo(new Blockers(List.of("incident", "task"), List.of("job-1", "job-2")));
        Blockers otherSource = harness.inTransaction(conn -> harness.locks().blockingFor(conn, "tenant-acme",
                "sn-dev-01", "sn://other", List.of("task")));
        assertThat(otherSource).isEqualTo(Blockers.none());
    }

    private static void assertSameAsReference(LockVectors.Case c, List<ObjectNode> ours, int... steps) {
        for (int step : steps) {
            assertThat(LockVectorHarness.inReferenceWording(ours.get(step)))
                    .as("%s step %d %s", c.name(), step, c.step(step)).isEqualTo(c.expected(step));
        }
    }

    private static Set<String> publicMethodNames() {
        return Arrays.stream(PostgresLockManager.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
