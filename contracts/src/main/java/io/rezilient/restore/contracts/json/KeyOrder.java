package io.rezilient.restore.contracts.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical order of an object's (non-index) keys, remembered per key list. Collating with
 * {@link JsCollation} is what canonical JSON spends most of its time on, and the objects hashed in bulk — plan rows,
 * row outcomes, target records — come by the thousand with the same keys in the same input order, so each distinct
 * list is sorted once. The order depends on nothing but the list (the sort is stable), so remembering it cannot
 * change a hash.
 */
final class KeyOrder {
    /** Distinct key lists kept; past it the memory starts again (a workload with ever-new keys gains nothing). */
    private static final int MAX_REMEMBERED = 4096;
    private static final Map<List<String>, List<String>> SORTED = new ConcurrentHashMap<>();

    private KeyOrder() {
    }

    /** {@code keys} sorted by {@link JsCollation#LOCALE_COMPARE}, stable like {@code Array.prototype.sort}. */
    static List<String> sorted(List<String> keys) {
        if (keys.size() < 2) {
            return keys;
        }
        List<String> known = SORTED.get(keys);
        if (known != null) {
            return known;
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(JsCollation.LOCALE_COMPARE);
        if (SORTED.size() >= MAX_REMEMBERED) {
            SORTED.clear();
        }
        SORTED.put(List.copyOf(keys), List.copyOf(sorted));
        return sorted;
    }
}
