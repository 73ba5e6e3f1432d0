package io.rezilient.restore.contracts.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** JavaScript's view of strings as UTF-16 code units: {@code JSON.stringify} quoting and Node's UTF-8 encoding. */
public final class JsStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** What Node's {@code Buffer.from(text, 'utf8')} writes for a lone surrogate: U+FFFD. */
    private static final byte[] REPLACEMENT_UTF8 = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private JsStrings() {
    }

    /**
     * Appends {@code text} as a JSON string literal exactly as {@code JSON.stringify} writes it: only {@code "},
     * {@code \} and code units below U+0020 are escaped ({@code \b \f \n \r \t} in short form, the rest as lowercase
     * <code>&#92;u00xx</code>); lone surrogates become lowercase <code>&#92;udxxx</code> escapes; everything else, including U+2028,
     * U+2029, U+007F and {@code /}, is written raw.
     */
    public static void appendQuoted(String text, StringBuilder out) {
        out.append('"');
        if (!needsEscaping(text)) {
            // the common case (identifiers, ids, base64, plain prose): the text is its own literal
            out.append(text).append('"');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        appendUnicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether some code unit of {@code text} is escaped or checked for pairing by {@link #appendQuoted}. */
    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} as a JSON string literal; see {@link #appendQuoted}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendQuoted(text, out);
        return out.toString();
    }

    /**
     * UTF-8 bytes as Node encodes a JavaScript string: well-formed text as usual, each lone surrogate as U+FFFD.
     * ({@code String.getBytes} would write {@code ?} instead, which would change hashes.)
     */
    public static byte[] utf8(String text) {
        if (!hasLoneSurrogate(text)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isLoneSurrogateAt(text, i)) {
                out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(REPLACEMENT_UTF8);
                start = i + 1;
            } else if (Character.isHighSurrogate(text.charAt(i))) {
                i++; // a well-formed pair; its low half is copied with the run
            }
        }
        out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isLoneSurrogateAt(text, i)) {
                return true;
            }
            if (Character.isHighSurrogate(text.charAt(i))) {
                i++;
            }
        }
        return false;
    }

    /** Called only at code-point starts, so a low surrogate here has no high partner before it. */
    private static boolean isLoneSurrogateAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }

    private static void appendUnicodeEscape(char c, StringBuilder out) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
