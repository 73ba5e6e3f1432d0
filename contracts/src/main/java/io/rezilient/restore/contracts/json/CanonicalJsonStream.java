package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.POJONode;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link CanonicalJson} of a document whose large arrays are never held as one tree (an evidence artifact carries
 * every row of a plan, every outcome and every journal entry of an execution). Such an array stands in the tree
 * as {@link #streamed}; its elements are produced one at a time while the text is written. The text reaches the
 * sink in pieces of about {@value #PIECE_CHARS} characters, always cut between elements, so a piece never splits a
 * string (nor a surrogate pair) and the concatenation of the pieces is exactly {@link CanonicalJson#stringify} of
 * the same document built in memory.
 */
public final class CanonicalJsonStream {
    static final int PIECE_CHARS = 64 * 1024;

    /** The elements of an array, produced in order when the array is written. */
    @FunctionalInterface
    public interface StreamedArray {
        void forEach(Consumer<JsonNode> element);
    }

    private final Consumer<String> sink;
    private final StringBuilder buffer = new StringBuilder();

    private CanonicalJsonStream(Consumer<String> sink) {
        this.sink = sink;
    }

    /** A node that stands for an array whose elements {@code array} produces when it is written. */
    public static JsonNode streamed(StreamedArray array) {
        return new POJONode(Objects.requireNonNull(array, "array"));
    }

    /**
     * Writes the canonical JSON of {@code document} to {@code sink} in pieces.
     *
     * @throws IllegalArgumentException as {@link CanonicalJson#stringify} does for values canonical JSON cannot hold
     */
    public static void write(JsonNode document, Consumer<String> sink) {
        CanonicalJsonStream stream = new CanonicalJsonStream(Objects.requireNonNull(sink, "sink"));
        stream.value(document);
        stream.drain();
    }

    private void value(JsonNode value) {
        if (value != null && value.getNodeType() == JsonNodeType.POJO
                && ((POJONode) value).getPojo() instanceof StreamedArray array) {
            streamedArray(array);
        } else if (value != null && value.isObject() && containsStreamed(value)) {
            object(value);
        } else if (value != null && value.isArray() && containsStreamed(value)) {
            array(value);
        } else {
            CanonicalJson.append(value, buffer);
        }
    }

    private void object(JsonNode object) {
        buffer.append('{');
        boolean first = true;
        for (String key : CanonicalJson.memberOrder(object)) {
            if (!first) {
                buffer.append(',');
            }
            first = false;
            JsStrings.appendQuoted(key, buffer);
            buffer.append(':');
            value(object.get(key));
        }
        buffer.append('}');
    }

    private void array(JsonNode array) {
        buffer.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                buffer.append(',');
            }
            value(array.get(i));
        }
        buffer.append(']');
    }

    private void streamedArray(StreamedArray array) {
        buffer.append('[');
        boolean[] first = {true};
        array.forEach(element -> {
            if (!first[0]) {
                buffer.append(',');
            }
            first[0] = false;
            CanonicalJson.append(element, buffer);
            if (buffer.length() >= PIECE_CHARS) {
                drain();
            }
        });
        buffer.append(']');
    }

    private void drain() {
        if (!buffer.isEmpty()) {
            sink.accept(buffer.toString());
            buffer.setLength(0);
        }
    }

    private static boolean containsStreamed(JsonNode node) {
        if (node.getNodeType() == JsonNodeType.POJO) {
            return ((POJONode) node).getPojo() instanceof StreamedArray;
        }
        for (JsonNode child : node) {
            if (containsStreamed(child)) {
                return true;
            }
        }
        return false;
    }
}
