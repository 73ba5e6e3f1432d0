package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store as the listers see it: every listing page passes through, and the artifact keys on it are remembered
 * until their manifests are read, so that {@link ItemReader} may request a manifest and its artifact together only
 * where the listing proved the artifact exists. Listers look ahead (v2 keeps up to tens of thousands of keys per
 * source), and a store may hold artifacts whose manifests never come; past {@value #MAX_REMEMBERED} keys the memory is
 * dropped, which costs only the overlap for the items listed before.
 */
final class ListedArtifacts extends ForwardingObjectStore {
    static final int MAX_REMEMBERED = 200_000;

    private final Set<String> listed = ConcurrentHashMap.newKeySet();

    ListedArtifacts(ObjectStore delegate) {
        super(delegate);
    }

    /** The artifact keys listed and not yet consumed. */
    Set<String> keys() {
        return listed;
    }

    /** Forgets the artifacts of manifests that were read. */
    void consumed(Collection<String> manifestKeys) {
        manifestKeys.forEach(key -> listed.remove(ManifestKeys.artifactKeyOf(key)));
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        ListPage page = delegate().list(prefix, startAfter, limit);
        if (listed.size() > MAX_REMEMBERED) {
            listed.clear();
        }
        for (String key : page.keys()) {
            if (ManifestKeys.isArtifact(key)) {
                listed.add(key);
            }
        }
        return page;
    }
}
