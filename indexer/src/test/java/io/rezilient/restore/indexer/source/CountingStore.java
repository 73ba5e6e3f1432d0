package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to a real store and records list calls (their start-after keys) and reads. */
public final class CountingStore implements ObjectStore {
    private final ObjectStore delegate;
    public final List<String> listStartAfters = new CopyOnWriteArrayList<>();
    public final List<String> reads = new CopyOnWriteArrayList<>();

    public CountingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        listStartAfters.add(String.valueOf(startAfter));
        return delegate.list(prefix, startAfter, limit);
    }

    @Override
    public Optional<ObjectStream> open(String key) {
        reads.add(key);
        return delegate.open(key);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        delegate.put(key, bytes, contentType);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
