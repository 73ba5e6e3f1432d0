package io.rezilient.restore.objectstore;

/**
 * What a store can enforce for objects that must never change once written (evidence packages), as found by
 * {@link ObjectStore#immutability}.
 */
public enum Immutability {
    /** The bucket has S3 Object Lock enabled: creates carry a compliance-mode retention and cannot be overwritten. */
    OBJECT_LOCK("s3_object_lock"),
    /** Creates are conditional (S3 {@code If-None-Match: *}, or an exclusive file link): an existing key is never replaced. */
    CONDITIONAL_CREATE("conditional_create"),
    /** The store replaced an object on a conditional create: nothing stops an overwrite. */
    NONE("none");

    private final String wire;

    Immutability(String wire) {
        this.wire = wire;
    }

    /** The name written in records and logs. */
    public String wire() {
        return wire;
    }
}
