package io.rezilient.restore.service.health;

import io.rezilient.restore.objectstore.ObjectStore;

import java.util.Objects;

/** The object store answers a one-key listing (the cheapest call that proves bucket, credentials and network). */
public final class ObjectStoreCheck implements ReadinessCheck {
    private final ObjectStore store;

    public ObjectStoreCheck(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String name() {
        return "object_store";
    }

    @Override
    public void probe() {
        store.list("", null, 1);
    }
}
