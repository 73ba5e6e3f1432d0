package io.rezilient.restore.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Hostile values: the strings, numbers and shapes that break parsers, databases and indexes. Deterministic for a
 * given {@link Random}. No value spells a word the leak check looks for, so a value echoed back in an error message
 * is never mistaken for a leak.
 */
final class FuzzValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PUNCTUATION = " \t_-.:/@+=%&?#;,";
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Strings that have broken some service somewhere: blanks, controls, broken Unicode, sizes around limits. */
    static final List<String> NASTY = List.of(
            "", " ", "   ", "\t", "\n", "\r\n", " \t\n ", "\u0000", "plan\u0000id", "\u0000\u0000", "\u0001",
            "\u001b[31m", "\u001f", "\u007f", "\u0085", "\u009f", "\u00a0", "\u2028", "\u200b", "\ud800", "\udfff",
            "a\ud800b", "\udc00\ud800", "\ufeff", "\uffff", "\ufffd", "\ud83d\ude00", "\u8868",
            "\u00fcn\u00efc\u00f6d\u00e9",
            "%00", "%", "%zz", "..", "../../etc/passwd", "/", "//", "\\", "'", "\"", "';--", "${jndi:ldap://x/a}",
            "{{7*7}}", "<b>x</b>", "null", "true", "-1", "0", "1e400", " padded ", "tab\there", "line\nbreak",
            "x".repeat(255), "x".repeat(256), "x".repeat(257), "\u00e9".repeat(129), "\ud83d\ude00".repeat(65),
            "y".repeat(2_000), "z".repeat(3_000), "w".repeat(70_000));

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A nasty string: a known offender, or random characters from every corner of UTF-16. */
    String string() {
        return chance(0.6) ? pick(NASTY) : randomString(random.nextInt(48));
    }

    /** A nasty string short enough for a header or a URL (the long ones belong to bodies). */
    String shortString() {
        String value = string();
        return value.length() > 300 ? value.substring(0, random.nextInt(300)) : value;
    }

    String randomString(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            char c = switch (kind) {
                case 0 -> (char) random.nextInt(0x20); // C0 controls, NUL included
                case 1 -> (char) (0x7f + random.nextInt(0x21)); // DEL and C1 controls
                case 2 -> (char) (0xd800 + random.nextInt(0x800)); // surrogates, mostly unpaired
                case 3 -> (char) (0xa0 + random.nextInt(0x2f60)); // Latin-1 to CJK
                case 4 -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
                default -> ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
            };
            text.append(c);
        }
        return text.toString();
    }

    /** Any JSON value that is probably the wrong one: a nasty string, an odd number, another type, deep nesting. */
    JsonNode value() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3, 4 -> NODES.textNode(string());
            case 5 -> NODES.numberNode(pick(List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 2_147_483_648L,
                    9_007_199_254_740_993L)));
            case 6 -> NODES.numberNode(pick(List.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"),
                    new BigDecimal("0.5"), new BigDecimal("1.0"), new BigDecimal("123456789012345678901234567890"))));
            case 7 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(60))));
            case 8 -> NODES.booleanNode(random.nextBoolean());
            case 9 -> NODES.nullNode();
            case 10 -> {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(NODES.textNode(string()));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                object.set(shortString(), NODES.textNode(shortString()));
                yield chance(0.2) ? nested(2 + random.nextInt(MAX_NESTING)) : object;
            }
        };
    }

    /**
     * Deepest nesting generated: beyond Jackson's default limit of 1,000 levels, which the service's parser keeps,
     * yet shallow enough for the recursive writer of {@link FuzzJson} on a thread's default stack (3,000 levels
     * overflowed it).
     */
    static final int MAX_NESTING = 1_600;

    /** Arrays nested {@code depth} deep: beyond the parser's nesting limit when deep enough. */
    static JsonNode nested(int depth) {
        JsonNode node = NODES.arrayNode();
        for (int i = 0; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }
}
