package io.rezilient.restore.contracts.ids;

import io.rezilient.restore.contracts.json.CanonicalJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {
    private static final String PLAN_HASH = "2c595d5f455943ce9f36422eafd982c3287d003b5ebce0a7b983b4d1309ba27f";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, chunk_0001", "9, chunk_0010", "9998, chunk_9999", "9999, chunk_10000", "123455, chunk_123456"})
    void chunkIdsArePaddedToFourDigitsAndThenGrow(int index, String id) {
        assertThat(ChunkIds.chunkId(index)).isEqualTo(id);
        assertThat(ChunkIds.mediaChunkId(index)).isEqualTo("media_" + id);
    }

    @Test
    void negativeChunkIndexesAreRefused() {
        assertThatThrownBy(() -> ChunkIds.chunkId(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortIdsArePrefixPlus24LowerCaseHexCharacters() {
        assertThat(ExecutionIds.checkpointId("job-01", PLAN_HASH, 3, 250)).matches("chk_[0-9a-f]{24}")
                .isEqualTo("chk_d8b321a99b38a9c57463ec83");
        assertThat(ExecutionIds.claimId("job-01", PLAN_HASH, 0, 0, "2026-02-21T10:00:00.000Z"))
                .isEqualTo("claim_b86539e78f748d4eb1fe1223");
        assertThat(ExecutionIds.mirrorId(ExecutionIds.journalId("job-01", PLAN_HASH,
                "row.837c37211af51c2062f5fb2088e08cceebc00eda771aa54899dfb423fa8b703e", 1)))
                .isEqualTo("sn_mirror_f2323c7de7b19ab99ed42d6a");
    }

    @Test
    void theClaimIdExtendsTheCheckpointInputWithTheClaimTime() {
        String checkpointInput = "job-01:" + PLAN_HASH + ":2:200";
        assertThat(ExecutionIds.claimId("job-01", PLAN_HASH, 2, 200, "t"))
                .isEqualTo("claim_" + CanonicalJson.sha256Hex(checkpointInput + ":t").substring(0, ShortIds.HEX_CHARS));
        assertThat(ExecutionIds.checkpointId("job-01", PLAN_HASH, 2, 200))
                .isEqualTo("chk_" + CanonicalJson.sha256Hex(checkpointInput).substring(0, ShortIds.HEX_CHARS));
    }

    @Test
    void evidenceIdsUseAnEmptyCompletionTimeWhenThereIsNone() {
        assertThat(EvidenceIds.evidenceId("job-01", PLAN_HASH, null))
                .isEqualTo(EvidenceIds.evidenceId("job-01", PLAN_HASH, ""))
                .isEqualTo("evidence_b32b113870285b7d37800965");
    }

    @Test
    void rowIdsHashTheUnescapedPipeJoinSoTheyCanCollide() {
        assertThat(RowIds.rowId("incident", "rec-1"))
                .isEqualTo("row.837c37211af51c2062f5fb2088e08cceebc00eda771aa54899dfb423fa8b703e");
        assertThat(RowIds.rowId("a|b", "c")).isEqualTo(RowIds.rowId("a", "b|c"));
    }

    @Test
    void hashesAreOverUtf8() {
        // the UTF-8 bytes c3 a9, not Latin-1 e9 (de2e33…) or UTF-16
        assertThat(CanonicalJson.sha256Hex("\u00e9")).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
        assertThat(ExecutionIds.mirrorId("journal-\u00fc")).isEqualTo("sn_mirror_1e3ddfd60f1c826b0a59de85");
    }

    @Test
    void aLoneSurrogateIsHashedAsNodeEncodesIt() {
        // Node writes U+FFFD (ef bf bd) for a lone surrogate; String.getBytes would write '?'
        assertThat(RowIds.rowId("a\ud800", "b"))
                .isEqualTo("row.c65566660a799ac789999bf5b25cbf216c2629e8e8d5d1446c9e1c60ca205d42");
    }
}
