package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.http.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict job request parsers (service-spec §3.4, jobs/models.test.ts) and the listing query. */
class JobRequestsTest {
    private static ObjectNode validCreate() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", "tenant-acme").put("instance_id", "acme-prod").put("source", "sn://acme")
                .put("plan_id", "plan-1").put("plan_hash", "AB".repeat(32)).put("requested_by", "jane");
        body.putArray("lock_scope_tables").add(" problem ").add("incident").add("problem");
        body.putArray("required_capabilities").add("restore_execute").add("restore_delete");
        return body;
    }

    private static void assertInvalid(Runnable parse, String messagePart) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiError.class, error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.error()).isEqualTo("invalid_request");
            assertThat(error.getMessage()).contains(messagePart);
        });
    }

    @Test
    void aValidCreateBodyIsNormalised() {
        CreateJobRequest request = CreateJobRequest.parse(validCreate());

        assertThat(request.lockScopeTables()).containsExactly("incident", "problem");
        assertThat(request.planHash()).as("hex is lower-cased").isEqualTo("ab".repeat(32));
        assertThat(request.requiredCapabilities()).containsExactly("restore_execute", "restore_delete");
        assertThat(request.callerSentApproval()).isFalse();
    }

    @Test
    void createRefusesMissingFieldsBadHashesBlankTablesAndUnknownCapabilities() {
        assertInvalid(() -> CreateJobRequest.parse(validCreate().without("plan_id")), "plan_id");
        assertInvalid(() -> CreateJobRequest.parse(validCreate().put("plan_hash", "xyz")), "plan_hash");
        ObjectNode blank = validCreate();
        blank.putArray("lock_scope_tables").add("  ");
        assertInvalid(() -> CreateJobRequest.parse(blank), "lock_scope_tables");
        ObjectNode blankAmongOthers = validCreate();
        blankAmongOthers.putArray("lock_scope_tables").add("incident").add(" ");
        assertInvalid(() -> CreateJobRequest.parse(blankAmongOthers), "lock_scope_tables[1]: must not be blank");
        ObjectNode none = validCreate();
        none.putArray("lock_scope_tables");
        assertInvalid(() -> CreateJobRequest.parse(none), "lock_scope_tables");
        ObjectNode unknown = validCreate();
        unknown.putArray("required_capabilities").add("restore_all");
        assertInvalid(() -> CreateJobRequest.parse(unknown), "required_capabilities");
        ObjectNode noCapabilities = validCreate();
        noCapabilities.putArray("required_capabilities");
        assertInvalid(() -> CreateJobRequest.parse(noCapabilities), "required_capabilities");
        assertInvalid(() -> CreateJobRequest.parse(validCreate().put("surprise", true)), "surprise");
        assertInvalid(() -> CreateJobRequest.parse(Json.mapper().createArrayNode()), "object");
    }

    @Test
    void anApprovalBlockIsAcceptedButOnlyNoted() {
        ObjectNode body = validCreate();
        body.putObject("approval").put("approval_required", true).put("approval_state", "approved");

        assertThat(CreateJobRequest.parse(body).callerSentApproval()).isTrue();
    }

    @Test
    void completeNeedsATerminalStatusAndAKnownReason() {
        CompleteJobRequest failed = CompleteJobRequest.parse(Json.parse(
                "{\"status\":\"failed\",\"reason_code\":\"failed_internal_error\"}"));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.reasonCode()).isEqualTo("failed_internal_error");
        assertThat(CompleteJobRequest.parse(Json.parse("{\"status\":\"cancelled\"}")).reasonCode()).isEqualTo("none");

        for (String status : new String[] {"running", "queued", "paused", "done"}) {
            assertInvalid(() -> CompleteJobRequest.parse(Json.parse("{\"status\":\"" + status + "\"}")), "status");
        }
        assertInvalid(() -> CompleteJobRequest.parse(Json.parse("{\"status\":\"failed\",\"reason_code\":\"oops\"}")),
                "reason_code");
        assertInvalid(() -> CompleteJobRequest.parse(Json.parse("{}")), "status");
    }

    @Test
    void theListingQueryHasDefaultsAndRefusesWhatItDidNotIssue() {
        assertThat(JobListQuery.parse(null, null, null)).isEqualTo(new JobListQuery(Optional.empty(), 100, 0));
        assertThat(JobListQuery.parse("queued", "500", "42"))
                .isEqualTo(new JobListQuery(Optional.of(JobStatus.QUEUED), 500, 42));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=Queued", "limit=0", "limit=501", "limit=-1", "limit=1e2", "cursor=x",
            "cursor=-5", "cursor=9999999999999999999"})
    void badListingQueriesAreRefused(String query) {
        String[] parts = query.split("=", 2);
        String status = parts[0].equals("status") ? parts[1] : null;
        String limit = parts[0].equals("limit") ? parts[1] : null;
        String cursor = parts[0].equals("cursor") ? parts[1] : null;

        assertInvalid(() -> JobListQuery.parse(status, limit, cursor), parts[0]);
    }
}
