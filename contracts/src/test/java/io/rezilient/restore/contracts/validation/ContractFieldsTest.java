package io.rezilient.restore.contracts.validation;

import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.offsets.Offsets;
import io.rezilient.restore.contracts.time.IsoUtc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractFieldsTest {
    @Test
    void lowerCasesSha256Hex() {
        String upper = "\"" + "AB".repeat(32) + "\"";

        assertThat(ContractFields.sha256Hex().parse(Json.parse(upper)).value().textValue()).isEqualTo("ab".repeat(32));
        assertThat(ContractFields.sha256Hex().parse(Json.parse("\"abc\"")).issues())
                .containsExactly(Issue.of(IssueCode.INVALID_FORMAT, "must be 64-char SHA-256 hex digest"));
    }

    @Test
    void canonicalisesOffsetsAndRejectsUnsafeNumbers() {
        assertThat(ContractFields.offset().parse(Json.parse("\"000123\"")).value().textValue()).isEqualTo("123");
        assertThat(ContractFields.offset().parse(Json.parse("7.0")).value().textValue()).isEqualTo("7");
        assertThat(ContractFields.offset().parse(Json.parse("9007199254740992")).issues())
                .containsExactly(Issue.of(IssueCode.CUSTOM, Offsets.RULE_MESSAGE));
    }

    @Test
    void checksIsoInstantsStrictlyButKeepsTheirSpelling() {
        assertThat(ContractFields.isoDateTime().parse(Json.parse("\"2026-02-16T11:59:59Z\"")).value().textValue())
                .isEqualTo("2026-02-16T11:59:59Z");
        assertThat(ContractFields.isoDateTime().parse(Json.parse("\"2026-02-30T00:00:00Z\"")).issues())
                .containsExactly(Issue.of(IssueCode.CUSTOM, IsoUtc.RULE_MESSAGE));
    }

    @Test
    void checksServiceNowTimestampShapeAsAFormat() {
        assertThat(ContractFields.serviceNowDateTime().parse(Json.parse("\"2026-02-30 99:99:99\"")).isValid()).isTrue();
        assertThat(ContractFields.serviceNowDateTime().parse(Json.parse("\"2026-02-16T10:00:00\"")).issues())
                .extracting(Issue::code).containsExactly(IssueCode.INVALID_FORMAT);
    }

    @Test
    void encryptedPayloadIsStrict() {
        ParseResult result = ContractFields.encryptedPayload()
                .parse(Json.parse("{\"alg\":\"a\",\"ciphertext\":\"c\",\"iv\":\"x\"}"));

        assertThat(result.issues()).extracting(Issue::message).containsExactly("Unrecognized key: \"iv\"");
    }
}
