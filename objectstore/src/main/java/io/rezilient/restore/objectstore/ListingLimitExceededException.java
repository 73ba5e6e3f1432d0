package io.rezilient.restore.objectstore;

/** A bounded listing found more keys than the caller allowed; raised instead of returning a truncated list. */
public final class ListingLimitExceededException extends PermanentObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final int maxKeys;

    public ListingLimitExceededException(String store, String prefix, int maxKeys) {
        super("listing prefix '" + prefix + "' in " + store + " has more than " + maxKeys
                + " keys; refusing to return a truncated list (page with list(prefix, startAfter, limit) instead)");
        this.prefix = prefix;
        this.maxKeys = maxKeys;
    }

    /** The normalised prefix that was listed. */
    public String prefix() {
        return prefix;
    }

    /** The bound that was exceeded. */
    public int maxKeys() {
        return maxKeys;
    }
}
