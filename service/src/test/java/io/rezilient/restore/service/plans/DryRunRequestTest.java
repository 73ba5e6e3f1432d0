package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.plan.PlanHashInputSchema;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.plans.query.RecordFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class DryRunRequestTest {
    private static final String INCIDENT_A = "46d44a5b2f3a6110b0e7d6e12c99b6a3";
    private static final String INCIDENT_B = "9c573169c611228700193229fff72400";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static final String MINIMAL = """
            {
              "tenant_id": "tenant-acme",
              "instance_id": "sn-dev-01",
              "source": "sn://acme-dev.service-now.com",
              "plan_id": "plan-2026-02-16-incident",
              "requested_by": "ops.jane@acme.example",
              "pit": {
                "restore_time": "2026-02-16T12:00:00.000Z",
                "restore_timezone": "UTC",
                "pit_algorithm_version": "pit.v1.sys_updated_on-sys_mod_count-__time-event_id",
                "tie_breaker": ["sys_updated_on", "sys_mod_count", "__time", "event_id"],
                "tie_breaker_fallback": ["sys_updated_on", "__time", "event_id"]
              },
              "scope": {"mode": "table", "tables": [" x_app_ticket ", "incident", "incident"]},
              "execution_options": {
                "missing_row_mode": "existing_only",
                "conflict_policy": "review_required",
                "schema_compatibility_mode": "compatible_only",
                "workflow_mode": "suppressed_default"
              }
            }""";

    private static final String CONFLICT = """
            {"conflict_id": "cf-001", "class": "value_conflict", "table": "incident",
             "record_sys_id": "46d44a5b2f3a6110b0e7d6e12c99b6a3", "column": "short_description",
             "reason_code": "blocked_reference_conflict", "reason": "target value changed since the PIT",
             "resolution": "abort_and_replan", "observed_at": "2026-02-16T12:05:00Z"}""";

    private static final String DELETE_CANDIDATE = """
            {"candidate_id": "del-001", "row_id": "row.0a1b", "table": "incident",
             "record_sys_id": "9c573169c611228700193229fff72400", "decision": "allow_deletion"}""";

    private static String media(String id) {
        return """
                {"candidate_id": "%s", "table": "incident", "record_sys_id": "46d44a5b2f3a6110b0e7d6e12c99b6a3",
                 "attachment_sys_id": "a1f0c9e2db5e4a10b0e7d6e12c99b6ff", "content_type": "image/png",
                 "size_bytes": 20480, "sha256_plain": "%s", "decision": "include"}"""
                .formatted(id, SHA.toUpperCase());
    }

    private static final String APPROVAL = """
            {"approval_required": true, "approval_state": "approved", "approval_decision": "approve",
             "approval_decided_by": "cab.lead@acme.example", "approval_decided_at": "2026-02-16T11:00:00Z"}""";

    private static final String FULL_WATERMARK = """
            {"contract_version": "restore.contracts.v1", "tenant_id": "tenant-acme", "instance_id": "sn-dev-01",
             "source": "sn://acme-dev.service-now.com", "topic": "rez.cdc", "partition": 3, "generation_id": "gen-7",
             "indexed_through_offset": "000018842", "indexed_through_time": "2026-02-16T11:59:30.000Z",
             "coverage_start": "2026-01-01T00:00:00.000Z", "coverage_end": "2026-02-16T11:59:30.000Z",
             "freshness": "fresh", "executability": "executable", "reason_code": "none",
             "measured_at": "2026-02-16T12:00:00.000Z"}""";

    private static final String ROW = """
            {"row_id": "row.3c1f", "table": "incident", "record_sys_id": "46d44a5b2f3a6110b0e7d6e12c99b6a3",
             "action": "update", "precondition_hash": "%s",
             "metadata": {"allowlist_version": "rrs.metadata.allowlist.v1",
                          "metadata": {"table": "incident", "topic": "rez.cdc", "partition": 0, "offset": "100"}},
             "values": {"diff_enc": {"alg": "AES-256-CBC", "ciphertext": "q83vEjRWeJA="}}}""".formatted(SHA);

    private static ObjectNode minimal() {
        return (ObjectNode) Json.parse(MINIMAL);
    }

    /** The body with the value at a dotted path ({@code scope.tables}) replaced, or removed when null. */
    private static ObjectNode with(ObjectNode body, String path, JsonNode value) {
        String[] keys = path.split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < keys.length - 1; i++) {
            parent = (ObjectNode) parent.get(keys[i]);
        }
        if (value == null) {
            parent.remove(keys[keys.length - 1]);
        } else {
            parent.set(keys[keys.length - 1], value);
        }
        return body;
    }

    private static ObjectNode with(String path, String json) {
        return with(minimal(), path, json == null ? null : Json.parse(json));
    }

    private static ApiError rejection(JsonNode body) {
        Throwable thrown = catchThrowable(() -> DryRunRequest.parse(body));
        assertThat(thrown).isInstanceOf(ApiError.class);
        ApiError error = (ApiError) thrown;
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.error()).isEqualTo("invalid_request");
        return error;
    }

    private static void assertInvalid(JsonNode body, String message) {
        assertThat(rejection(body).getMessage()).isEqualTo(message);
    }

    // --- what a valid request becomes

    @Test
    void aMinimalTableRequestParsesWithDefaults() {
        DryRunRequest request = DryRunRequest.parse(minimal());

        assertThat(request.resourceScope())
                .isEqualTo(new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev.service-now.com"));
        assertThat(request.planId()).isEqualTo("plan-2026-02-16-incident");
        assertThat(request.requestedBy()).isEqualTo("ops.jane@acme.example");
        assertThat(request.pit().restoreTime()).isEqualTo(Instant.parse("2026-02-16T12:00:00Z"));
        assertThat(request.scope().mode()).isEqualTo(DryRunRequest.ScopeMode.TABLE);
        assertThat(request.scope().tables()).containsExactly("incident", "x_app_ticket");
        assertThat(request.scope().recordSysIds()).isEmpty();
        assertThat(request.scope().encodedQuery()).isEmpty();
        assertThat(request.scope().columns()).isEmpty();
        assertThat(request.conflicts()).isEmpty();
        assertThat(request.deleteCandidates()).isEmpty();
        assertThat(request.mediaCandidates()).isEmpty();
        assertThat(request.approval()).isEmpty();
        assertThat(request.watermarkHints()).isEmpty();
    }

    @Test
    void theHashedPiecesAreTheParsedJsonWithOptionalFieldsAbsent() {
        DryRunRequest request = DryRunRequest.parse(minimal());

        assertThat(request.pit().json()).isEqualTo(minimal().get("pit"));
        // the scope is hashed as written (tables unsorted, untrimmed) and gains no null fields
        assertThat(request.scope().json()).isEqualTo(Json.parse(
                "{\"mode\":\"table\",\"tables\":[\" x_app_ticket \",\"incident\",\"incident\"]}"));
        assertThat(request.executionOptions()).isEqualTo(minimal().get("execution_options"));
    }

    @Test
    void theParsedPiecesFormAValidPlanHashInput() {
        ObjectNode body = minimal();
        body.set("media_candidates", Json.parse("[" + media("med-b") + "," + media("med-a") + "]"));
        DryRunRequest request = DryRunRequest.parse(body);

        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("contract_version", "restore.contracts.v1");
        input.put("plan_hash_input_version", "plan-hash-input.v1");
        input.put("plan_hash_algorithm", "sha256");
        input.set("pit", request.pit().json());
        input.set("scope", request.scope().json());
        input.set("execution_options", request.executionOptions());
        input.set("action_counts", Json.parse("{\"update\":1,\"insert\":0,\"delete\":0,\"skip\":0,\"conflict\":0,"
                + "\"attachment_apply\":2,\"attachment_skip\":0}"));
        input.set("rows", Json.parse("[" + ROW + "]"));
        ArrayNode media = input.putArray("media_candidates");
        request.mediaCandidatesByCandidateId().forEach(media::add);
        input.put("metadata_allowlist_version", "rrs.metadata.allowlist.v1");

        ParseResult result = PlanHashInputSchema.SCHEMA.parse(input);
        assertThat(result.issues()).isEmpty();
        assertThat(result.value()).isEqualTo(input);
    }

    @Test
    void secondsPrecisionRestoreTimeIsAccepted() {
        DryRunRequest request = DryRunRequest.parse(with("pit.restore_time", "\"2026-02-16T23:59:59Z\""));
        assertThat(request.pit().restoreTime()).isEqualTo(Instant.parse("2026-02-16T23:59:59Z"));
    }

    @Test
    void aFullRequestKeepsConflictsCandidatesApprovalAndHints() {
        ObjectNode body = minimal();
        body.set("conflicts", Json.parse("[" + CONFLICT + "]"));
        body.set("delete_candidates", Json.parse("[" + DELETE_CANDIDATE + "]"));
        body.set("media_candidates", Json.parse("[" + media("med-b") + "," + media("med-a") + "]"));
        body.set("approval", Json.parse(APPROVAL));
        body.set("compatibility_adapter", Json.parse("{\"rows\":[" + ROW + "],\"watermarks\":[" + FULL_WATERMARK
                + ",{\"topic\":\" rez.cdc \",\"partition\":0},{\"topic\":\"rez.media\"}]}"));

        DryRunRequest request = DryRunRequest.parse(body);

        assertThat(request.conflicts()).containsExactly((ObjectNode) Json.parse(CONFLICT));
        assertThat(request.deleteCandidates()).containsExactly((ObjectNode) Json.parse(DELETE_CANDIDATE));
        assertThat(request.mediaCandidates()).extracting(m -> m.get("candidate_id").asText())
                .containsExactly("med-b", "med-a");
        assertThat(request.mediaCandidatesByCandidateId()).extracting(m -> m.get("candidate_id").asText())
                .containsExactly("med-a", "med-b");
        // hex is lower-cased on parse, so equal digests hash equally
        assertThat(request.mediaCandidates().get(0).get("sha256_plain").asText()).isEqualTo(SHA);
        assertThat(request.approval()).contains((ObjectNode) Json.parse(APPROVAL));
        assertThat(request.watermarkHints()).containsExactly(
                new WatermarkHint("rez.cdc", OptionalInt.of(3)),
                new WatermarkHint("rez.cdc", OptionalInt.of(0)),
                new WatermarkHint("rez.media", OptionalInt.empty()));
    }

    @Test
    void recordModeTakesSysIdsTrimmedDeduplicatedAndSorted() {
        ObjectNode body = with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],\"record_sys_ids\":[\" "
                + INCIDENT_B + "\",\"" + INCIDENT_A + "\",\"" + INCIDENT_B + "\"]}");
        DryRunRequest request = DryRunRequest.parse(body);
        assertThat(request.scope().mode()).isEqualTo(DryRunRequest.ScopeMode.RECORD);
        assertThat(request.scope().recordSysIds()).contains(List.of(INCIDENT_A, INCIDENT_B));
    }

    @Test
    void recordModeWithAnEncodedQueryCarriesTheParsedQuery() {
        ObjectNode body = with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],"
                + "\"encoded_query\":\"sys_updated_onSTARTSWITH2026-02^operation!=D\"}");
        DryRunRequest request = DryRunRequest.parse(body);
        assertThat(request.scope().encodedQuery()).get().satisfies(query -> {
            assertThat(query.text()).isEqualTo("sys_updated_onSTARTSWITH2026-02^operation!=D");
            assertThat(query.matches(new RecordFacts(INCIDENT_A, "incident", "2026-02-16 11:42:07", 9, "U",
                    "cdc.write"))).isTrue();
            assertThat(query.matches(new RecordFacts(INCIDENT_A, "incident", "2026-02-16 11:42:07", 9, "D",
                    "cdc.delete"))).isFalse();
        });
    }

    @Test
    void columnModeNeedsColumnsAndARecordFilter() {
        DryRunRequest request = DryRunRequest.parse(with("scope", "{\"mode\":\"column\",\"tables\":[\"incident\"],"
                + "\"record_sys_ids\":[\"" + INCIDENT_A + "\"],\"columns\":[\"short_description\",\"state\"]}"));
        assertThat(request.scope().mode()).isEqualTo(DryRunRequest.ScopeMode.COLUMN);
        assertThat(request.scope().columns()).contains(List.of("short_description", "state"));

        assertInvalid(with("scope", "{\"mode\":\"column\",\"tables\":[\"incident\"],\"record_sys_ids\":[\""
                + INCIDENT_A + "\"]}"), "scope.columns: column mode requires at least one column");
        assertInvalid(with("scope", "{\"mode\":\"column\",\"tables\":[\"incident\"],\"columns\":[\"state\"]}"),
                "scope.encoded_query: column mode requires encoded_query or record_sys_ids");
    }

    @Test
    void recordModeWithoutAFilterIsRefused() {
        assertInvalid(with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"]}"),
                "scope.encoded_query: record mode requires encoded_query or record_sys_ids");
    }

    @Test
    void anUnsupportedEncodedQueryIsA400NamingTheCondition() {
        ApiError error = rejection(with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],"
                + "\"encoded_query\":\"active=true^short_descriptionLIKEemail\"}"));
        assertThat(error.getMessage()).startsWith("scope.encoded_query: encoded query condition 1 'active=true'")
                .contains("sys_id, sys_updated_on");
    }

    @Test
    void anEncodedQueryIsCheckedInTableModeToo() {
        ApiError error = rejection(with("scope", "{\"mode\":\"table\",\"tables\":[\"incident\"],"
                + "\"encoded_query\":\"sys_id=abc^ORDERBYsys_updated_on\"}"));
        assertThat(error.getMessage()).contains("^ORDERBY");
    }

    // --- literal and enum mismatches

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", value = {
            "pit.restore_timezone=>\"Europe/Berlin\"=>pit.restore_timezone: Invalid input: expected \"UTC\"",
            "pit.pit_algorithm_version=>\"pit.v2\"=>pit.pit_algorithm_version: Invalid input: expected "
                    + "\"pit.v1.sys_updated_on-sys_mod_count-__time-event_id\"",
            "pit.tie_breaker=>[\"sys_updated_on\",\"__time\",\"sys_mod_count\",\"event_id\"]=>"
                    + "pit.tie_breaker[1]: Invalid input: expected \"sys_mod_count\"",
            "pit.tie_breaker_fallback=>[\"sys_updated_on\",\"sys_mod_count\",\"__time\"]=>"
                    + "pit.tie_breaker_fallback[1]: Invalid input: expected \"__time\"",
            "pit.restore_time=>\"2026-02-30T00:00:00Z\"=>pit.restore_time: "
                    + "must be ISO datetime (UTC Z) with second or millisecond precision",
            "pit.restore_time=>\"2026-02-16T13:00:00+01:00\"=>pit.restore_time: "
                    + "must be ISO datetime (UTC Z) with second or millisecond precision",
            "pit.restore_time=>\"2026-02-16 12:00:00\"=>pit.restore_time: "
                    + "must be ISO datetime (UTC Z) with second or millisecond precision",
            "execution_options.conflict_policy=>\"auto_resolve\"=>execution_options.conflict_policy: "
                    + "Invalid input: expected \"review_required\"",
            "execution_options.missing_row_mode=>\"upsert\"=>execution_options.missing_row_mode: "
                    + "Invalid option: expected one of \"existing_only\"|\"explicit_insert\"",
            "execution_options.schema_compatibility_mode=>\"any\"=>execution_options.schema_compatibility_mode: "
                    + "Invalid option: expected one of \"compatible_only\"|\"manual_override\"",
            "execution_options.workflow_mode=>\"run_all\"=>execution_options.workflow_mode: "
                    + "Invalid option: expected one of \"suppressed_default\"|\"allowlist\"",
            "scope.mode=>\"query\"=>scope.mode: Invalid option: expected one of \"table\"|\"record\"|\"column\""})
    void literalsMustMatchExactly(String path, String json, String message) {
        assertInvalid(with(path, json), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_id", "instance_id", "source", "plan_id", "requested_by", "pit", "scope",
            "execution_options"})
    void everyRequiredFieldIsRequired(String field) {
        String expected = List.of("pit", "scope", "execution_options").contains(field) ? "object" : "string";
        assertInvalid(with(field, null), field + ": Invalid input: expected " + expected + ", received undefined");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_id", "instance_id", "source", "plan_id", "requested_by"})
    void identityStringsMustNotBeEmpty(String field) {
        assertInvalid(with(field, "\"\""), field + ": Too small: expected string to have >=1 characters");
    }

    @Test
    void scopeListsMustBeNonEmptyAndNotBlank() {
        assertInvalid(with("scope.tables", "[]"), "scope.tables: Too small: expected array to have >=1 items");
        assertInvalid(with("scope.tables", "[\"incident\",\"  \"]"), "scope.tables[1]: must not be blank");
        assertInvalid(with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],\"record_sys_ids\":[]}"),
                "scope.record_sys_ids: Too small: expected array to have >=1 items");
        assertInvalid(with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],\"record_sys_ids\":[\" \"]}"),
                "scope.record_sys_ids[0]: must not be blank");
        assertInvalid(with("scope.encoded_query", "\"\""),
                "scope.encoded_query: Too small: expected string to have >=1 characters");
    }

    // --- unknown fields

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        assertInvalid(with("rows", "[]"), "Unrecognized key: \"rows\"");
        assertInvalid(with("operator_id", "\"x\""), "Unrecognized key: \"operator_id\"");
        assertInvalid(with("scope.filter", "\"active=true\""), "scope: Unrecognized key: \"filter\"");
        assertInvalid(with("pit.restore_time_zone", "\"UTC\""), "pit: Unrecognized key: \"restore_time_zone\"");
        assertInvalid(with("execution_options.dry_run", "true"),
                "execution_options: Unrecognized key: \"dry_run\"");
        ObjectNode conflict = (ObjectNode) Json.parse(CONFLICT);
        conflict.put("old_value", "printer on fire");
        assertInvalid(with(minimal(), "conflicts", JsonNodeFactory.instance.arrayNode().add(conflict)),
                "conflicts[0]: Unrecognized key: \"old_value\"");
        ObjectNode candidate = (ObjectNode) Json.parse(DELETE_CANDIDATE);
        candidate.put("reason", "x");
        assertInvalid(with(minimal(), "delete_candidates", JsonNodeFactory.instance.arrayNode().add(candidate)),
                "delete_candidates[0]: Unrecognized key: \"reason\"");
        ObjectNode approval = (ObjectNode) Json.parse(APPROVAL);
        approval.put("approved", true);
        assertInvalid(with(minimal(), "approval", approval), "approval: Unrecognized key: \"approved\"");
    }

    // --- conflicts and candidates

    @Test
    void aReferenceConflictMayNotBeSkipped() {
        ObjectNode conflict = (ObjectNode) Json.parse(CONFLICT);
        conflict.put("class", "reference_conflict").put("resolution", "skip");
        assertInvalid(with(minimal(), "conflicts", JsonNodeFactory.instance.arrayNode().add(conflict)),
                "conflicts[0].resolution: reference_conflict cannot be resolved with skip");
    }

    @ParameterizedTest
    @CsvSource({"reference_conflict, abort_and_replan", "value_conflict, skip", "stale_conflict, skip",
            "missing_row_conflict, abort_and_replan"})
    void otherResolutionsAreAccepted(String conflictClass, String resolution) {
        ObjectNode conflict = (ObjectNode) Json.parse(CONFLICT);
        conflict.put("class", conflictClass).put("resolution", resolution);
        DryRunRequest request = DryRunRequest.parse(
                with(minimal(), "conflicts", JsonNodeFactory.instance.arrayNode().add(conflict)));
        assertThat(request.conflicts().get(0).get("resolution").asText()).isEqualTo(resolution);
    }

    @Test
    void anUnresolvedReferenceConflictIsAccepted() {
        ObjectNode conflict = (ObjectNode) Json.parse(CONFLICT);
        conflict.put("class", "reference_conflict").remove("resolution");
        DryRunRequest request = DryRunRequest.parse(
                with(minimal(), "conflicts", JsonNodeFactory.instance.arrayNode().add(conflict)));
        assertThat(request.conflicts().get(0).has("resolution")).isFalse();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "class|\"data_conflict\"|conflicts[0].class: Invalid option",
            "reason_code|\"because\"|conflicts[0].reason_code: Invalid option",
            "resolution|\"ignore\"|conflicts[0].resolution: Invalid option",
            "observed_at|\"yesterday\"|conflicts[0].observed_at: must be ISO datetime",
            "reason|\"\"|conflicts[0].reason: Too small",
            "metadata|{\"allowlist_version\":\"rrs.metadata.allowlist.v1\",\"metadata\":{\"short_description\":\"x\"}}|"
                    + "conflicts[0].metadata.metadata: Unrecognized key: \"short_description\""})
    void malformedConflictsAreRefused(String field, String json, String messageStart) {
        ObjectNode conflict = (ObjectNode) Json.parse(CONFLICT);
        conflict.set(field, Json.parse(json));
        ApiError error = rejection(with(minimal(), "conflicts", JsonNodeFactory.instance.arrayNode().add(conflict)));
        assertThat(error.getMessage()).startsWith(messageStart);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "decision|\"delete\"|delete_candidates[0].decision: Invalid option",
            "row_id||delete_candidates[0].row_id: Invalid input: expected string, received undefined",
            "record_sys_id|42|delete_candidates[0].record_sys_id: Invalid input: expected string, received number"})
    void malformedDeleteCandidatesAreRefused(String field, String json, String messageStart) {
        ObjectNode candidate = (ObjectNode) Json.parse(DELETE_CANDIDATE);
        if (json == null) {
            candidate.remove(field);
        } else {
            candidate.set(field, Json.parse(json));
        }
        ApiError error = rejection(
                with(minimal(), "delete_candidates", JsonNodeFactory.instance.arrayNode().add(candidate)));
        assertThat(error.getMessage()).startsWith(messageStart);
    }

    @Test
    void malformedMediaCandidatesAreRefused() {
        ObjectNode noId = (ObjectNode) Json.parse(media("med-a"));
        noId.remove("attachment_sys_id");
        assertInvalid(with(minimal(), "media_candidates", JsonNodeFactory.instance.arrayNode().add(noId)),
                "media_candidates[0].attachment_sys_id: media candidate requires attachment_sys_id or media_id");

        ObjectNode negative = (ObjectNode) Json.parse(media("med-a"));
        negative.put("size_bytes", -1);
        assertThat(rejection(with(minimal(), "media_candidates", JsonNodeFactory.instance.arrayNode().add(negative)))
                .getMessage()).startsWith("media_candidates[0].size_bytes: Too small");

        ObjectNode badHash = (ObjectNode) Json.parse(media("med-a"));
        badHash.put("sha256_plain", "abc");
        assertInvalid(with(minimal(), "media_candidates", JsonNodeFactory.instance.arrayNode().add(badHash)),
                "media_candidates[0].sha256_plain: must be 64-char SHA-256 hex digest");

        ObjectNode otherRecord = (ObjectNode) Json.parse(media("med-a"));
        otherRecord.set("metadata", Json.parse("{\"allowlist_version\":\"rrs.metadata.allowlist.v1\","
                + "\"metadata\":{\"record_sys_id\":\"" + INCIDENT_B + "\"}}"));
        assertInvalid(with(minimal(), "media_candidates", JsonNodeFactory.instance.arrayNode().add(otherRecord)),
                "media_candidates[0].metadata.metadata.record_sys_id: metadata.record_sys_id must match record_sys_id");
    }

    @Test
    void duplicateMediaCandidateIdsAreRefused() {
        assertInvalid(with("media_candidates", "[" + media("med-a") + "," + media("med-b") + "," + media("med-a")
                        + "]"),
                "media_candidates[2].candidate_id: media_candidates must have unique candidate_id values "
                        + "(candidate_id 'med-a' repeats index 0)");
    }

    @Test
    void approvalShapeIsChecked() {
        assertThat(DryRunRequest.parse(with("approval", "{\"approval_required\":false,"
                + "\"approval_state\":\"not_requested\"}")).approval()).isPresent();
        assertInvalid(with("approval", "{\"approval_required\":\"yes\",\"approval_state\":\"approved\"}"),
                "approval.approval_required: Invalid input: expected boolean, received string");
        assertInvalid(with("approval", "{\"approval_required\":true,\"approval_state\":\"approved\","
                        + "\"approval_decided_at\":\"today\"}"),
                "approval.approval_decided_at: must be ISO datetime (UTC Z) with second or millisecond precision");
    }

    // --- compatibility adapter

    @Test
    void adapterRowsAndPitCandidatesAreValidatedThenDiscarded() {
        DryRunRequest request = DryRunRequest.parse(with("compatibility_adapter", "{\"rows\":[" + ROW + "],"
                + "\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":0}],\"pit_candidates\":[{\"row_id\":\"row.3c1f\","
                + "\"table\":\"incident\",\"record_sys_id\":\"" + INCIDENT_A + "\",\"versions\":[{\"event_id\":\"evt-1\","
                + "\"sys_updated_on\":\"2026-02-16 11:42:07\",\"sys_mod_count\":9,"
                + "\"__time\":\"2026-02-16T11:42:08.120Z\"}]}]}"));
        assertThat(request.watermarkHints()).containsExactly(new WatermarkHint("rez.cdc", OptionalInt.of(0)));
        assertThat(request.fingerprint()).isEqualTo(DryRunRequest.parse(with("compatibility_adapter",
                "{\"rows\":[" + ROW.replace("row.3c1f", "row.ffff") + "],"
                        + "\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":0}]}")).fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"rows\":[],\"watermarks\":[{\"topic\":\"rez.cdc\"}]}|compatibility_adapter.rows: Too small",
            "{\"rows\":[ROW],\"watermarks\":[]}|compatibility_adapter.watermarks: Too small",
            "{\"rows\":[ROW],\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":-1}]}|"
                    + "compatibility_adapter.watermarks[0].partition: Too small",
            "{\"rows\":[ROW],\"watermarks\":[{\"partition\":0}]}|"
                    + "compatibility_adapter.watermarks[0].topic: Invalid input: expected string",
            "{\"rows\":[ROW],\"watermarks\":[\"rez.cdc\"]}|"
                    + "compatibility_adapter.watermarks[0]: Invalid input: expected object",
            "{\"rows\":[ROW],\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":0,\"generation_id\":\"gen-7\"}]}|"
                    + "compatibility_adapter.watermarks[0].contract_version: Invalid input",
            "{\"rows\":[ROW],\"watermarks\":[{\"topic\":\"rez.cdc\"}],\"pit_candidates\":[{\"row_id\":\"r\"}]}|"
                    + "compatibility_adapter.pit_candidates[0].table: Invalid input",
            "{\"rows\":[ROW],\"watermarks\":[{\"topic\":\"rez.cdc\"}],\"rows_v2\":[]}|"
                    + "compatibility_adapter: Unrecognized key: \"rows_v2\""})
    void malformedAdaptersAreRefused(String adapter, String messageStart) {
        ApiError error = rejection(with("compatibility_adapter", adapter.replace("ROW", ROW)));
        assertThat(error.getMessage()).startsWith(messageStart);
    }

    @Test
    void adapterRowsMustNotCarryPlaintext() {
        String plaintextRow = ROW.replace("\"values\": {", "\"values\": {\"diff_plain\": {\"short_description\": \"x\"}, ");
        assertInvalid(with("compatibility_adapter", "{\"rows\":[" + plaintextRow + "],\"watermarks\":[{\"topic\":"
                + "\"rez.cdc\"}]}"), "compatibility_adapter.rows[0].values.diff_plain: diff_plain is not allowed "
                + "in RRS payloads");
    }

    // --- hostile and odd input never escapes as anything but a 400

    @Test
    void aNonObjectBodyIsA400() {
        for (JsonNode body : new JsonNode[] {null, NullNode.instance, Json.parse("42"), Json.parse("[]"),
                TextNode.valueOf("{}")}) {
            assertInvalid(body, "request body must be a JSON object");
        }
    }

    @Test
    void anEmptyBodyNamesTheFirstMissingField() {
        assertInvalid(JsonNodeFactory.instance.objectNode(),
                "tenant_id: Invalid input: expected string, received undefined");
    }

    @Test
    void everyFieldReplacedByAnyOddValueGivesA400() {
        List<String> oddValues = List.of("null", "42", "-1", "1.5", "1e400", "true", "\"\"", "\" \"", "[]", "{}",
                "[null]", "[[[[[[[[[[]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":{}}}}", "\"\\u0000\"",
                "\"" + "x".repeat(200_000) + "\"", "\"javascript:alert(1)\"", "18446744073709551616");
        List<String> paths = List.of("tenant_id", "plan_id", "pit", "pit.restore_time", "pit.tie_breaker", "scope",
                "scope.mode", "scope.tables", "execution_options", "execution_options.workflow_mode", "conflicts",
                "delete_candidates", "media_candidates", "approval", "compatibility_adapter");
        int refused = 0;
        for (String path : paths) {
            for (String odd : oddValues) {
                Throwable thrown = catchThrowable(() -> DryRunRequest.parse(with(path, odd)));
                if (thrown != null) {
                    assertThat(thrown).as(path + " = " + odd).isInstanceOf(ApiError.class);
                    assertThat(((ApiError) thrown).status()).isEqualTo(400);
                    refused++;
                }
            }
        }
        // valid: [] for the three defaulted lists, and "javascript:…" as tenant_id or plan_id, which are opaque
        // identifiers; everything else is refused — a blank, NUL or 200,000-character identifier too (InputText)
        assertThat(refused).isEqualTo(paths.size() * oddValues.size() - 3 - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"__proto__", "constructor", "0", "", "tenant_id "})
    void oddUnknownKeysAreRefused(String key) {
        ObjectNode body = minimal();
        body.set(key, Json.parse("{\"polluted\":true}"));
        assertThat(rejection(body).getMessage()).startsWith("Unrecognized key");
    }

    @Test
    void hugeButValidInputsParse() {
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tables.add("u_table_" + i);
        }
        Collections.reverse(tables);
        ArrayNode tableJson = JsonNodeFactory.instance.arrayNode();
        tables.forEach(tableJson::add);
        StringBuilder query = new StringBuilder("sys_id=" + INCIDENT_A);
        for (int i = 0; i < 20_000; i++) {
            query.append("^ORsys_id=").append(String.format("%032x", i));
        }
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("mode", "record")
                .put("encoded_query", query.toString());
        scope.set("tables", tableJson);

        DryRunRequest request = DryRunRequest.parse(with(minimal(), "scope", scope));

        assertThat(request.scope().tables()).hasSize(10_000).isSorted();
        assertThat(request.scope().encodedQuery().orElseThrow().pushDownSysIds().orElseThrow()).hasSize(20_001);
    }

    // --- fingerprint (plan_id reuse with changed inputs is a 409)

    @Test
    void theFingerprintIsLowerCaseSha256() {
        assertThat(DryRunRequest.parse(minimal()).fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void theFingerprintIgnoresKeyOrderAndWhoAsked() {
        ObjectNode full = minimal();
        full.set("conflicts", Json.parse("[" + CONFLICT + "]"));
        full.set("approval", Json.parse(APPROVAL));
        String original = DryRunRequest.parse(full).fingerprint();

        ObjectNode reordered = (ObjectNode) reversedKeys(full);
        reordered.put("requested_by", "ops.raj@acme.example");

        assertThat(DryRunRequest.parse(reordered).fingerprint()).isEqualTo(original);
    }

    @Test
    void theFingerprintIgnoresMediaCandidateOrderAsThePlanHashDoes() {
        assertThat(DryRunRequest.parse(with("media_candidates", "[" + media("med-a") + "," + media("med-b") + "]"))
                .fingerprint())
                .isEqualTo(DryRunRequest.parse(with("media_candidates", "[" + media("med-b") + "," + media("med-a")
                        + "]")).fingerprint());
    }

    @Test
    void theFingerprintTreatsDefaultsAsGiven() {
        ObjectNode explicit = minimal();
        explicit.set("conflicts", Json.parse("[]"));
        explicit.set("delete_candidates", Json.parse("[]"));
        explicit.set("media_candidates", Json.parse("[]"));
        assertThat(DryRunRequest.parse(explicit).fingerprint()).isEqualTo(DryRunRequest.parse(minimal()).fingerprint());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "tenant_id|\"tenant-globex\"",
            "plan_id|\"plan-2026-02-16-incident-v2\"",
            "pit.restore_time|\"2026-02-16T12:00:00.001Z\"",
            "scope.tables|[\"incident\"]",
            "scope|{\"mode\":\"record\",\"tables\":[\"incident\"],\"record_sys_ids\":[\"" + INCIDENT_A + "\"]}",
            "scope|{\"mode\":\"record\",\"tables\":[\"incident\"],\"encoded_query\":\"operation=D\"}",
            "execution_options.missing_row_mode|\"explicit_insert\"",
            "execution_options.workflow_mode|\"allowlist\"",
            "conflicts|[CONFLICT]",
            "delete_candidates|[DELETE_CANDIDATE]",
            "media_candidates|[{\"candidate_id\":\"m\",\"table\":\"incident\",\"record_sys_id\":\"r\","
                    + "\"media_id\":\"med-1\",\"size_bytes\":1,\"sha256_plain\":\"" + SHA + "\"}]",
            "approval|APPROVAL",
            "compatibility_adapter|{\"rows\":[ROW],\"watermarks\":[{\"topic\":\"rez.cdc\"}]}"})
    void theFingerprintChangesWithTheRequestContent(String path, String json) {
        String expanded = json.replace("CONFLICT", CONFLICT).replace("DELETE_CANDIDATE", DELETE_CANDIDATE)
                .replace("APPROVAL", APPROVAL).replace("ROW", ROW);
        assertThat(DryRunRequest.parse(with(path, expanded)).fingerprint())
                .isNotEqualTo(DryRunRequest.parse(minimal()).fingerprint());
    }

    @Test
    void theFingerprintChangesWithDecisionsAndResolutions() {
        Set<String> fingerprints = new HashSet<>();
        for (String conflict : List.of(CONFLICT, CONFLICT.replace("abort_and_replan", "skip"),
                CONFLICT.replace("\"resolution\": \"abort_and_replan\",", ""))) {
            fingerprints.add(DryRunRequest.parse(with("conflicts", "[" + conflict + "]")).fingerprint());
        }
        for (String candidate : List.of(DELETE_CANDIDATE, DELETE_CANDIDATE.replace("allow_deletion", "skip_deletion"),
                DELETE_CANDIDATE.replace(", \"decision\": \"allow_deletion\"", ""))) {
            fingerprints.add(DryRunRequest.parse(with("delete_candidates", "[" + candidate + "]")).fingerprint());
        }
        for (String decision : List.of("include", "exclude")) {
            fingerprints.add(DryRunRequest.parse(with("media_candidates",
                    "[" + media("med-a").replace("\"include\"", "\"" + decision + "\"") + "]")).fingerprint());
        }
        fingerprints.add(DryRunRequest.parse(with("compatibility_adapter", "{\"rows\":[" + ROW
                + "],\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":1}]}")).fingerprint());
        fingerprints.add(DryRunRequest.parse(with("compatibility_adapter", "{\"rows\":[" + ROW
                + "],\"watermarks\":[{\"topic\":\"rez.cdc\",\"partition\":2}]}")).fingerprint());
        assertThat(fingerprints).hasSize(10);
    }

    @Test
    void theRequestCannotBeChangedThroughItsJson() {
        ObjectNode body = minimal();
        body.set("conflicts", Json.parse("[" + CONFLICT + "]"));
        DryRunRequest request = DryRunRequest.parse(body);
        String before = request.fingerprint();

        request.pit().json().put("restore_time", "2030-01-01T00:00:00Z");
        request.scope().json().put("mode", "record");
        request.executionOptions().put("workflow_mode", "allowlist");
        request.conflicts().get(0).put("resolution", "skip");
        ((ObjectNode) body.get("scope")).put("mode", "column");

        assertThat(request.fingerprint()).isEqualTo(before);
        assertThat(request.scope().json().get("mode").asText()).isEqualTo("table");
    }

    @Test
    void absentOptionalsStayAbsentInTheScopeJson() {
        DryRunRequest request = DryRunRequest.parse(with("scope", "{\"mode\":\"record\",\"tables\":[\"incident\"],"
                + "\"record_sys_ids\":[\"" + INCIDENT_A + "\"]}"));
        assertThat(request.scope().json().has("encoded_query")).isFalse();
        assertThat(request.scope().json().has("columns")).isFalse();
        assertThat(request.scope().encodedQuery()).isEqualTo(Optional.empty());
    }

    private static JsonNode reversedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.reverse(names);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> copy.set(name, reversedKeys(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(reversedKeys(item)));
            return copy;
        }
        return node;
    }
}
