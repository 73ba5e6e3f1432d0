package io.rezilient.restore.contracts.ids;

import io.rezilient.restore.contracts.json.CanonicalJson;

/**
 * Stable id of a materialised plan row: {@code row.} + SHA-256 hex of {@code "{table}|{record_sys_id}"}.
 * Nothing is escaped, so {@code ("a|b", "c")} and {@code ("a", "b|c")} share an id; that is the reference's
 * derivation and stored plans depend on it.
 */
public final class RowIds {
    public static final String PREFIX = "row.";

    private RowIds() {
    }

    public static String rowId(String table, String recordSysId) {
        return PREFIX + CanonicalJson.sha256Hex(table + "|" + recordSysId);
    }
}
