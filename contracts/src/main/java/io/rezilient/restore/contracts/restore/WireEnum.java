package io.rezilient.restore.contracts.restore;

/** A contract enum constant together with the exact string it has on the wire. */
public interface WireEnum {
    /** The value as it appears in JSON, URLs and the database. */
    String wire();
}
