package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ConflictResolution;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.service.http.ApiError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The strict execution bodies (service-spec §3.5, §6.1, §6.6, §6.7; execute/models.test.ts), with our deviation
 * that operator identity and capabilities may be left to the credentials (architecture §5 deviation 2).
 */
class ExecuteRequestsTest {
    private static final String SYS_ID = "46d44a5b2f3a6110b0e7d6e12c99b6a3";
    private static final String HEX = "ab".repeat(32);

    /** JSON written with single quotes, for readability. */
    private static JsonNode json(String singleQuoted) {
        return Json.parse(singleQuoted.replace('\'', '"'));
    }

    /** Asserts a 400 invalid_request and returns its message. */
    private static String rejection(Function<JsonNode, ?> parser, JsonNode body) {
        Throwable thrown = catchThrowable(() -> parser.apply(body));
        assertThat(thrown).as("refused: %s", body).isInstanceOf(ApiError.class);
        ApiError error = (ApiError) thrown;
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.error()).isEqualTo("invalid_request");
        assertThat(error.reasonCode()).isNull();
        return error.getMessage();
    }

    private static void assertRefused(Function<JsonNode, ?> parser, String body, String messagePart) {
        assertThat(rejection(parser, json(body))).contains(messagePart);
    }

    private static String conflict(String id, String row, String conflictClass, String resolution) {
        return "{'conflict_id':'" + id + "','row_id':'" + row + "','class':'" + conflictClass
                + "','reason_code':'blocked_reference_conflict','reason':'changed on the target','resolution':'"
                + resolution + "'}";
    }

    private static String record(String table, String sysId, String state) {
        return "{'table':'" + table + "','record_sys_id':'" + sysId + "','target_state':'" + state + "'}";
    }

    @Nested
    class RuntimeConflicts {
        @Test
        void aFullConflictParsesAndWritesBackAsSent() {
            JsonNode body = json(conflict("c-1", "row.1", "value_conflict", "skip"));

            RuntimeConflict conflict = RuntimeConflict.parse(body);

            assertThat(conflict).isEqualTo(new RuntimeConflict("c-1", "row.1", ConflictClass.VALUE_CONFLICT,
                    "blocked_reference_conflict", "changed on the target", ConflictResolution.SKIP));
            assertThat(conflict.toJson()).isEqualTo(body);
            assertThat(conflict.toJson().fieldNames()).toIterable().containsExactly("conflict_id", "row_id", "class",
                    "reason_code", "reason", "resolution");
        }

        @Test
        void aReferenceConflictMayBeAbortedAndReplanned() {
            assertThat(RuntimeConflict.parse(json(conflict("c-1", "row.1", "reference_conflict", "abort_and_replan")))
                    .resolution()).isEqualTo(ConflictResolution.ABORT_AND_REPLAN);
        }

        @Test
        void aReferenceConflictMayNotBeSkipped() {
            assertThat(rejection(RuntimeConflict::parse, json(conflict("c-1", "row.1", "reference_conflict", "skip"))))
                    .isEqualTo("resolution: reference_conflict cannot be resolved with skip");
            assertThatThrownBy(() -> new RuntimeConflict("c", "r", ConflictClass.REFERENCE_CONFLICT, "none", "x",
                    ConflictResolution.SKIP)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "resolution=>resolution: Invalid option: expected one of \"skip\"|\"abort_and_replan\"",
                "conflict_id=>conflict_id: Invalid input: expected string, received undefined",
                "row_id=>row_id: Invalid input: expected string, received undefined",
                "class=>class: Invalid option",
                "reason_code=>reason_code: Invalid option",
                "reason=>reason: Invalid input: expected string"})
        void everyFieldIsRequired(String field, String message) {
            ObjectNode body = (ObjectNode) json(conflict("c-1", "row.1", "value_conflict", "skip"));
            body.remove(field);
            assertThat(rejection(RuntimeConflict::parse, body)).startsWith(message);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'conflict_id':' ','row_id':'row.1','class':'value_conflict','reason_code':'none','reason':'r','resolution':'skip'}=>conflict_id: must not be blank",
                "{'conflict_id':'c','row_id':'','class':'value_conflict','reason_code':'none','reason':'r','resolution':'skip'}=>row_id: Too small",
                "{'conflict_id':'c','row_id':'row.1','class':'value','reason_code':'none','reason':'r','resolution':'skip'}=>class: Invalid option",
                "{'conflict_id':'c','row_id':'row.1','class':'value_conflict','reason_code':'oops','reason':'r','resolution':'skip'}=>reason_code: Invalid option",
                "{'conflict_id':'c','row_id':'row.1','class':'value_conflict','reason_code':'none','reason':'','resolution':'skip'}=>reason: Too small",
                "{'conflict_id':'c','row_id':'row.1','class':'value_conflict','reason_code':'none','reason':'r','resolution':'ignore'}=>resolution: Invalid option",
                "{'conflict_id':'c','row_id':'row.1','class':'value_conflict','reason_code':'none','reason':'r','resolution':'skip','table':'incident'}=>Unrecognized key: \"table\""})
        void badValuesAreRefusedNamingTheField(String body, String message) {
            assertRefused(RuntimeConflict::parse, body, message);
        }
    }

    @Nested
    class RevalidatedRecords {
        @Test
        void aRecordParsesWithItsKeyAndWritesBack() {
            JsonNode body = json(record("incident", SYS_ID, "missing"));

            RevalidatedRecord record = RevalidatedRecord.parse(body);

            assertThat(record).isEqualTo(new RevalidatedRecord("incident", SYS_ID, TargetState.MISSING));
            assertThat(record.key()).isEqualTo("incident|" + SYS_ID);
            assertThat(RevalidatedRecord.key("problem", "p1")).isEqualTo("problem|p1");
            assertThat(record.toJson()).isEqualTo(body);
        }

        @Test
        void tableAndSysIdAreTrimmedAsThePlannerKeysRecords() {
            RevalidatedRecord record = RevalidatedRecord.parse(json(record(" incident ", " " + SYS_ID, "exists")));
            assertThat(record.key()).isEqualTo("incident|" + SYS_ID);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'record_sys_id':'r','target_state':'exists'}=>table: Invalid input: expected string, received undefined",
                "{'table':'incident','record_sys_id':' ','target_state':'exists'}=>record_sys_id: must not be blank",
                "{'table':'incident','record_sys_id':'r','target_state':'present'}=>target_state: Invalid option: expected one of \"exists\"|\"missing\"",
                "{'table':'incident','record_sys_id':'r'}=>target_state: Invalid option",
                "{'table':'incident','record_sys_id':'r','target_state':'exists','row_id':'row.1'}=>Unrecognized key: \"row_id\""})
        void badRecordsAreRefusedNamingTheField(String body, String message) {
            assertRefused(RevalidatedRecord::parse, body, message);
        }
    }

    @Nested
    class ElevatedConfirmations {
        @Test
        void aConfirmationParsesAndWritesBackWithConfirmedTrue() {
            JsonNode body = json("{'confirmed':true,'confirmation':'I confirm','reason':'quarter-end restore'}");

            ElevatedConfirmation confirmation = ElevatedConfirmation.parse(body);

            assertThat(confirmation).isEqualTo(new ElevatedConfirmation("I confirm", "quarter-end restore"));
            assertThat(confirmation.toJson()).isEqualTo(body);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'confirmed':false,'confirmation':'c','reason':'r'}=>confirmed: Invalid input: expected true",
                "{'confirmed':'true','confirmation':'c','reason':'r'}=>confirmed: Invalid input: expected boolean, received string",
                "{'confirmation':'c','reason':'r'}=>confirmed: Invalid input: expected boolean, received undefined",
                "{'confirmed':true,'confirmation':'','reason':'r'}=>confirmation: Too small: expected string to have >=1 characters",
                "{'confirmed':true,'confirmation':'c'}=>reason: Invalid input: expected string, received undefined",
                "{'confirmed':true,'confirmation':'c','reason':''}=>reason: Too small",
                "{'confirmed':true,'confirmation':'c','reason':'r','by':'me'}=>Unrecognized key: \"by\""})
        void badConfirmationsAreRefusedNamingTheField(String body, String message) {
            assertRefused(ElevatedConfirmation::parse, body, message);
        }
    }

    @Nested
    class Workflows {
        @Test
        void suppressedDefaultNeedsNoAllowlistAndAllowlistModeKeepsItsEntries() {
            assertThat(WorkflowRequest.parse(json("{'mode':'suppressed_default'}")))
                    .isEqualTo(new WorkflowRequest("suppressed_default", List.of()));
            assertThat(WorkflowRequest.parse(json("{'mode':'suppressed_default','allowlist':[]}")).allowlist())
                    .isEmpty();
            assertThat(WorkflowRequest.parse(json("{'mode':'allowlist','allowlist':['wf_b','wf_a']}")))
                    .isEqualTo(new WorkflowRequest("allowlist", List.of("wf_b", "wf_a")));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'mode':'suppressed_default','allowlist':['wf_a']}=>allowlist: suppressed_default workflow mode requires an empty allowlist",
                "{'mode':'allowlist'}=>allowlist: allowlist workflow mode requires at least one allowlist entry",
                "{'mode':'allowlist','allowlist':[]}=>allowlist: allowlist workflow mode requires at least one allowlist entry",
                "{'mode':'allowlist','allowlist':[' ']}=>allowlist[0]: must not be blank",
                "{'mode':'allowlist','allowlist':'wf_a'}=>allowlist: Invalid input: expected array, received string",
                "{'mode':'all'}=>mode: Invalid option: expected one of \"suppressed_default\"|\"allowlist\"",
                "{'allowlist':['wf_a']}=>mode: Invalid option",
                "{'mode':'allowlist','allowlist':['wf_a'],'extra':1}=>Unrecognized key: \"extra\""})
        void badWorkflowsAreRefusedNamingTheField(String body, String message) {
            assertRefused(WorkflowRequest::parse, body, message);
        }
    }

    @Nested
    class Execute {
        @Test
        void anEmptyBodyLeavesIdentityToTheCredentialsAndEverythingElseToDefaults() {
            ExecuteRequest request = ExecuteRequest.parse(json("{}"));

            assertThat(request).isEqualTo(new ExecuteRequest(Optional.empty(), Optional.empty(), OptionalInt.empty(),
                    Optional.empty(), List.of(), List.of(), Optional.empty()));
        }

        @Test
        void aFullBodyParsesEveryField() {
            ExecuteRequest request = ExecuteRequest.parse(json("{'operator_id':'ops.jane',"
                    + "'operator_capabilities':['restore_execute','restore_override_caps','restore_execute'],"
                    + "'chunk_size':250,'workflow':{'mode':'allowlist','allowlist':['wf_a']},"
                    + "'runtime_conflicts':[" + conflict("c-1", "row.1", "value_conflict", "skip") + ","
                    + conflict("c-2", "row.2", "schema_conflict", "abort_and_replan") + "],"
                    + "'revalidated_target_records':[" + record("incident", SYS_ID, "exists") + ","
                    + record("problem", SYS_ID, "missing") + "],"
                    + "'elevated_confirmation':{'confirmed':true,'confirmation':'yes','reason':'cap'}}"));

            assertThat(request.operatorId()).contains("ops.jane");
            assertThat(request.operatorCapabilities()).contains(
                    List.of("restore_execute", "restore_override_caps", "restore_execute"));
            assertThat(request.chunkSize()).hasValue(250);
            assertThat(request.workflow()).contains(new WorkflowRequest("allowlist", List.of("wf_a")));
            assertThat(request.runtimeConflicts()).extracting(RuntimeConflict::conflictId, RuntimeConflict::rowId,
                    RuntimeConflict::conflictClass, RuntimeConflict::resolution).containsExactly(
                    tuple("c-1", "row.1", ConflictClass.VALUE_CONFLICT,
                            ConflictResolution.SKIP),
                    tuple("c-2", "row.2", ConflictClass.SCHEMA_CONFLICT,
                            ConflictResolution.ABORT_AND_REPLAN));
            assertThat(request.revalidatedTargetRecords()).containsExactly(
                    new RevalidatedRecord("incident", SYS_ID, TargetState.EXISTS),
                    new RevalidatedRecord("problem", SYS_ID, TargetState.MISSING));
            assertThat(request.elevatedConfirmation()).contains(new ElevatedConfirmation("yes", "cap"));
        }

        @Test
        void theReferencesTestBodyWithAStaleLockReasonIsAccepted() {
            ExecuteRequest request = ExecuteRequest.parse(json("{'operator_id':'op','operator_capabilities':"
                    + "['restore_execute'],'runtime_conflicts':[{'conflict_id':'c','row_id':'r','class':'stale_conflict',"
                    + "'reason_code':'failed_stale_lock_recovered','reason':'stale','resolution':'skip'}]}"));
            assertThat(request.runtimeConflicts().get(0).reasonCode()).isEqualTo("failed_stale_lock_recovered");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 1000})
        void chunkSizeMayBeAnythingFromOneToAThousand(int size) {
            assertThat(ExecuteRequest.parse(json("{'chunk_size':" + size + "}")).chunkSize()).hasValue(size);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'operator_id':''}=>operator_id: Too small: expected string to have >=1 characters",
                "{'operator_id':' '}=>operator_id: must not be blank",
                "{'operator_id':7}=>operator_id: Invalid input: expected string, received number",
                "{'operator_capabilities':[]}=>operator_capabilities: Too small: expected array to have >=1 items",
                "{'operator_capabilities':['restore_all']}=>operator_capabilities[0]: Invalid option",
                "{'operator_capabilities':['restore_execute','rrs.admin']}=>operator_capabilities[1]: Invalid option",
                "{'operator_capabilities':'restore_execute'}=>operator_capabilities: Invalid input: expected array",
                "{'chunk_size':0}=>chunk_size: Too small: expected number to be >=1",
                "{'chunk_size':1001}=>chunk_size: Too big: expected number to be <=1000",
                "{'chunk_size':2.5}=>chunk_size: Invalid input: expected int, received number",
                "{'chunk_size':'100'}=>chunk_size: Invalid input: expected number, received string",
                "{'workflow':{'mode':'allowlist'}}=>workflow.allowlist: allowlist workflow mode requires at least one",
                "{'workflow':{'mode':'suppressed_default','allowlist':['wf']}}=>workflow.allowlist: suppressed_default workflow mode requires an empty allowlist",
                "{'workflow':'allowlist'}=>workflow: Invalid input: expected object, received string",
                "{'runtime_conflicts':{}}=>runtime_conflicts: Invalid input: expected array, received object",
                "{'runtime_conflicts':[{'conflict_id':'c','row_id':'r','class':'value_conflict','reason_code':'none','reason':'x'}]}=>runtime_conflicts[0].resolution: Invalid option",
                "{'runtime_conflicts':[{'conflict_id':'c','row_id':'r','class':'reference_conflict','reason_code':'none','reason':'x','resolution':'skip'}]}=>runtime_conflicts[0].resolution: reference_conflict cannot be resolved with skip",
                "{'revalidated_target_records':[{'table':'incident','record_sys_id':'r','target_state':'gone'}]}=>revalidated_target_records[0].target_state: Invalid option",
                "{'elevated_confirmation':{'confirmed':false,'confirmation':'c','reason':'r'}}=>elevated_confirmation.confirmed: Invalid input: expected true",
                "{'elevated_confirmation':{'confirmed':true,'confirmation':'c'}}=>elevated_confirmation.reason: Invalid input: expected string",
                "{'operator_id':'op','expected_plan_checksum':'ab'}=>Unrecognized key: \"expected_plan_checksum\"",
                "{'operatorId':'op'}=>Unrecognized key: \"operatorId\""})
        void badBodiesAreRefusedNamingTheFieldAndRule(String body, String message) {
            assertThat(rejection(ExecuteRequest::parse, json(body))).startsWith(message);
        }

        @Test
        void conflictIdsMustBeUnique() {
            assertThat(rejection(ExecuteRequest::parse, json("{'runtime_conflicts':["
                    + conflict("c-1", "row.1", "value_conflict", "skip") + ","
                    + conflict("c-2", "row.2", "value_conflict", "skip") + ","
                    + conflict("c-1", "row.3", "value_conflict", "skip") + "]}")))
                    .isEqualTo("runtime_conflicts[2].conflict_id: duplicate conflict_id 'c-1' (also at "
                            + "runtime_conflicts[0])");
        }

        @Test
        void aRowHasAtMostOneRuntimeConflict() {
            assertThat(rejection(ExecuteRequest::parse, json("{'runtime_conflicts':["
                    + conflict("c-1", "row.1", "value_conflict", "skip") + ","
                    + conflict("c-2", "row.1", "stale_conflict", "abort_and_replan") + "]}")))
                    .isEqualTo("runtime_conflicts[1].row_id: more than one runtime conflict for row_id 'row.1' "
                            + "(also at runtime_conflicts[0])");
        }

        @Test
        void revalidatedRecordsMustBeUniqueByTableAndRecord() {
            assertThat(rejection(ExecuteRequest::parse, json("{'revalidated_target_records':["
                    + record("incident", SYS_ID, "exists") + "," + record("problem", SYS_ID, "exists") + ","
                    + record("incident", SYS_ID, "missing") + "]}")))
                    .isEqualTo("revalidated_target_records[2]: duplicate table+record_sys_id 'incident|" + SYS_ID
                            + "' (also at revalidated_target_records[0])");
            assertThat(rejection(ExecuteRequest::parse, json("{'revalidated_target_records':["
                    + record("incident", SYS_ID, "exists") + "," + record("incident ", SYS_ID, "exists") + "]}")))
                    .as("a duplicate hidden by whitespace").startsWith("revalidated_target_records[1]: duplicate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "[]", "\"execute\"", "null"})
        void aNonObjectBodyIsA400(String body) {
            assertThat(rejection(ExecuteRequest::parse, Json.parse(body))).isEqualTo(
                    "request body must be a JSON object");
            assertThat(rejection(ExecuteRequest::parse, null)).isEqualTo("request body must be a JSON object");
        }

        @Test
        void theParsedListsCannotBeChanged() {
            ExecuteRequest request = ExecuteRequest.parse(json("{'operator_capabilities':['restore_execute'],"
                    + "'runtime_conflicts':[" + conflict("c-1", "row.1", "value_conflict", "skip") + "]}"));
            assertThatThrownBy(() -> request.runtimeConflicts().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> request.operatorCapabilities().orElseThrow().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Resume {
        @Test
        void anEmptyBodyIsAPlainResume() {
            assertThat(ResumeRequest.parse(json("{}"))).isEqualTo(new ResumeRequest(Optional.empty(),
                    Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty()));
        }

        @Test
        void aFullBodyParsesAndChecksumsAreLowerCased() {
            ResumeRequest request = ResumeRequest.parse(json("{'operator_id':'ops.jane',"
                    + "'operator_capabilities':['restore_execute','restore_delete'],"
                    + "'runtime_conflicts':[" + conflict("c-1", "row.1", "permission_conflict", "skip") + "],"
                    + "'revalidated_target_records':[" + record("incident", SYS_ID, "exists") + "],"
                    + "'expected_plan_checksum':'" + HEX.toUpperCase() + "',"
                    + "'expected_precondition_checksum':'" + "cd".repeat(32) + "'}"));

            assertThat(request.operatorId()).contains("ops.jane");
            assertThat(request.operatorCapabilities()).contains(List.of("restore_execute", "restore_delete"));
            assertThat(request.runtimeConflicts()).extracting(RuntimeConflict::conflictClass)
                    .containsExactly(ConflictClass.PERMISSION_CONFLICT);
            assertThat(request.revalidatedTargetRecords()).containsExactly(
                    new RevalidatedRecord("incident", SYS_ID, TargetState.EXISTS));
            assertThat(request.expectedPlanChecksum()).contains(HEX);
            assertThat(request.expectedPreconditionChecksum()).contains("cd".repeat(32));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'expected_plan_checksum':'abc'}=>expected_plan_checksum: must be 64-char SHA-256 hex digest",
                "{'expected_precondition_checksum':'" + "zz" + "'}=>expected_precondition_checksum: must be 64-char SHA-256 hex digest",
                "{'expected_plan_checksum':12}=>expected_plan_checksum: Invalid input: expected string, received number",
                "{'operator_id':''}=>operator_id: Too small",
                "{'operator_capabilities':[]}=>operator_capabilities: Too small: expected array to have >=1 items",
                "{'operator_capabilities':['restore_everything']}=>operator_capabilities[0]: Invalid option",
                "{'runtime_conflicts':[{'conflict_id':'c','row_id':'r','class':'reference_conflict','reason_code':'none','reason':'x','resolution':'skip'}]}=>runtime_conflicts[0].resolution: reference_conflict cannot be resolved with skip",
                "{'revalidated_target_records':[{'table':'incident','target_state':'exists'}]}=>revalidated_target_records[0].record_sys_id: Invalid input",
                "{'chunk_size':10}=>Unrecognized key: \"chunk_size\"",
                "{'elevated_confirmation':{'confirmed':true,'confirmation':'c','reason':'r'}}=>Unrecognized key: \"elevated_confirmation\""})
        void badBodiesAreRefusedNamingTheFieldAndRule(String body, String message) {
            assertThat(rejection(ResumeRequest::parse, json(body))).startsWith(message);
        }

        @Test
        void aChecksumOneDigitShortIsRefused() {
            assertRefused(ResumeRequest::parse, "{'expected_plan_checksum':'" + HEX.substring(1) + "'}",
                    "expected_plan_checksum: must be 64-char SHA-256 hex digest");
        }

        @Test
        void duplicatesAreRefusedAsOnExecute() {
            assertRefused(ResumeRequest::parse, "{'runtime_conflicts':[" + conflict("c-1", "row.1", "value_conflict",
                    "skip") + "," + conflict("c-1", "row.2", "value_conflict", "skip") + "]}",
                    "runtime_conflicts[1].conflict_id: duplicate conflict_id 'c-1'");
            assertRefused(ResumeRequest::parse, "{'runtime_conflicts':[" + conflict("c-1", "row.1", "value_conflict",
                    "skip") + "," + conflict("c-2", "row.1", "value_conflict", "skip") + "]}",
                    "runtime_conflicts[1].row_id: more than one runtime conflict for row_id 'row.1'");
            assertRefused(ResumeRequest::parse, "{'revalidated_target_records':[" + record("incident", SYS_ID,
                    "exists") + "," + record("incident", SYS_ID, "exists") + "]}",
                    "revalidated_target_records[1]: duplicate table+record_sys_id 'incident|" + SYS_ID + "'");
        }
    }

    @Nested
    class Claim {
        @Test
        void anEmptyBodyClaimsTheDefaultNumberOfRowsAsTheCaller() {
            assertThat(ClaimRequest.parse(json("{}")))
                    .isEqualTo(new ClaimRequest(Optional.empty(), OptionalInt.empty(), List.of(), Optional.empty()));
        }

        @Test
        void aFullBodyParses() {
            ClaimRequest request = ClaimRequest.parse(json("{'operator_id':'agent-7','max_rows':1000,"
                    + "'revalidated_target_records':[" + record("incident", SYS_ID, "missing") + "],"
                    + "'after_claim_id':'claim_0123'}"));

            assertThat(request).isEqualTo(new ClaimRequest(Optional.of("agent-7"), OptionalInt.of(1000),
                    List.of(new RevalidatedRecord("incident", SYS_ID, TargetState.MISSING)),
                    Optional.of("claim_0123")));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'max_rows':0}=>max_rows: Too small: expected number to be >=1",
                "{'max_rows':1001}=>max_rows: Too big: expected number to be <=1000",
                "{'max_rows':1.5}=>max_rows: Invalid input: expected int, received number",
                "{'max_rows':null}=>max_rows: Invalid input: expected number, received null",
                "{'operator_id':'\\t'}=>operator_id: must not be blank",
                "{'operator_id':''}=>operator_id: Too small",
                "{'after_claim_id':''}=>after_claim_id: Too small",
                "{'after_claim_id':7}=>after_claim_id: Invalid input: expected string, received number",
                "{'revalidated_target_records':[{'table':'incident','record_sys_id':'r','target_state':'exists','extra':1}]}=>revalidated_target_records[0]: Unrecognized key: \"extra\"",
                "{'operator_capabilities':['restore_execute']}=>Unrecognized key: \"operator_capabilities\""})
        void badBodiesAreRefusedNamingTheFieldAndRule(String body, String message) {
            assertThat(rejection(ClaimRequest::parse, json(body))).startsWith(message);
        }

        @Test
        void revalidatedRecordsMustBeUnique() {
            assertThat(rejection(ClaimRequest::parse, json("{'revalidated_target_records':["
                    + record("incident", SYS_ID, "exists") + "," + record("incident", SYS_ID, "missing") + "]}")))
                    .isEqualTo("revalidated_target_records[1]: duplicate table+record_sys_id 'incident|" + SYS_ID
                            + "' (also at revalidated_target_records[0])");
        }
    }

    @Nested
    class Commit {
        private static final String UPPER_HEX = "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB";
        private static final String ENVELOPE = "{'v':1,'alg':'AES-256-GCM','kid':'tenant-key-3','compression':'gzip',"
                + "'ciphertext':'c2VjcmV0','sha256':'" + UPPER_HEX + "'}";

        private static String body(String rows) {
            return "{'claim_id':'claim_0123456789abcdef01234567','row_outcomes':[" + rows + "]}";
        }

        @Test
        void aMinimalBodyParses() {
            CommitRequest request = CommitRequest.parse(json(body(
                    "{'row_id':'row.1','outcome':'applied','reason_code':'none'}")));

            assertThat(request).isEqualTo(new CommitRequest("claim_0123456789abcdef01234567", Optional.empty(),
                    List.of(new CommittedRow("row.1", RowOutcome.APPLIED, "none", Optional.empty(), Optional.empty(),
                            Optional.empty(), false))));
        }

        @Test
        void aFullBodyParsesWithBeforeImagesAsCiphertextOnly() {
            CommitRequest request = CommitRequest.parse(json("{'claim_id':'claim_1','committed_by':'agent-7',"
                    + "'row_outcomes':["
                    + "{'row_id':'row.1','outcome':'applied','reason_code':'none','message':'ok',"
                    + "'before_image':{'state':'exists','enc':" + ENVELOPE + "}},"
                    + "{'row_id':'row.2','outcome':'applied','reason_code':'none','before_image':{'state':'missing'}},"
                    + "{'row_id':'row.3','outcome':'skipped','reason_code':'blocked_reference_conflict',"
                    + "'conflict_class':'reference_conflict','message':'parent missing'},"
                    + "{'row_id':'row.4','outcome':'failed','reason_code':'failed_internal_error','message':''}]}"));

            assertThat(request.claimId()).isEqualTo("claim_1");
            assertThat(request.committedBy()).contains("agent-7");
            List<CommittedRow> rows = request.rowOutcomes();
            assertThat(rows).extracting(CommittedRow::rowId, CommittedRow::outcome).containsExactly(
                    tuple("row.1", RowOutcome.APPLIED),
                    tuple("row.2", RowOutcome.APPLIED),
                    tuple("row.3", RowOutcome.SKIPPED),
                    tuple("row.4", RowOutcome.FAILED));
            assertThat(rows.get(0).message()).contains("ok");
            BeforeImage existed = rows.get(0).beforeImage().orElseThrow();
            assertThat(existed.state()).isEqualTo(TargetState.EXISTS);
            assertThat(existed.enc().orElseThrow().get("sha256").textValue()).as("hex is lower-cased").isEqualTo(HEX);
            assertThat(existed.toJson()).isEqualTo(json("{'state':'exists','enc':"
                    + ENVELOPE.replace(UPPER_HEX, HEX) + "}"));
            assertThat(rows.get(1).beforeImage()).contains(BeforeImage.missing());
            assertThat(rows.get(1).beforeImage().orElseThrow().toJson()).isEqualTo(json("{'state':'missing'}"));
            assertThat(rows.get(2).conflictClass()).contains("reference_conflict");
            assertThat(rows.get(2).reasonCode()).isEqualTo("blocked_reference_conflict");
            assertThat(rows.get(3).message()).contains("");
            assertThat(rows.get(3).beforeImage()).isEmpty();
        }

        @Test
        void repeatedRowIdsAreKeptForTheClaimCheckToRefuse() {
            CommitRequest request = CommitRequest.parse(json(body(
                    "{'row_id':'row.1','outcome':'applied','reason_code':'none'},"
                            + "{'row_id':'row.1','outcome':'failed','reason_code':'failed_internal_error'}")));
            assertThat(request.rowOutcomes()).extracting(CommittedRow::rowId).containsExactly("row.1", "row.1");
        }

        @Test
        void theEnvelopeCannotBeChangedThroughTheRecord() {
            BeforeImage image = CommitRequest.parse(json(body("{'row_id':'row.1','outcome':'applied',"
                    + "'reason_code':'none','before_image':{'state':'exists','enc':" + ENVELOPE + "}}")))
                    .rowOutcomes().get(0).beforeImage().orElseThrow();
            image.enc().orElseThrow().put("ciphertext", "tampered");
            image.toJson().with("enc").put("ciphertext", "tampered");
            assertThat(image.enc().orElseThrow().get("ciphertext").textValue()).isEqualTo("c2VjcmV0");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none'}]}=>claim_id: Invalid input: expected string, received undefined",
                "{'claim_id':' ','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none'}]}=>claim_id: must not be blank",
                "{'claim_id':'c','committed_by':'','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none'}]}=>committed_by: Too small",
                "{'claim_id':'c','committed_by':' ','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none'}]}=>committed_by: must not be blank",
                "{'claim_id':'c'}=>row_outcomes: Invalid input: expected array, received undefined",
                "{'claim_id':'c','row_outcomes':[]}=>row_outcomes: Too small: expected array to have >=1 items",
                "{'claim_id':'c','row_outcomes':[{'outcome':'applied','reason_code':'none'}]}=>row_outcomes[0].row_id: Invalid input: expected string",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'done','reason_code':'none'}]}=>row_outcomes[0].outcome: Invalid option: expected one of \"applied\"|\"skipped\"|\"failed\"",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'applied'}]}=>row_outcomes[0].reason_code: Invalid option",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'all_good'}]}=>row_outcomes[0].reason_code: Invalid option",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none','message':7}]}=>row_outcomes[0].message: Invalid input: expected string, received number",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'skipped','reason_code':'none','conflict_class':'odd_conflict'}]}=>row_outcomes[0].conflict_class: Invalid option",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none','values':{}}]}=>row_outcomes[0]: Unrecognized key: \"values\"",
                "{'claim_id':'c','row_outcomes':[{'row_id':'r','outcome':'applied','reason_code':'none'}],'operator_id':'x'}=>Unrecognized key: \"operator_id\""})
        void badBodiesAreRefusedNamingTheFieldAndRule(String body, String message) {
            assertThat(rejection(CommitRequest::parse, json(body))).startsWith(message);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"skipped", "failed"})
        void onlyAnAppliedRowCarriesABeforeImage(String outcome) {
            assertThat(rejection(CommitRequest::parse, json(body("{'row_id':'r','outcome':'" + outcome
                    + "','reason_code':'none','before_image':{'state':'missing'}}"))))
                    .isEqualTo("row_outcomes[0].before_image: before_image is only allowed on applied rows");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = "=>", value = {
                "{'state':'exists'}=>row_outcomes[0].before_image.enc: enc is required when state is exists",
                "{'state':'missing','enc':" + ENVELOPE + "}=>row_outcomes[0].before_image.enc: enc is not allowed when state is missing",
                "{'state':'gone'}=>row_outcomes[0].before_image.state: Invalid option: expected one of \"exists\"|\"missing\"",
                "{}=>row_outcomes[0].before_image.state: Invalid option",
                "\"exists\"=>row_outcomes[0].before_image: Invalid input: expected object, received string",
                "{'state':'exists','before_image_plain':{'short_description':'x'}}=>row_outcomes[0].before_image.before_image_plain: before_image_plain is not allowed in RRS payloads",
                "{'state':'exists','enc':" + ENVELOPE + ",'before_image_plain':'x'}=>row_outcomes[0].before_image.before_image_plain: before_image_plain is not allowed in RRS payloads",
                "{'state':'exists','enc':" + ENVELOPE + ",'values':{}}=>row_outcomes[0].before_image: Unrecognized key: \"values\"",
                "{'state':'exists','enc':{'short_description':'x'}}=>row_outcomes[0].before_image.enc.alg: Invalid input: expected string, received undefined",
                "{'state':'exists','enc':{'alg':'AES-256-GCM','ciphertext':'x','before_image_plain':{}}}=>row_outcomes[0].before_image.enc: Unrecognized key: \"before_image_plain\"",
                "{'state':'exists','enc':{'alg':'AES-256-GCM'}}=>row_outcomes[0].before_image.enc.ciphertext: Invalid input: expected string",
                "{'state':'exists','enc':{'alg':'AES-256-GCM','ciphertext':''}}=>row_outcomes[0].before_image.enc.ciphertext: Too small",
                "{'state':'exists','enc':{'alg':'AES-256-GCM','ciphertext':'x','sha256':'abc'}}=>row_outcomes[0].before_image.enc.sha256: must be 64-char SHA-256 hex digest",
                "{'state':'exists','enc':{'alg':'AES-256-GCM','ciphertext':'x','compression':'zip'}}=>row_outcomes[0].before_image.enc.compression: Invalid option",
                "{'state':'exists','enc':'c2VjcmV0'}=>row_outcomes[0].before_image.enc: Invalid input: expected object, received string"})
        void aBeforeImageIsAnEnvelopeOrMissingAndNeverPlaintext(String image, String message) {
            assertThat(rejection(CommitRequest::parse, json(body("{'row_id':'r','outcome':'applied',"
                    + "'reason_code':'none','before_image':" + image + "}")))).startsWith(message);
        }
    }
}
