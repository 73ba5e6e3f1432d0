package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonStreamTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A row with text that needs escaping, a surrogate pair and a number JS prints its own way. */
    private static ObjectNode row(int i) {
        ObjectNode row = NODES.objectNode();
        row.put("z_last", i * 1.5);
        row.put("row_id", "row-" + i);
        row.put("text", "line\n\"quoted\" 😀 é " + "x".repeat(200));
        row.put("10", true);
        row.put("2", false);
        return row;
    }

    private static ArrayNode rows(int count) {
        ArrayNode rows = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            rows.add(row(i));
        }
        return rows;
    }

    private static JsonNode document(JsonNode outerRows, JsonNode innerRows) {
        ObjectNode document = NODES.objectNode();
        document.put("b_scalar", "β");
        document.set("rows", outerRows);
        ObjectNode nested = document.putObject("a_nested");
        nested.put("plan_hash", "abc");
        nested.set("rows", innerRows);
        nested.putArray("empty");
        document.putArray("list").add(NODES.objectNode().set("inner", innerRows.deepCopy()));
        return document;
    }

    @Test
    void streamedArraysWriteExactlyTheCanonicalTextOfTheSameDocumentInMemory() {
        ArrayNode outer = rows(700);
        ArrayNode inner = rows(3);
        JsonNode streamedDocument = document(
                CanonicalJsonStream.streamed(each -> outer.forEach(each)),
                CanonicalJsonStream.streamed(each -> inner.forEach(each)));
        List<String> pieces = new ArrayList<>();

        CanonicalJsonStream.write(streamedDocument, pieces::add);

        String expected = CanonicalJson.stringify(document(outer, inner).deepCopy());
        assertThat(String.join("", pieces)).isEqualTo(expected);
        assertThat(pieces).as("a 700-row array is handed over in several pieces").hasSizeGreaterThan(2);
        for (String piece : pieces.subList(0, pieces.size() - 1)) {
            assertThat(piece).as("pieces end after a whole element").endsWith("}");
            assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse();
        }
    }

    @Test
    void aDocumentWithoutStreamedArraysIsOnePiece() {
        List<String> pieces = new ArrayList<>();
        JsonNode document = document(rows(2), rows(1));

        CanonicalJsonStream.write(document, pieces::add);

        assertThat(pieces).containsExactly(CanonicalJson.stringify(document));
    }

    @Test
    void anEmptyStreamedArrayIsAnEmptyArray() {
        List<String> pieces = new ArrayList<>();
        ObjectNode document = NODES.objectNode();
        document.set("rows", CanonicalJsonStream.streamed(each -> { }));

        CanonicalJsonStream.write(document, pieces::add);

        assertThat(String.join("", pieces)).isEqualTo("{\"rows\":[]}");
    }

    @Test
    void valuesCanonicalJsonCannotHoldAreRefusedInsideStreamedArraysToo() {
        ObjectNode document = NODES.objectNode();
        document.set("rows", CanonicalJsonStream.streamed(each -> each.accept(NODES.missingNode())));

        assertThatThrownBy(() -> CanonicalJsonStream.write(document, piece -> { }))
                .hasMessage(CanonicalJson.UNSUPPORTED_VALUE_MESSAGE);
    }
}
