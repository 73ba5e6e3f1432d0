package io.rezilient.restore.contracts.ids;

import io.rezilient.restore.contracts.json.CanonicalJson;

/** The shape of the derived execution and evidence ids: a prefix plus the start of a SHA-256 hex digest. */
final class ShortIds {
    /** Derived ids keep this many hex characters (96 bits) of the digest. */
    static final int HEX_CHARS = 24;

    private ShortIds() {
    }

    /** {@code prefix} + the first {@link #HEX_CHARS} hex characters of SHA-256 over the UTF-8 of {@code text}. */
    static String derive(String prefix, String text) {
        return prefix + CanonicalJson.sha256Hex(text).substring(0, HEX_CHARS);
    }
}
