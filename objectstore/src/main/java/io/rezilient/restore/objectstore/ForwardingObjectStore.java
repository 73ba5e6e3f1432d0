package io.rezilient.restore.objectstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that hands every call to another one: the base of decorators that watch or change a few calls (what a
 * listing named, what was read) and must pass everything else through unchanged, writes and immutability included.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
    private final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    protected ObjectStore delegate() {
        return delegate;
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        return delegate.list(prefix, startAfter, limit);
    }

    @Override
    public Optional<ObjectStream> open(String key) {
        return delegate.open(key);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        delegate.put(key, bytes, contentType);
    }

    @Override
    public boolean create(String key, ContentSource content, long length, String contentType,
                          Optional<Instant> retainUntil) {
        return delegate.create(key, content, length, contentType, retainUntil);
    }

    @Override
    public Immutability immutability(String probePrefix) {
        return delegate.immutability(probePrefix);
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
