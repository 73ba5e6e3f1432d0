package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON as the reference's {@code canonicalJsonStringify} writes it, bit for bit: object keys ordered with
 * {@link JsCollation} (a stable sort, so collation-equal keys keep their input order), array-index keys first in
 * numeric order as any JavaScript object lists them, arrays in their order, no whitespace, strings quoted like
 * {@code JSON.stringify} and numbers printed like {@code Number::toString}. Plan hashes, precondition hashes,
 * checksums and evidence are all computed over this text, so it must never change for {@code plan-hash-input.v1}.
 *
 * <p>JavaScript values JSON cannot carry map as follows: a {@link com.fasterxml.jackson.databind.node.MissingNode}
 * stands for {@code undefined} (dropped as a property value, rejected in an array or at the root); NaN and
 * ±Infinity print as {@code null}; -0 prints as {@code 0}. A {@code "__proto__"} key is dropped, because the
 * reference rebuilds each object by assignment, which sends that key to the prototype setter.
 */
public final class CanonicalJson {
    /** The reference's error text for a value canonical JSON cannot hold. */
    public static final String UNSUPPORTED_VALUE_MESSAGE = "unsupported value in canonical JSON serialization";

    private static final String PROTO_KEY = "__proto__";
    private static final HexFormat LOWER_HEX = HexFormat.of();

    private CanonicalJson() {
    }

    /**
     * The canonical JSON text of {@code value}.
     *
     * @throws IllegalArgumentException with {@link #UNSUPPORTED_VALUE_MESSAGE} for {@code undefined} in an array or at
     *                                  the root, and for binary or POJO nodes
     */
    public static String stringify(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /**
     * Appends the canonical JSON text of {@code value} to {@code out}, for callers that assemble one large text
     * from parts (a plan's rows are streamed into its hash, never held as one node).
     */
    public static void append(JsonNode value, StringBuilder out) {
        write(value, out);
    }

    /** Lower-case hex SHA-256 over the UTF-8 bytes of {@code text} (Node's encoding, see {@link JsStrings#utf8}). */
    public static String sha256Hex(String text) {
        try {
            return LOWER_HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(JsStrings.utf8(text)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }

    /** Lower-case hex SHA-256 of the canonical JSON of {@code value}. */
    public static String sha256Of(JsonNode value) {
        return sha256Hex(stringify(value));
    }

    private static void write(JsonNode value, StringBuilder out) {
        if (value == null || value.isMissingNode()) {
            throw new IllegalArgumentException(UNSUPPORTED_VALUE_MESSAGE);
        }
        switch (value.getNodeType()) {
            case OBJECT -> writeObject(value, out);
            case ARRAY -> writeArray(value, out);
            case STRING -> JsStrings.appendQuoted(value.textValue(), out);
            case NUMBER -> writeNumber(value, out);
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException(UNSUPPORTED_VALUE_MESSAGE);
        }
    }

    private static void writeObject(JsonNode object, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (String key : memberOrder(object)) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsStrings.appendQuoted(key, out);
            out.append(':');
            write(object.get(key), out);
        }
        out.append('}');
    }

    /**
     * The keys of {@code object} in the order canonical JSON writes them: array-index keys first in numeric order,
     * then the others by {@link JsCollation}; {@code __proto__} and {@code undefined} members left out.
     */
    static List<String> memberOrder(JsonNode object) {
        List<String> indexKeys = new ArrayList<>();
        List<String> otherKeys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            if (PROTO_KEY.equals(key) || field.getValue().isMissingNode()) {
                continue;
            }
            (JsPropertyOrder.isArrayIndex(key) ? indexKeys : otherKeys).add(key);
        }
        indexKeys.sort(Comparator.comparingLong(Long::parseLong));
        List<String> ordered = new ArrayList<>(indexKeys);
        ordered.addAll(KeyOrder.sorted(otherKeys));
        return ordered;
    }

    private static void writeArray(JsonNode array, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(array.get(i), out);
        }
        out.append(']');
    }

    private static void writeNumber(JsonNode number, StringBuilder out) {
        double value = JsValues.toDouble(number);
        out.append(Double.isFinite(value) ? JsNumbers.toString(value) : "null");
    }
}
