package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.service.http.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FinalizeRequestTest {
    private static final String INCIDENT_A = "46d44a5b2f3a6110b0e7d6e12c99b6a3";
    private static final String INCIDENT_B = "9c573169c611228700193229fff72400";

    private static JsonNode body(String records) {
        return Json.parse("{\"finalized_by\":\"ops.jane@acme.example\",\"reconciled_records\":" + records + "}");
    }

    private static String record(String table, String sysId, String state) {
        return "{\"table\":\"" + table + "\",\"record_sys_id\":\"" + sysId + "\",\"target_state\":\"" + state + "\"}";
    }

    private static String rejection(JsonNode body) {
        Throwable thrown = catchThrowable(() -> FinalizeRequest.parse(body));
        assertThat(thrown).isInstanceOf(ApiError.class);
        ApiError error = (ApiError) thrown;
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.error()).isEqualTo("invalid_request");
        return error.getMessage();
    }

    @Test
    void parsesRecordsInRequestOrder() {
        FinalizeRequest request = FinalizeRequest.parse(body("[" + record("incident", INCIDENT_B, "missing") + ","
                + record("incident", INCIDENT_A, "exists") + "," + record("x_app_ticket", INCIDENT_A, "exists") + "]"));

        assertThat(request.finalizedBy()).isEqualTo("ops.jane@acme.example");
        assertThat(request.reconciledRecords()).containsExactly(
                new FinalizeRequest.ReconciledRecord("incident", INCIDENT_B, TargetState.MISSING),
                new FinalizeRequest.ReconciledRecord("incident", INCIDENT_A, TargetState.EXISTS),
                new FinalizeRequest.ReconciledRecord("x_app_ticket", INCIDENT_A, TargetState.EXISTS));
        assertThat(request.targetStatesByKey()).containsExactly(
                Map.entry("incident|" + INCIDENT_B, TargetState.MISSING),
                Map.entry("incident|" + INCIDENT_A, TargetState.EXISTS),
                Map.entry("x_app_ticket|" + INCIDENT_A, TargetState.EXISTS));
    }

    @Test
    void keysAreTrimmedAsThePlannerKeysRecords() {
        FinalizeRequest request = FinalizeRequest.parse(body("[" + record(" x_app.ticket ", " rec-01", "exists")
                + "]"));
        assertThat(request.reconciledRecords().get(0).key()).isEqualTo("x_app.ticket|rec-01");
    }

    @Test
    void theSameRecordTwiceIsRefusedNamingIt() {
        String message = rejection(body("[" + record("incident", INCIDENT_A, "exists") + ","
                + record("incident", INCIDENT_B, "exists") + "," + record("incident", INCIDENT_A, "missing") + "]"));
        assertThat(message).isEqualTo("reconciled_records[2]: duplicate table+record_sys_id 'incident|" + INCIDENT_A
                + "' (also at reconciled_records[0])");
    }

    @Test
    void aDuplicateHiddenByWhitespaceIsStillADuplicate() {
        String message = rejection(body("[" + record("incident", INCIDENT_A, "exists") + ","
                + record("incident ", INCIDENT_A, "exists") + "]"));
        assertThat(message).startsWith("reconciled_records[1]: duplicate table+record_sys_id");
    }

    @Test
    void theSameSysIdInAnotherTableIsADifferentRecord() {
        FinalizeRequest request = FinalizeRequest.parse(body("[" + record("incident", INCIDENT_A, "exists") + ","
                + record("problem", INCIDENT_A, "missing") + "]"));
        assertThat(request.reconciledRecords()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
            "{}=>finalized_by: Invalid input: expected string, received undefined",
            "{\"finalized_by\":\"\",\"reconciled_records\":[]}=>finalized_by: Too small: expected string to have >=1 characters",
            "{\"finalized_by\":\"ops\"}=>reconciled_records: Invalid input: expected array, received undefined",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[]}=>reconciled_records: Too small: expected array to have >=1 items",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":{}}=>reconciled_records: Invalid input: expected array, received object",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"r\",\"target_state\":\"present\"}]}=>reconciled_records[0].target_state: Invalid option: expected one of \"exists\"|\"missing\"",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\"incident\",\"target_state\":\"exists\"}]}=>reconciled_records[0].record_sys_id: Invalid input: expected string, received undefined",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\" \",\"record_sys_id\":\"r\",\"target_state\":\"exists\"}]}=>reconciled_records[0].table: must not be blank",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"r\",\"target_state\":\"exists\",\"row_id\":\"row.1\"}]}=>reconciled_records[0]: Unrecognized key: \"row_id\"",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[null]}=>reconciled_records[0]: Invalid input: expected object, received null",
            "{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\"incident\",\"record_sys_id\":\"r\",\"target_state\":\"exists\"}],\"force\":true}=>Unrecognized key: \"force\""})
    void malformedBodiesAreA400NamingTheField(String json, String message) {
        assertThat(rejection(Json.parse(json))).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "[]", "\"finalize\"", "true"})
    void aNonObjectBodyIsA400(String json) {
        assertThat(rejection(Json.parse(json))).isEqualTo("request body must be a JSON object");
    }

    @Test
    void nullIsA400() {
        assertThat(rejection(null)).isEqualTo("request body must be a JSON object");
        assertThat(rejection(NullNode.instance)).isEqualTo("request body must be a JSON object");
    }

    @Test
    void oddValuesNeverEscapeAsAnythingButA400() {
        List<String> odd = List.of("null", "0", "-1", "1e400", "[]", "{}", "[[]]", "\"\"", "true");
        for (String value : odd) {
            rejection(Json.parse("{\"finalized_by\":" + value + ",\"reconciled_records\":[" + record("incident",
                    INCIDENT_A, "exists") + "]}"));
            rejection(Json.parse("{\"finalized_by\":\"ops\",\"reconciled_records\":" + value + "}"));
            rejection(Json.parse("{\"finalized_by\":\"ops\",\"reconciled_records\":[{\"table\":\"incident\","
                    + "\"record_sys_id\":" + value + ",\"target_state\":\"exists\"}]}"));
        }
    }

    @Test
    void manyRecordsParse() {
        StringBuilder records = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            records.append(i == 0 ? "" : ",").append(record("incident", String.format("%032x", i),
                    i % 2 == 0 ? "exists" : "missing"));
        }
        FinalizeRequest request = FinalizeRequest.parse(body(records.append("]").toString()));
        assertThat(request.reconciledRecords()).hasSize(20_000);
        assertThat(request.targetStatesByKey()).hasSize(20_000);
    }

    @Test
    void theRecordListCannotBeModified() {
        FinalizeRequest request = FinalizeRequest.parse(body("[" + record("incident", INCIDENT_A, "exists") + "]"));
        Throwable thrown = catchThrowable(() -> request.reconciledRecords().clear());
        assertThat(thrown).isInstanceOf(UnsupportedOperationException.class);
    }
}
