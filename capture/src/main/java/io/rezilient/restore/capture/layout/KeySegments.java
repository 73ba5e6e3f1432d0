package io.rezilient.restore.capture.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How values become key segments. Values made only of {@code A-Z a-z 0-9 . _ -} (and not starting with a dot)
 * are used as they are; anything else, which might hold {@code /}, {@code =}, spaces or characters some stores
 * mangle, becomes {@code ~b64~} + unpadded base64url of its UTF-8 bytes. A missing value is {@value #ABSENT}.
 */
public final class KeySegments {
    /** Stands for a null value (no SN table or app name is a lone underscore). */
    public static final String ABSENT = "_";
    public static final String BASE64_MARK = "~b64~";
    /** Event ids longer than this many UTF-8 bytes are hashed so a segment stays within filesystem limits. */
    public static final int MAX_EVENT_ID_BYTES = 128;
    public static final String HASH_MARK = "~sha256~";
    /** Offsets are written with this many digits: enough for any non-negative 64-bit value. */
    public static final int OFFSET_DIGITS = 20;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    private KeySegments() {
    }

    /** A value as a segment body ({@code table=<value>}). */
    public static String value(String value) {
        if (value == null) {
            return ABSENT;
        }
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return encoded(value);
    }

    /** An event id: lowercase hex as is, long ids hashed, anything else base64url (the reference's {@code event=<hex or ~b64~token>}). */
    public static String eventToken(String eventId) {
        byte[] utf8 = eventId.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_EVENT_ID_BYTES) {
            return HASH_MARK + sha256Hex(utf8);
        }
        if (LOWER_HEX.matcher(eventId).matches()) {
            return eventId;
        }
        return encoded(eventId);
    }

    /** An offset zero-padded to {@value #OFFSET_DIGITS} digits, so string order is numeric order. */
    public static String offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    private static String encoded(String value) {
        return BASE64_MARK + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
