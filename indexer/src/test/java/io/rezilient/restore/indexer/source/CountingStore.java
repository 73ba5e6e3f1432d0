package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ForwardingObjectStore;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Delegates to a real store and records list calls (their start-after keys) and reads. */
public final class CountingStore extends ForwardingObjectStore {
    public final List<String> listStartAfters = new CopyOnWriteArrayList<>();
    public final List<String> listPrefixes = new CopyOnWriteArrayList<>();
    public final List<String> reads = new CopyOnWriteArrayList<>();
    /** Told of every key opened, after it was recorded. */
    public volatile Consumer<String> onRead = key -> { };

    public CountingStore(ObjectStore delegate) {
        super(delegate);
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        listStartAfters.add(String.valueOf(startAfter));
        listPrefixes.add(prefix);
        return super.list(prefix, startAfter, limit);
    }

    @Override
    public Optional<ObjectStream> open(String key) {
        reads.add(key);
        Optional<ObjectStream> opened = super.open(key);
        onRead.accept(key);
        return opened;
    }
}
