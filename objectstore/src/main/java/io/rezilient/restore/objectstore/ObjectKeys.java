package io.rezilient.restore.objectstore;

/**
 * The key and prefix rules every store enforces before doing any I/O.
 *
 * <p>A key is a non-empty string of at most {@value #MAX_KEY_BYTES} UTF-8 bytes made of
 * {@code /}-separated segments, where:
 * <ul>
 *   <li>it does not start or end with {@code /} (a trailing slash names a prefix, not an object);
 *   <li>no segment is empty ({@code a//b}), {@code .} or {@code ..}, so a key can never climb out of
 *       its prefix or alias another key when mapped to a path;
 *   <li>it holds no control characters (U+0000–U+001F, U+007F), which do not survive S3's XML
 *       listings, file names or log lines intact;
 *   <li>it is well-formed UTF-16 (no unpaired surrogate), because such a string has no UTF-8 form.
 * </ul>
 *
 * <p>A listing prefix is either empty (the whole store) or names a directory: the same rules apply to
 * it, except that a trailing {@code /} is allowed and is added when missing. So {@code inst1} and
 * {@code inst1/} both list {@code inst1/…} and never {@code inst10/…}.
 */
public final class ObjectKeys {

    /** S3's limit on key length, applied to every store so keys stay portable. */
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Returns {@code key} unchanged if it obeys the key rules, else throws {@link InvalidObjectKeyException} naming it. */
    public static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidObjectKeyException(key, "object key must be non-empty, got " + quote(key));
        }
        if (key.endsWith("/")) {
            throw new InvalidObjectKeyException(key,
                    "object key " + quote(key) + " must not end with '/' (that names a prefix, not an object)");
        }
        checkPath(key, key, "object key");
        return key;
    }

    /**
     * Returns the directory form of a listing prefix: empty stays empty, anything else is validated
     * like a key and gets a trailing {@code /} if it lacks one.
     */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidObjectKeyException(null, "listing prefix must not be null (use \"\" for the whole store)");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        if (prefix.startsWith("/")) {
            throw new InvalidObjectKeyException(prefix, "listing prefix " + quote(prefix) + " must not start with '/'");
        }
        String directory = prefix.endsWith("/") ? prefix : prefix + "/";
        checkPath(directory.substring(0, directory.length() - 1), prefix, "listing prefix");
        if (KeyOrder.utf8Length(directory) > MAX_KEY_BYTES) {
            throw new InvalidObjectKeyException(prefix,
                    "listing prefix " + quote(prefix) + " is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        return directory;
    }

    /** Returns {@code startAfter} if it can be compared with keys (null means "from the start"), else throws naming it. */
    public static String requireValidStartAfter(String startAfter) {
        if (startAfter != null && !isWellFormed(startAfter)) {
            throw new InvalidObjectKeyException(startAfter,
                    "start-after key " + quote(startAfter) + " contains an unpaired surrogate and has no UTF-8 form");
        }
        return startAfter;
    }

    /** Returns true if {@code segment} could be one {@code /}-free segment of a valid key. */
    public static boolean isValidSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !isWellFormed(segment)) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || isControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Checks the rules shared by keys and prefixes on {@code path}; messages name {@code given}, what the caller passed. */
    private static void checkPath(String path, String given, String what) {
        // Every put and get passes through here, so the happy path must not allocate: the quoted
        // name is built by invalid(...) only once a rule is actually broken.
        if (path.isEmpty() || path.startsWith("/")) {
            throw invalid(given, what, "must not start with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (isControl(c)) {
                throw invalid(given, what, String.format("contains control character U+%04X at index %d", (int) c, i));
            }
        }
        if (!isWellFormed(path)) {
            throw invalid(given, what, "contains an unpaired surrogate and has no UTF-8 form");
        }
        // Scan segments in place rather than split("/"), which allocates an array and a string per segment.
        for (int start = 0, end; start <= path.length(); start = end + 1) {
            end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0) {
                throw invalid(given, what, "has an empty segment ('//')");
            }
            if (path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(start + 1) == '.'))) {
                throw invalid(given, what, "has a '" + path.substring(start, end) + "' segment");
            }
        }
        int bytes = KeyOrder.utf8Length(path);
        if (bytes > MAX_KEY_BYTES) {
            throw new InvalidObjectKeyException(given, what + " " + quote(abbreviate(given)) + " is " + bytes
                    + " UTF-8 bytes, more than the limit of " + MAX_KEY_BYTES);
        }
    }

    /** The exception for {@code given} breaking a rule: "{what} '{given}' {problem}". */
    private static InvalidObjectKeyException invalid(String given, String what, String problem) {
        return new InvalidObjectKeyException(given, what + " " + quote(given) + " " + problem);
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String key) {
        return key.length() <= 120 ? key : key.substring(0, 120) + "…";
    }

    /** Quotes a key for an error message, escaping control characters and unpaired surrogates so the message stays readable. */
    public static String quote(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(key.length() + 2).append('\'');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1));
            if (pair) {
                out.append(c).append(key.charAt(++i));
            } else if (isControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
