package io.rezilient.restore.capture.testing;

import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.objectstore.ObjectStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads everything under a prefix, for whole-output assertions. */
public final class StoreContents {
    private static final int MAX_KEYS = 1_000_000;

    private StoreContents() {
    }

    public static List<String> keys(ObjectStore store, String prefix) {
        return store.listAll(prefix, MAX_KEYS);
    }

    /** Key → SHA-256 of the object's bytes, in key order. */
    public static Map<String, String> hashes(ObjectStore store, String prefix) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String key : keys(store, prefix)) {
            hashes.put(key, Sha256.hex(store.get(key).orElseThrow()));
        }
        return hashes;
    }

    public static byte[] bytes(ObjectStore store, String key) {
        return store.get(key).orElseThrow(() -> new AssertionError("no object " + key));
    }
}
