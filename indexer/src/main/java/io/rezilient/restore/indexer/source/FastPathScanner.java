package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The fast path (indexer-spec §2.6): manifest keys after the scan cursor, in UTF-8 order. A page without manifests
 * never ends the poll (no empty-page starvation): scanning continues after the page's last raw key until the limit
 * is reached, the listing is exhausted, or the per-poll page cap is hit.
 */
final class FastPathScanner {
    /**
     * @param keys         selected manifest keys, ascending
     * @param lastExamined the last raw key listed (manifest or not), or null
     * @param pageCapHit   the poll stopped at the page cap with keys possibly left to list
     */
    record Result(List<String> keys, String lastExamined, boolean pageCapHit, int listCalls) {
    }

    private FastPathScanner() {
    }

    static Result scan(ObjectStore store, String listingPrefix, String scanCursor, int limit, int maxPages) {
        List<String> selected = new ArrayList<>();
        String after = scanCursor;
        int calls = 0;
        if (limit <= 0) {
            return new Result(selected, null, false, 0);
        }
        while (calls < maxPages) {
            ListPage page = store.list(listingPrefix, after, ManifestKeys.pageSize(limit));
            calls++;
            for (String key : page.keys()) {
                if (ManifestKeys.isManifest(listingPrefix, key)) {
                    selected.add(key);
                    if (selected.size() == limit) {
                        return new Result(selected, key, false, calls);
                    }
                }
            }
            if (page.keys().isEmpty() || !page.hasMore()) {
                return new Result(selected, page.lastKey().orElse(after), false, calls);
            }
            after = page.lastKey().orElseThrow();
        }
        return new Result(selected, after, true, calls);
    }
}
