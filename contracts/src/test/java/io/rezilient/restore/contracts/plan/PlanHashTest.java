package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.IssueCode;
import io.rezilient.restore.contracts.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PlanHashTest {
    private static final String HASH = "a14ccf6fb796f804e8c8050c98721203114688685220d40752e39878bc9d3aa0";

    /** A valid plan-hash input with one row per id, in the given order. */
    private static ObjectNode input(String... rowIds) {
        ObjectNode input = (ObjectNode) Json.parse("""
                {"contract_version":"restore.contracts.v1","plan_hash_input_version":"plan-hash-input.v1",
                 "plan_hash_algorithm":"sha256",
                 "pit":{"restore_time":"2026-02-16T12:00:00.000Z","restore_timezone":"UTC",
                        "pit_algorithm_version":"pit.v1.sys_updated_on-sys_mod_count-__time-event_id",
                        "tie_breaker":["sys_updated_on","sys_mod_count","__time","event_id"],
                        "tie_breaker_fallback":["sys_updated_on","__time","event_id"]},
                 "scope":{"mode":"table","tables":["incident"]},
                 "execution_options":{"missing_row_mode":"existing_only","conflict_policy":"review_required",
                        "schema_compatibility_mode":"compatible_only","workflow_mode":"suppressed_default"},
                 "action_counts":{"update":1,"insert":0,"delete":0,"skip":0,"conflict":0,
                        "attachment_apply":0,"attachment_skip":0},
                 "rows":[],
                 "metadata_allowlist_version":"rrs.metadata.allowlist.v1"}
                """);
        ArrayNode rows = (ArrayNode) input.get("rows");
        for (String rowId : rowIds) {
            rows.add(Json.parse("""
                    {"row_id":"%s","table":"incident","record_sys_id":"rec-%s","action":"update",
                     "precondition_hash":"%s",
                     "metadata":{"allowlist_version":"rrs.metadata.allowlist.v1",
                                 "metadata":{"table":"incident","record_sys_id":"rec-%s","offset":"100"}},
                     "values":{"diff_enc":{"alg":"AES-256-GCM","ciphertext":"c-%s"}}}
                    """.formatted(rowId, rowId, HASH, rowId, rowId)));
        }
        return input;
    }

    private static ObjectNode row(ObjectNode input, int index) {
        return (ObjectNode) input.get("rows").get(index);
    }

    private static List<Issue> issues(ObjectNode input) {
        return PlanHashInputSchema.SCHEMA.parse(input).issues();
    }

    @Test
    void hashesTheCanonicalJsonOfTheParsedInput() {
        PlanHash.PlanHashResult result = PlanHash.compute(input("row-a"));

        assertThat(result.canonicalJson()).startsWith("{\"action_counts\":{\"attachment_apply\":0,")
                .contains("\"media_candidates\":[]");
        assertThat(result.planHash()).hasSize(64).isEqualTo(
                CanonicalJson.sha256Hex(result.canonicalJson()));
    }

    @Test
    void normalisesHexCaseOffsetSpellingAndMissingMediaCandidates() {
        ObjectNode variant = input("row-a");
        row(variant, 0).put("precondition_hash", HASH.toUpperCase());
        ((ObjectNode) row(variant, 0).get("metadata").get("metadata")).put("offset", 100);
        ObjectNode withEmptyMedia = input("row-a");
        withEmptyMedia.putArray("media_candidates");

        String expected = PlanHash.compute(input("row-a")).planHash();

        assertThat(PlanHash.compute(variant).planHash()).isEqualTo(expected);
        assertThat(PlanHash.compute(withEmptyMedia).planHash()).isEqualTo(expected);
    }

    @Test
    void requiresRowsSortedWithLocaleCompare() {
        assertThat(issues(input("row-a", "Row-A", "row-b"))).isEmpty();
        assertThat(issues(input("Row-B", "row-a")))
                .containsExactly(new Issue(IssueCode.CUSTOM, List.of("rows"),
                        PlanHashInputSchema.ROWS_SORTED_MESSAGE, List.of()));
    }

    @Test
    void reportsDuplicateRowIdsBeforeUnsortedOnes() {
        assertThat(issues(input("row-b", "row-a", "row-a"))).extracting(Issue::message).containsExactly(
                PlanHashInputSchema.ROWS_UNIQUE_MESSAGE, PlanHashInputSchema.ROWS_SORTED_MESSAGE);
    }

    @Test
    void anUnknownTopLevelKeySuppressesTheOrderChecks() {
        ObjectNode unsorted = input("row-b", "row-a");
        unsorted.put("approval", "x");

        assertThat(issues(unsorted)).extracting(Issue::message).containsExactly("Unrecognized key: \"approval\"");
    }

    @Test
    void refusesPlaintextAndStillRequiresEncryptedValues() {
        ObjectNode plaintext = input("row-a");
        row(plaintext, 0).set("values", Json.parse("{\"after_image_plain\":{\"a\":1}}"));

        assertThat(issues(plaintext)).extracting(Issue::path, Issue::message).containsExactly(
                tuple(List.of("rows", 0, "values", "after_image_plain"),
                        "after_image_plain is not allowed in RRS payloads"),
                tuple(List.of("rows", 0, "values"),
                        PlanHashInputSchema.ENCRYPTED_VALUES_REQUIRED_MESSAGE));
    }

    @Test
    void skipRowsNeedNoValues() {
        ObjectNode skip = input("row-a");
        row(skip, 0).put("action", "skip").remove("values");

        assertThat(issues(skip)).isEmpty();
    }

    @Test
    void rowMetadataMustNameTheRowsRecord() {
        ObjectNode mismatch = input("row-a");
        ((ObjectNode) row(mismatch, 0).get("metadata").get("metadata")).put("table", "problem");

        assertThat(issues(mismatch)).containsExactly(new Issue(IssueCode.CUSTOM,
                List.of("rows", 0, "metadata", "metadata", "table"),
                OperationalMetadataSchema.TABLE_MISMATCH_MESSAGE, List.of()));
    }

    @Test
    void recordScopeNeedsAFilter() {
        ObjectNode recordScope = input("row-a");
        recordScope.set("scope", Json.parse("{\"mode\":\"record\",\"tables\":[\"incident\"]}"));

        assertThat(issues(recordScope)).extracting(Issue::path, Issue::message).containsExactly(
                tuple(List.of("scope", "encoded_query"),
                        PlanHashInputSchema.RECORD_MODE_FILTER_MESSAGE));
    }

    @Test
    void computeNamesTheFieldAndRuleOfTheFirstProblem() {
        ObjectNode badOffset = input("row-a");
        ((ObjectNode) row(badOffset, 0).get("metadata").get("metadata")).put("offset", "-5");

        assertThatThrownBy(() -> PlanHash.compute(badOffset))
                .isInstanceOf(ValidationException.class)
                .hasMessage("rows[0].metadata.metadata.offset: must be non-negative integer offset as decimal string");
    }

    @Test
    void aMalformedHashIsAnInvalidFormatInTheReferencesWords() {
        ObjectNode badHash = input("row-a");
        row(badHash, 0).put("precondition_hash", "abc");

        assertThat(issues(badHash)).containsExactly(new Issue(IssueCode.INVALID_FORMAT,
                List.of("rows", 0, "precondition_hash"), "must be 64-char SHA-256 hex digest", List.of()));
    }

    @Test
    void aMediaCandidateNeedsAnAttachmentOrMediaIdInTheReferencesWords() {
        ObjectNode withMedia = input("row-a");
        withMedia.set("media_candidates", Json.parse("""
                [{"candidate_id":"m-1","table":"incident","record_sys_id":"rec-row-a","size_bytes":1,
                  "sha256_plain":"%s"}]""".formatted(HASH)));

        assertThat(issues(withMedia)).containsExactly(new Issue(IssueCode.CUSTOM,
                List.of("media_candidates", 0, "attachment_sys_id"),
                "media candidate requires attachment_sys_id or media_id", List.of()));
        ((ObjectNode) withMedia.get("media_candidates").get(0)).put("media_id", "blob-1");
        assertThat(issues(withMedia)).isEmpty();
    }
}
