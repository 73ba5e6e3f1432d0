package io.rezilient.restore.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order S3 lists keys in: lexicographic over the keys' UTF-8 bytes (equivalently, over Unicode
 * code points).
 *
 * <p>{@link String#compareTo} compares UTF-16 code units instead, which disagrees for characters
 * above U+FFFF: their surrogates (U+D800–U+DFFF) sort below U+E000–U+FFFF in UTF-16 but above them
 * in UTF-8. A cursor compared in String order against an S3 listing would therefore skip or repeat
 * keys, so every key comparison in the platform goes through this class.
 */
public final class KeyOrder {

    /** Compares keys by their UTF-8 bytes. */
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {
    }

    /** Returns a negative number, zero or a positive number as {@code a} sorts before, equal to or after {@code b} in UTF-8 byte order. */
    public static int compare(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Returns true if {@code a} sorts strictly after {@code b}. */
    public static boolean isAfter(String a, String b) {
        return compare(a, b) > 0;
    }

    /** Returns the number of bytes {@code s} takes in UTF-8. */
    public static int utf8Length(String s) {
        // Cheap path for ASCII, the common case for object keys.
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    /**
     * Shifts UTF-16 code units so that comparing them gives code point order: surrogates move above
     * U+E000–U+FFFF, everything below U+D800 keeps its place. Within a surrogate pair the high
     * surrogate already orders pairs by code point, so only the first differing unit matters.
     */
    private static int codePointRank(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        if (c >= 0xD800) {
            return c + 0x2000;
        }
        return c;
    }
}
