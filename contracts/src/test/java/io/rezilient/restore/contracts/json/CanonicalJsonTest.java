package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {
    private static String canonical(String json) {
        return CanonicalJson.stringify(Json.parse(json));
    }

    @Test
    void ordersKeysWithLocaleCompareNotCodePoints() {
        assertThat(canonical("{\"b\":1,\"B\":2,\"a\":3,\"A\":4,\"_\":5,\"-\":6}"))
                .isEqualTo("{\"_\":5,\"-\":6,\"a\":3,\"A\":4,\"b\":1,\"B\":2}");
    }

    @Test
    void putsArrayIndexKeysFirstInNumericOrder() {
        assertThat(canonical("{\"b\":1,\"10\":2,\"9\":3,\"a\":4,\"0\":5,\"01\":6,\"4294967295\":7}"))
                .isEqualTo("{\"0\":5,\"9\":3,\"10\":2,\"01\":6,\"4294967295\":7,\"a\":4,\"b\":1}");
    }

    @Test
    void keepsInputOrderForCollationEqualKeys() {
        assertThat(canonical("{\"e\\u0301\":1,\"\\u00e9\":2}")).isEqualTo("{\"e\u0301\":1,\"\u00e9\":2}");
        assertThat(canonical("{\"\\u00e9\":2,\"e\\u0301\":1}")).isEqualTo("{\"\u00e9\":2,\"e\u0301\":1}");
    }

    @Test
    void dropsProtoKeysAndUndefinedValues() {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("b", 1);
        object.set("a", MissingNode.getInstance());
        object.put("__proto__", "x");
        assertThat(CanonicalJson.stringify(object)).isEqualTo("{\"b\":1}");
    }

    @Test
    void rejectsUndefinedInsideArrays() {
        var array = JsonNodeFactory.instance.arrayNode().add(MissingNode.getInstance());
        assertThatThrownBy(() -> CanonicalJson.stringify(array))
                .hasMessage(CanonicalJson.UNSUPPORTED_VALUE_MESSAGE);
    }

    @Test
    void writesNonFiniteNumbersAsNullAndNegativeZeroAsZero() {
        var array = JsonNodeFactory.instance.arrayNode()
                .add(DoubleNode.valueOf(Double.NaN)).add(DoubleNode.valueOf(Double.NEGATIVE_INFINITY))
                .add(DoubleNode.valueOf(-0.0));
        assertThat(CanonicalJson.stringify(array)).isEqualTo("[null,null,0]");
    }

    @Test
    void escapesOnlyWhatJsonStringifyEscapes() {
        assertThat(canonical("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f\\u2028\\u00E9\""))
                .isEqualTo("\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028\u00e9\"");
    }

    @Test
    void escapesLoneSurrogatesButKeepsPairsRaw() {
        assertThat(canonical("[\"\\ud800\",\"\\udfff\",\"\\ud83d\\ude00\",\"\\ude00\\ud83d\"]"))
                .isEqualTo("[\"\\ud800\",\"\\udfff\",\"\uD83D\uDE00\",\"\\ude00\\ud83d\"]");
    }

    @Test
    void roundsBigIntegersLikeJsonParse() {
        assertThat(canonical("[12345678901234567890,9007199254740993,1.0,1E3]"))
                .isEqualTo("[12345678901234567000,9007199254740992,1,1000]");
    }

    @Test
    void hashesUtf8BytesInLowerCaseHex() {
        assertThat(CanonicalJson.sha256Hex("null"))
                .isEqualTo("74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b");
    }

    @Test
    void encodesLoneSurrogatesAsReplacementCharacterLikeNode() {
        assertThat(JsStrings.utf8("a\uD800b")).containsExactly('a', 0xEF - 256, 0xBF - 256, 0xBD - 256, 'b');
        assertThat(JsStrings.utf8("\uD83D\uDE00")).hasSize(4);
    }
}
