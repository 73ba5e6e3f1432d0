package io.rezilient.restore.objectstore;

import java.util.List;
import java.util.Optional;

/**
 * One answer of {@link ObjectStore#list}: keys in UTF-8 byte order, and whether the store holds
 * further keys after the last one. To read on, list again with {@code startAfter = lastKey()}.
 *
 * @param keys    the keys found, strictly ascending in {@link KeyOrder} order, never more than the limit asked for
 * @param hasMore true if at least one more key under the prefix sorts after the last key returned
 */
public record ListPage(List<String> keys, boolean hasMore) {

    public ListPage {
        keys = List.copyOf(keys);
    }

    /** The last key of this page, the {@code startAfter} for the next one; empty if the page is empty. */
    public Optional<String> lastKey() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.getLast());
    }
}
