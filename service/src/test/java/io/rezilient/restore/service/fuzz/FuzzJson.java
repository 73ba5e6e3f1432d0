package io.rezilient.restore.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way a hostile client may: any string a Java {@code String} can hold — NUL, control characters,
 * lone surrogates — either as {@code \\uXXXX} escapes (valid JSON text whose values are nasty) or as raw bytes in a
 * lenient UTF-8 that encodes lone surrogates too (text that is not valid UTF-8 at all). Jackson refuses to write
 * either, which is why the fuzz test has its own writer.
 */
final class FuzzJson {
    private FuzzJson() {
    }

    /** JSON text with every character outside printable ASCII escaped. */
    static String escaped(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, true);
        return out.toString();
    }

    /** JSON text with non-ASCII characters left raw (for {@link #bytes} to encode). */
    static String raw(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, false);
        return out.toString();
    }

    /** A JSON string literal of {@code text}, escaped. */
    static String string(String text) {
        StringBuilder out = new StringBuilder();
        writeString(text, out, true);
        return out.toString();
    }

    /**
     * UTF-8, except that a lone surrogate is encoded as the three bytes UTF-8 would give its code point (so the
     * result is invalid UTF-8, as a careless or hostile client sends it).
     */
    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                out.write(codePoint);
            } else if (codePoint < 0x800) {
                out.write(0xC0 | (codePoint >> 6));
                out.write(0x80 | (codePoint & 0x3F));
            } else if (codePoint < 0x10000) {
                out.write(0xE0 | (codePoint >> 12));
                out.write(0x80 | ((codePoint >> 6) & 0x3F));
                out.write(0x80 | (codePoint & 0x3F));
            } else {
                out.write(0xF0 | (codePoint >> 18));
                out.write(0x80 | ((codePoint >> 12) & 0x3F));
                out.write(0x80 | ((codePoint >> 6) & 0x3F));
                out.write(0x80 | (codePoint & 0x3F));
            }
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, StringBuilder out, boolean escape) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(field.getKey(), out, escape);
                out.append(':');
                write(field.getValue(), out, escape);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out, escape);
            }
            out.append(']');
        } else if (node.isTextual()) {
            writeString(node.textValue(), out, escape);
        } else if (node.isBigDecimal()) {
            out.append(node.decimalValue().toString()); // e.g. 1E+400: valid JSON, no double holds it
        } else {
            out.append(node.asText());
        }
    }

    private static void writeString(String text, StringBuilder out, boolean escape) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (escape && c > 0x7e)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
