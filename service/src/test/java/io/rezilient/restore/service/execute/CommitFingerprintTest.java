package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitFingerprintTest {
    private static final JsonNode BODY = Json.parse("""
            {"claim_id":"claim_1","row_outcomes":[{"row_id":"r1","outcome":"applied","reason_code":"none",
             "before_image":{"state":"exists","enc":{"v":1,"kid":"k1","ciphertext":"AAAA"}}}]}""");

    @Test
    void theSameCommitWithItsKeysInAnotherOrderHasTheSameFingerprint() {
        JsonNode reordered = Json.parse("""
                {"row_outcomes":[{"before_image":{"enc":{"ciphertext":"AAAA","kid":"k1","v":1},"state":"exists"},
                 "reason_code":"none","outcome":"applied","row_id":"r1"}],"claim_id":"claim_1"}""");

        assertThat(CommitFingerprint.of(reordered)).isEqualTo(CommitFingerprint.of(BODY)).hasSize(64);
    }

    @Test
    void anyOtherValueChangesTheFingerprint() {
        JsonNode other = Json.parse(BODY.toString().replace("\"applied\"", "\"skipped\""));
        JsonNode reordered = Json.parse(BODY.toString().replace("\"r1\"", "\"r2\""));

        assertThat(CommitFingerprint.of(other)).isNotEqualTo(CommitFingerprint.of(BODY));
        assertThat(CommitFingerprint.of(reordered)).isNotEqualTo(CommitFingerprint.of(BODY));
    }

    @Test
    void aClaimCommittedUnderTheCanonicalFingerprintStillMatchesItsReplay() {
        String stored = CanonicalJson.sha256Of(BODY);

        assertThat(CommitFingerprint.matches(stored, CommitFingerprint.of(BODY), BODY)).isTrue();
        assertThat(CommitFingerprint.matches(CommitFingerprint.of(BODY), CommitFingerprint.of(BODY), BODY)).isTrue();
        JsonNode other = Json.parse(BODY.toString().replace("\"r1\"", "\"r2\""));
        assertThat(CommitFingerprint.matches(stored, CommitFingerprint.of(other), other)).isFalse();
    }
}
