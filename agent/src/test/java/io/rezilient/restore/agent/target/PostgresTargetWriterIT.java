package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.crypto.TestKeyrings;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL target writer against a real server. Every test gets its own target schema holding an
 * {@code incident} table with records a, b and e, and a trigger that logs every write to it, so a test can count
 * how often the writer really wrote a record.
 */
class PostgresTargetWriterIT {
    private static final String INSTANCE = "acme-dev";
    private static final String SOURCE = "sn://acme-dev.service-now.com";
    private static final String PLAN_HASH = "c0ffee".repeat(10) + "abcd";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static TestDatabase database;
    private static TargetDatabase target;
    private static final BeforeImageSealer SEALER = new BeforeImageSealer(TestKeyrings.twoTenants());

    private String schema;
    private ObjectNode preA;
    private ObjectNode preB;
    private ObjectNode preE;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.create("PostgresTargetWriterIT");
        target = new TargetDatabase(database.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void createTarget() {
        schema = "target_" + SCHEMAS.incrementAndGet();
        target.execute("CREATE SCHEMA " + schema,
                "CREATE TABLE " + schema + ".incident (sys_id TEXT PRIMARY KEY, number TEXT, short_description TEXT,"
                        + " priority TEXT, state TEXT)",
                "INSERT INTO " + schema + ".incident VALUES ('a', 'INC001', 'printer on fire', '1', 'new'),"
                        + " ('b', 'INC002', 'mail is down', '2', 'in_progress'), ('e', 'INC005', 'vpn flaps', '3', 'new')",
                "CREATE TABLE " + schema + ".write_log (sys_id TEXT, op TEXT)",
                "CREATE FUNCTION " + schema + ".log_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF TG_OP = 'DELETE' THEN INSERT INTO " + schema + ".write_log VALUES (OLD.sys_id, TG_OP);"
                        + " ELSE INSERT INTO " + schema + ".write_log VALUES (NEW.sys_id, TG_OP); END IF;"
                        + " RETURN NULL; END $$",
                "CREATE TRIGGER incident_writes AFTER INSERT OR UPDATE OR DELETE ON " + schema + ".incident"
                        + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".log_write()");
        preA = incident("a").orElseThrow();
        preB = incident("b").orElseThrow();
        preE = incident("e").orElseThrow();
    }

    private PostgresTargetWriter writer() {
        return new PostgresTargetWriter(database.dataSource(), schema, SEALER);
    }

    private Optional<ObjectNode> incident(String sysId) {
        return target.record(schema, "incident", sysId);
    }

    private long writes(String sysId) {
        return target.count("SELECT count(*) FROM " + schema + ".write_log WHERE sys_id = ?", sysId);
    }

    private static ObjectNode values(String... pairs) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static RowChange insert(String sysId, int attempt, String... pairs) {
        return RowChange.write("row." + sysId, "incident", sysId, PlanRowAction.INSERT, attempt,
                values(pairs).put("sys_id", sysId), Optional.empty());
    }

    private static RowChange update(String sysId, int attempt, String... pairs) {
        return RowChange.write("row." + sysId, "incident", sysId, PlanRowAction.UPDATE, attempt, values(pairs),
                Optional.empty());
    }

    private static RowChange delete(String sysId) {
        return RowChange.delete("row." + sysId, "incident", sysId, 1, Optional.empty());
    }

    private static ChunkRequest chunk(String jobId, String claimId, RowChange... rows) {
        return new ChunkRequest(jobId, claimId, PLAN_HASH, TestKeyrings.TENANT, INSTANCE, SOURCE, Optional.empty(),
                List.of(rows));
    }

    private static ObjectNode opened(String jobId, RowChange row, RowResult result) {
        BeforeImageIdentity identity = BeforeImageIdentity.of(TestKeyrings.TENANT, INSTANCE, SOURCE, row.table(),
                row.sysId(), jobId, PLAN_HASH, row.rowId(), row.rowAttempt());
        return SEALER.open(identity, result.beforeImage().sealed().orElseThrow());
    }

    private static RowResult row(ChunkResult result, String rowId) {
        return result.rows().stream().filter(r -> r.rowId().equals(rowId)).findFirst().orElseThrow();
    }

    @Test
    void insertsUpdatesAndDeletesAreAppliedTogetherWithTheRealBeforeImages() {
        RowChange insertC = insert("c", 1, "number", "INC003", "short_description", "new laptop", "priority", "4");
        RowChange updateA = update("a", 1, "priority", "3", "short_description", "printer fixed");
        RowChange deleteB = delete("b");
        RowChange skipE = RowChange.skip("row.e", "incident", "e", 1);

        ChunkResult result = writer().apply(chunk("job-1", "claim-1", insertC, updateA, deleteB, skipE));

        assertThat(result.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(result.replayed()).isFalse();
        assertThat(result.fallbackTriggerRowIds()).isEmpty();
        assertThat(result.rows()).extracting(RowResult::rowId).containsExactly("row.c", "row.a", "row.b", "row.e");
        assertThat(result.rows()).extracting(RowResult::outcome)
                .containsExactly(RowOutcome.APPLIED, RowOutcome.APPLIED, RowOutcome.APPLIED, RowOutcome.SKIPPED);
        assertThat(result.rows()).allSatisfy(r -> {
            assertThat(r.reasonCode()).isEqualTo(ReasonCode.NONE);
            assertThat(r.usedRowFallback()).isFalse();
        });
        assertThat(row(result, "row.c").beforeImage().state()).isEqualTo(TargetState.MISSING);
        assertThat(opened("job-1", updateA, row(result, "row.a"))).isEqualTo(preA);
        assertThat(opened("job-1", deleteB, row(result, "row.b"))).isEqualTo(preB);
        assertThat(opened("job-1", skipE, row(result, "row.e"))).isEqualTo(preE);

        assertThat(incident("c").orElseThrow()).isEqualTo(values("sys_id", "c", "number", "INC003",
                "short_description", "new laptop", "priority", "4").putNull("state"));
        assertThat(incident("a").orElseThrow()).isEqualTo(preA.deepCopy().put("priority", "3")
                .put("short_description", "printer fixed"));
        assertThat(incident("b")).isEmpty();
        assertThat(incident("e")).contains(preE);
        assertThat(writes("c") + writes("a") + writes("b")).isEqualTo(3);
        assertThat(writes("e")).isZero();
        // the records as the writes left them, every column (set or not) included; nothing for a delete or a skip
        assertThat(row(result, "row.c").afterFingerprint()).contains(TargetFingerprint.of(incident("c").orElseThrow()));
        assertThat(row(result, "row.a").afterFingerprint()).contains(TargetFingerprint.of(incident("a").orElseThrow()))
                .isNotEqualTo(Optional.of(TargetFingerprint.of(preA)));
        assertThat(row(result, "row.a").afterFingerprint()).isEqualTo(Optional.of(writer()
                .fingerprints(List.of(new RecordRef("incident", "a"))).get(new RecordRef("incident", "a"))));
        assertThat(row(result, "row.b").afterFingerprint()).isEmpty();
        assertThat(row(result, "row.e").afterFingerprint()).isEmpty();

        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_claims WHERE claim_id = 'claim-1'"
                + " AND status = 'applied' AND job_id = 'job-1' AND plan_hash = ?", PLAN_HASH)).isEqualTo(1);
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_rows WHERE claim_id = 'claim-1'")).isEqualTo(4);
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_rows WHERE claim_id = 'claim-1'"
                + " AND (before_image_enc::text LIKE '%printer%' OR before_image_enc::text LIKE '%mail is down%')"))
                .as("the ledger holds ciphertext only").isZero();
    }

    @Test
    void valuesAreBoundAsTheirColumnsTypesAndEmptyStringsMeanNullOnlyForNonText() {
        target.execute("CREATE TABLE " + schema + ".typed (sys_id TEXT PRIMARY KEY, n INTEGER, at TIMESTAMPTZ,"
                + " flag BOOLEAN, note TEXT, code VARCHAR(8))");
        RowChange insertT1 = RowChange.write("row.t1", "typed", "t1", PlanRowAction.INSERT, 1,
                values("n", "42", "at", "2026-01-05T08:00:00Z", "flag", "true", "note", "", "code", ""),
                Optional.empty());
        RowChange badT2 = RowChange.write("row.t2", "typed", "t2", PlanRowAction.INSERT, 1,
                values("n", "forty-two"), Optional.empty());
        RowChange hugeT3 = RowChange.write("row.t3", "typed", "t3", PlanRowAction.INSERT, 1,
                values("n", "98765432109"), Optional.empty());

        ChunkResult first = writer().apply(chunk("job-typed", "claim-t1", insertT1, badT2, hugeT3));
        ChunkResult second = writer().apply(chunk("job-typed-2", "claim-t2", RowChange.write("row.t1", "typed", "t1",
                PlanRowAction.UPDATE, 2, values("n", "", "flag", ""), Optional.empty())));

        assertThat(row(first, "row.t1").outcome()).isEqualTo(RowOutcome.APPLIED);
        RowResult failed = row(first, "row.t2");
        assertThat(failed.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(failed.reasonCode()).isEqualTo(ReasonCode.FAILED_INTERNAL_ERROR);
        assertThat(failed.message().orElseThrow()).startsWith("SQLState 22P02: invalid input syntax for type integer")
                .doesNotContain("forty-two");
        assertThat(row(first, "row.t3").message().orElseThrow()).startsWith("SQLState 22003: ")
                .contains("out of range").doesNotContain("98765432109");
        assertThat(second.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(target.count("SELECT count(*) FROM " + schema + ".typed WHERE sys_id = 't1' AND n IS NULL"
                + " AND flag IS NULL AND at = '2026-01-05T08:00:00Z' AND note = '' AND code = ''")).isEqualTo(1);
        assertThat(target.count("SELECT count(*) FROM " + schema + ".typed WHERE sys_id = 't2'")).isZero();
    }

    @Test
    void aColumnScopePlanWritesOnlyItsColumns() {
        ChunkRequest scoped = new ChunkRequest("job-scope", "claim-scope", PLAN_HASH, TestKeyrings.TENANT, INSTANCE,
                SOURCE, Optional.of(List.of("priority", "state")), List.of(
                update("a", 1, "number", "INC999", "short_description", "rewritten", "priority", "4", "state",
                        "closed", "u_not_on_target", "ignored"),
                insert("n", 1, "number", "INC010", "short_description", "brand new", "priority", "2")));

        ChunkResult result = writer().apply(scoped);

        assertThat(result.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(incident("a").orElseThrow()).isEqualTo(preA.deepCopy().put("priority", "4").put("state", "closed"));
        assertThat(incident("n").orElseThrow()).isEqualTo(values("sys_id", "n", "priority", "2").putNull("number")
                .putNull("short_description").putNull("state"));
    }

    @Test
    void aReplayedClaimReturnsItsStoredResultAndWritesNothing() {
        ChunkRequest claim = chunk("job-replay", "claim-replay", update("a", 1, "priority", "3"), delete("b"));
        PostgresTargetWriter writer = writer();
        ChunkResult first = writer.apply(claim);
        target.execute("UPDATE " + schema + ".incident SET priority = '5' WHERE sys_id = 'a'",
                "INSERT INTO " + schema + ".incident VALUES ('b', 'INC002', 'back again', '2', 'new')");

        ChunkResult again = writer.apply(claim);
        ChunkResult fromAnotherAgent = writer().apply(claim);

        assertThat(row(first, "row.a").afterFingerprint()).as("the fingerprint of a's write, not of the later edit")
                .isPresent().isNotEqualTo(Optional.of(TargetFingerprint.of(incident("a").orElseThrow())));
        assertThat(again.replayed()).isTrue();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.rows()).isEqualTo(first.rows());
        assertThat(fromAnotherAgent.rows()).isEqualTo(first.rows());
        assertThat(incident("a").orElseThrow().get("priority").asText()).isEqualTo("5");
        assertThat(incident("b").orElseThrow().get("short_description").asText()).isEqualTo("back again");
        assertThat(writes("a")).as("the writer's update and the foreign one").isEqualTo(2);
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_claims WHERE claim_id = 'claim-replay'"))
                .isEqualTo(1);
    }

    @Test
    void theTargetKnowsWhichRowsOfAJobItApplied() {
        writer().apply(chunk("job-known", "claim-known", update("b", 1, "priority", "5"),
                insert("a", 1, "number", "INC001"), RowChange.skip("row.e", "incident", "e", 1)));

        assertThat(writer().appliedRows("job-known", List.of("row.a", "row.b", "row.e", "row.x")))
                .as("b applied; a a conflict, e a plan skip, x never claimed").containsExactly("row.b");
        assertThat(writer().appliedRows("job-other", List.of("row.b"))).as("another job's row is its own").isEmpty();
        assertThat(writer().appliedRows("job-known", List.of())).isEmpty();
    }

    @Test
    void aRowAnEarlierClaimOfTheJobAppliedIsNotWrittenAgain() {
        ChunkResult firstApply = writer().apply(chunk("job-redo", "claim-first", update("a", 1, "priority", "2"),
                insert("c", 1, "number", "INC003")));
        target.execute("UPDATE " + schema + ".incident SET state = 'edited by someone' WHERE sys_id = 'a'");
        RowChange redoA = update("a", 2, "priority", "2");
        RowChange redoC = insert("c", 2, "number", "INC003");

        ChunkResult redo = writer().apply(chunk("job-redo", "claim-second", redoA, redoC, update("b", 1, "priority", "5")));

        assertThat(redo.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(redo.rows()).extracting(RowResult::outcome).containsOnly(RowOutcome.APPLIED);
        assertThat(row(redo, "row.a").message()).contains("already applied by claim claim-first; not written again");
        assertThat(row(redo, "row.c").message()).contains("already applied by claim claim-first; not written again");
        assertThat(opened("job-redo", redoA, row(redo, "row.a")))
                .as("the before-image from before the first apply, sealed for this attempt").isEqualTo(preA);
        assertThat(row(redo, "row.c").beforeImage().state()).isEqualTo(TargetState.MISSING);
        assertThat(row(redo, "row.a").afterFingerprint()).as("what the first apply left, carried forward")
                .isPresent().isEqualTo(row(firstApply, "row.a").afterFingerprint());
        assertThat(row(redo, "row.c").afterFingerprint()).isPresent()
                .isEqualTo(row(firstApply, "row.c").afterFingerprint());
        assertThat(incident("a").orElseThrow().get("state").asText()).isEqualTo("edited by someone");
        assertThat(writes("a")).as("the first claim's update and the foreign edit, nothing more").isEqualTo(2);
        assertThat(writes("c")).isEqualTo(1);
        assertThat(incident("b").orElseThrow().get("priority").asText()).isEqualTo("5");
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_rows WHERE job_id = 'job-redo'"
                + " AND row_id = 'row.a' AND wrote_target")).isEqualTo(1);

        ChunkResult otherJob = writer().apply(chunk("job-other", "claim-other", update("a", 1, "priority", "3")));

        assertThat(row(otherJob, "row.a").message()).as("another job's row is its own").isEmpty();
        assertThat(incident("a").orElseThrow().get("priority").asText()).isEqualTo("3");
    }

    @Test
    void conflictsFallBackRowByRowAndTheOtherRowsAreApplied() {
        PostgresTargetWriter writer = writer();
        String fingerprintB = writer.fingerprints(List.of(new RecordRef("incident", "b"))).get(new RecordRef("incident", "b"));
        RowChange staleA = RowChange.write("row.a", "incident", "a", PlanRowAction.UPDATE, 1, values("priority", "4"),
                Optional.of("0".repeat(64)));
        RowChange freshB = RowChange.write("row.b", "incident", "b", PlanRowAction.UPDATE, 1, values("priority", "4"),
                Optional.of(fingerprintB));

        ChunkResult result = writer.apply(chunk("job-conflicts", "claim-conflicts",
                update("m", 1, "priority", "4"), insert("e", 1, "number", "INC005"), staleA, delete("x"), freshB,
                insert("n", 1, "number", "INC010")));

        assertThat(result.status()).isEqualTo(ChunkStatus.ROW_FALLBACK);
        assertThat(result.fallbackTriggerRowIds()).containsExactly("row.a", "row.e", "row.m");
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.usedRowFallback()).isTrue());
        assertConflict(row(result, "row.m"), ConflictClass.MISSING_ROW_CONFLICT, "does not exist on the target");
        assertConflict(row(result, "row.e"), ConflictClass.UNEXPECTED_EXISTING_CONFLICT, "already exists");
        assertConflict(row(result, "row.a"), ConflictClass.VALUE_CONFLICT,
                "changed on the target since reconciliation");
        assertThat(opened("job-conflicts", staleA, row(result, "row.a"))).isEqualTo(preA);
        RowResult deleteX = row(result, "row.x");
        assertThat(deleteX.outcome()).isEqualTo(RowOutcome.APPLIED);
        assertThat(deleteX.beforeImage().state()).isEqualTo(TargetState.MISSING);
        assertThat(row(result, "row.b").outcome()).isEqualTo(RowOutcome.APPLIED);
        assertThat(row(result, "row.n").outcome()).isEqualTo(RowOutcome.APPLIED);

        assertThat(incident("a")).contains(preA);
        assertThat(incident("e")).contains(preE);
        assertThat(incident("m")).isEmpty();
        assertThat(incident("b").orElseThrow().get("priority").asText()).isEqualTo("4");
        assertThat(incident("n")).isPresent();
        assertThat(writes("b") + writes("n")).as("the applied rows were written once").isEqualTo(2);
        assertThat(writes("a") + writes("e")).isZero();
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_claims WHERE claim_id = 'claim-conflicts'"
                + " AND status = 'row_fallback' AND fallback_trigger_row_ids = '{row.a,row.e,row.m}'")).isEqualTo(1);

        ChunkResult replay = writer.apply(chunk("job-conflicts", "claim-conflicts", update("m", 1, "priority", "4")));

        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(ChunkStatus.ROW_FALLBACK);
        assertThat(replay.fallbackTriggerRowIds()).isEqualTo(result.fallbackTriggerRowIds());
        assertThat(replay.rows()).isEqualTo(result.rows());
    }

    private static void assertConflict(RowResult row, ConflictClass conflictClass, String message) {
        assertThat(row.outcome()).isEqualTo(RowOutcome.SKIPPED);
        assertThat(row.reasonCode()).isEqualTo(ReasonCode.BLOCKED_REFERENCE_CONFLICT);
        assertThat(row.conflictClass()).contains(conflictClass);
        assertThat(row.message().orElseThrow()).contains(message);
    }

    @Test
    void aDeleteOfAMissingRecordIsNoConflict() {
        ChunkResult result = writer().apply(chunk("job-delete", "claim-delete", delete("x"), delete("b")));

        assertThat(result.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(result.rows()).extracting(RowResult::outcome).containsOnly(RowOutcome.APPLIED);
        assertThat(row(result, "row.x").message().orElseThrow()).contains("nothing deleted");
        assertThat(incident("b")).isEmpty();
    }

    @Test
    void aFieldOrTableTheTargetLacksFailsItsRowWithASchemaConflict() {
        RowChange unknownField = update("a", 1, "priority", "4", "u_escalation", "high");
        RowChange missingTable = RowChange.write("row.p", "problem", "p1", PlanRowAction.UPDATE, 1,
                values("priority", "4"), Optional.empty());
        RowChange unsafeTable = RowChange.write("row.q", "incident; DROP TABLE x", "q1", PlanRowAction.INSERT, 1,
                values("priority", "4"), Optional.empty());

        ChunkResult result = writer().apply(chunk("job-schema", "claim-schema", unknownField, missingTable,
                unsafeTable, insert("n", 1, "number", "INC010")));

        assertThat(result.status()).isEqualTo(ChunkStatus.ROW_FALLBACK);
        assertThat(result.fallbackTriggerRowIds()).containsExactly("row.a", "row.p", "row.q");
        assertFailed(row(result, "row.a"), ReasonCode.FAILED_SCHEMA_CONFLICT,
                "target table " + schema + ".incident has no column for field u_escalation of record incident/a");
        assertFailed(row(result, "row.p"), ReasonCode.FAILED_SCHEMA_CONFLICT,
                "target table " + schema + ".problem does not exist");
        assertFailed(row(result, "row.q"), ReasonCode.FAILED_SCHEMA_CONFLICT, "is not a plain SQL identifier");
        assertThat(row(result, "row.n").outcome()).isEqualTo(RowOutcome.APPLIED);
        assertThat(incident("a")).contains(preA);
        assertThat(incident("n")).isPresent();
    }

    private static void assertFailed(RowResult row, ReasonCode reason, String message) {
        assertThat(row.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(row.reasonCode()).isEqualTo(reason);
        assertThat(row.conflictClass()).isEmpty();
        assertThat(row.message().orElseThrow()).contains(message);
        assertThat(row.usedRowFallback()).isTrue();
    }

    @Test
    void aConstraintViolationFailsItsRowAndTheOthersAreApplied() {
        target.execute("ALTER TABLE " + schema + ".incident ADD CONSTRAINT priority_known"
                + " CHECK (priority IN ('1', '2', '3', '4', '5'))");

        ChunkResult result = writer().apply(chunk("job-check", "claim-check", update("a", 1, "priority", "9"),
                update("b", 1, "priority", "4"), insert("n", 1, "number", "INC010", "priority", "2")));

        assertThat(result.status()).isEqualTo(ChunkStatus.ROW_FALLBACK);
        assertThat(result.fallbackTriggerRowIds()).containsExactly("row.a");
        assertFailed(row(result, "row.a"), ReasonCode.FAILED_INTERNAL_ERROR, "SQLState 23514");
        assertThat(row(result, "row.a").message().orElseThrow()).contains("priority_known")
                .doesNotContain("printer on fire");
        assertThat(row(result, "row.b").outcome()).isEqualTo(RowOutcome.APPLIED);
        assertThat(row(result, "row.n").outcome()).isEqualTo(RowOutcome.APPLIED);
        assertThat(incident("a")).contains(preA);
        assertThat(incident("b").orElseThrow().get("priority").asText()).isEqualTo("4");
        assertThat(incident("n")).isPresent();
    }

    /** A writer that stops before its commit, locks held, until {@code letItCommit} opens. */
    private PostgresTargetWriter pausingWriter(CountDownLatch holdsItsLocks, CountDownLatch letItCommit) {
        return new PostgresTargetWriter(database.dataSource(), schema, SEALER, (connection, claimId) -> {
            holdsItsLocks.countDown();
            await(letItCommit);
        });
    }

    @Test
    void twoAgentsApplyingTheSameClaimAtOnceWriteItOnce() throws Exception {
        CountDownLatch firstHoldsItsLocks = new CountDownLatch(1);
        CountDownLatch letFirstCommit = new CountDownLatch(1);
        PostgresTargetWriter first = pausingWriter(firstHoldsItsLocks, letFirstCommit);
        ChunkRequest claim = chunk("job-twice", "claim-twice", update("a", 1, "priority", "2"),
                insert("c", 1, "number", "INC003"));
        ExecutorService agents = Executors.newFixedThreadPool(2);
        try {
            Future<ChunkResult> a = agents.submit(() -> first.apply(claim));
            assertThat(firstHoldsItsLocks.await(30, TimeUnit.SECONDS)).isTrue();
            Future<ChunkResult> b = agents.submit(() -> writer().apply(claim));
            awaitAnAgentWaitingForALock();
            letFirstCommit.countDown();

            ChunkResult resultA = a.get(30, TimeUnit.SECONDS);
            ChunkResult resultB = b.get(30, TimeUnit.SECONDS);

            assertThat(resultA.replayed()).isFalse();
            assertThat(resultB.replayed()).isTrue();
            assertThat(resultB.rows()).isEqualTo(resultA.rows());
            assertThat(writes("a") + writes("c")).isEqualTo(2);
        } finally {
            letFirstCommit.countDown();
            agents.shutdownNow();
        }
    }

    @Test
    void twoAgentsApplyingOverlappingClaimsOfOneJobApplyTheSharedRowsOnce() throws Exception {
        CountDownLatch firstHoldsItsLocks = new CountDownLatch(1);
        CountDownLatch letFirstCommit = new CountDownLatch(1);
        PostgresTargetWriter first = pausingWriter(firstHoldsItsLocks, letFirstCommit);
        PostgresTargetWriter second = writer();
        ChunkRequest claimA = chunk("job-race", "claim-a", update("a", 1, "priority", "2"),
                insert("c", 1, "number", "INC003"));
        RowChange secondA = update("a", 2, "priority", "2");
        ChunkRequest claimB = chunk("job-race", "claim-b", update("b", 1, "priority", "5"), secondA,
                insert("c", 2, "number", "INC003"));
        ExecutorService agents = Executors.newFixedThreadPool(2);
        try {
            Future<ChunkResult> a = agents.submit(() -> first.apply(claimA));
            assertThat(firstHoldsItsLocks.await(30, TimeUnit.SECONDS)).isTrue();
            Future<ChunkResult> b = agents.submit(() -> second.apply(claimB));
            awaitAnAgentWaitingForALock();
            letFirstCommit.countDown();

            ChunkResult resultA = a.get(30, TimeUnit.SECONDS);
            ChunkResult resultB = b.get(30, TimeUnit.SECONDS);

            assertThat(resultA.rows()).extracting(RowResult::outcome).containsOnly(RowOutcome.APPLIED);
            assertThat(resultB.status()).isEqualTo(ChunkStatus.APPLIED);
            assertThat(resultB.rows()).extracting(RowResult::outcome).containsOnly(RowOutcome.APPLIED);
            assertThat(row(resultB, "row.a").message()).contains("already applied by claim claim-a; not written again");
            assertThat(row(resultB, "row.c").message()).contains("already applied by claim claim-a; not written again");
            assertThat(opened("job-race", secondA, row(resultB, "row.a"))).isEqualTo(preA);
            assertThat(writes("a")).isEqualTo(1);
            assertThat(writes("c")).isEqualTo(1);
            assertThat(writes("b")).isEqualTo(1);
            assertThat(target.count("SELECT count(*) FROM rez_agent.applied_rows WHERE job_id = 'job-race'"
                    + " AND wrote_target")).as("a and c by claim-a, b by claim-b").isEqualTo(3);
        } finally {
            letFirstCommit.countDown();
            agents.shutdownNow();
        }
    }

    /** Polls the server until a session of this database waits for a lock. */
    private static void awaitAnAgentWaitingForALock() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (target.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'") == 0) {
            assertThat(System.nanoTime()).as("the second agent waits for the first's locks").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the first agent commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChunkWhoseSessionDiesBeforeCommitLeavesNothingAndARetryAppliesItWhole() {
        PostgresTargetWriter crashing = new PostgresTargetWriter(database.dataSource(), schema, SEALER,
                (connection, claimId) -> terminate(backendPid(connection)));
        RowChange updateA = update("a", 1, "priority", "3");
        ChunkRequest claim = chunk("job-crash", "claim-crash", updateA, insert("c", 1, "number", "INC003"),
                delete("b"));

        assertThatThrownBy(() -> crashing.apply(claim)).isInstanceOf(TargetWriteException.class)
                .hasMessageContaining("claim-crash");

        assertThat(incident("a")).contains(preA);
        assertThat(incident("b")).contains(preB);
        assertThat(incident("c")).isEmpty();
        assertThat(writes("a") + writes("b") + writes("c")).isZero();
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_claims WHERE claim_id = 'claim-crash'"))
                .isZero();
        assertThat(target.count("SELECT count(*) FROM rez_agent.applied_rows WHERE claim_id = 'claim-crash'"))
                .isZero();

        ChunkResult retry = writer().apply(claim);

        assertThat(retry.status()).isEqualTo(ChunkStatus.APPLIED);
        assertThat(retry.replayed()).isFalse();
        assertThat(retry.rows()).extracting(RowResult::outcome).containsOnly(RowOutcome.APPLIED);
        assertThat(opened("job-crash", updateA, row(retry, "row.a"))).isEqualTo(preA);
        assertThat(incident("a").orElseThrow().get("priority").asText()).isEqualTo("3");
        assertThat(incident("b")).isEmpty();
        assertThat(incident("c")).isPresent();
        assertThat(writes("a") + writes("b") + writes("c")).isEqualTo(3);
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Kills the session from another connection and waits until it is gone. */
    private static void terminate(int pid) {
        assertThat(target.count("SELECT count(*) FROM (SELECT pg_terminate_backend(?, ?) AS gone) t WHERE gone",
                pid, 30_000L)).isEqualTo(1);
    }

    @Test
    void aLedgerOfAnEarlierAgentGainsTheAfterFingerprintColumn() {
        writer().apply(chunk("job-old-ledger", "claim-old-1", update("a", 1, "priority", "2")));
        target.execute("ALTER TABLE rez_agent.applied_rows DROP COLUMN after_fingerprint");

        ChunkResult result = writer().apply(chunk("job-old-ledger", "claim-old-2", update("b", 1, "priority", "1")));
        ChunkResult replay = writer().apply(chunk("job-old-ledger", "claim-old-2", update("b", 1, "priority", "1")));

        assertThat(row(result, "row.b").afterFingerprint()).contains(TargetFingerprint.of(incident("b").orElseThrow()));
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.rows()).isEqualTo(result.rows());
    }

    @Test
    void statesAndFingerprintsDescribeTheTargetAsItIsNow() {
        PostgresTargetWriter writer = writer();
        RecordRef a = new RecordRef("incident", "a");
        RecordRef gone = new RecordRef("incident", "zz");
        RecordRef noTable = new RecordRef("problem", "p1");

        Map<RecordRef, TargetState> states = writer.states(List.of(a, gone, noTable));
        Map<RecordRef, String> before = writer.fingerprints(List.of(a, gone));
        target.execute("UPDATE " + schema + ".incident SET state = 'resolved' WHERE sys_id = 'a'");
        Map<RecordRef, String> after = writer.fingerprints(List.of(a));

        assertThat(states).containsExactly(Map.entry(a, TargetState.EXISTS), Map.entry(gone, TargetState.MISSING),
                Map.entry(noTable, TargetState.MISSING));
        assertThat(before).containsOnlyKeys(a);
        assertThat(before.get(a)).isEqualTo(TargetFingerprint.of(preA)).matches("[0-9a-f]{64}");
        assertThat(after.get(a)).isNotEqualTo(before.get(a));
        assertThatThrownBy(() -> writer.states(List.of(new RecordRef("incident\"", "a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL identifier");
    }
}
