package io.rezilient.restore.objectstore;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A flat key-to-bytes store with ordered listing: the one way the platform reads and writes objects.
 *
 * <p>Keys follow {@link ObjectKeys}; listings are in UTF-8 byte order ({@link KeyOrder}), which is
 * the order S3 uses. A non-empty prefix names a directory: it is normalised to end with {@code /},
 * so listing {@code inst1/} (or {@code inst1}) never returns {@code inst10/…}. A missing object is
 * an empty {@code Optional}; every failure is an {@link ObjectStoreException} whose message names the
 * store and key, and which says whether trying again may help. Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /** Content type stored when the caller does not give one. */
    String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    /**
     * Returns up to {@code limit} keys under {@code prefix} that sort strictly after
     * {@code startAfter} (null: from the start), in UTF-8 byte order, following the backend's
     * continuation as needed, and says whether more keys follow.
     */
    ListPage list(String prefix, String startAfter, int limit);

    /** Opens the object stored under {@code key} for streaming, or returns empty if there is none. */
    Optional<ObjectStream> open(String key);

    /** Stores {@code bytes} under {@code key} with {@code contentType}, replacing any object there; readers see the old or the new object whole, never a mix. */
    void put(String key, byte[] bytes, String contentType);

    /**
     * Creates the object {@code key} from {@code length} bytes of {@code content} only if no object has that key;
     * returns false, writing nothing, when one does. With {@code retainUntil} the object is also locked (S3 Object
     * Lock, compliance mode) until then — only on a store whose {@link #immutability} is
     * {@link Immutability#OBJECT_LOCK}.
     *
     * @throws PermanentObjectStoreException when this store cannot create conditionally
     */
    default boolean create(String key, ContentSource content, long length, String contentType,
                           Optional<java.time.Instant> retainUntil) {
        throw new PermanentObjectStoreException(describe() + " cannot create objects conditionally");
    }

    /**
     * Finds what this store enforces for objects that must never change, writing (and, where it may, removing)
     * probe objects under {@code probePrefix}.
     */
    default Immutability immutability(String probePrefix) {
        return Immutability.NONE;
    }

    /** Removes the object stored under {@code key}; removing a key that holds no object succeeds. */
    void delete(String key);

    /** A short name for messages, such as {@code s3://bucket} or {@code file:/var/lib/rez/objects}. */
    String describe();

    /** Lists the first {@code limit} keys under {@code prefix}; see {@link #list(String, String, int)}. */
    default ListPage list(String prefix, int limit) {
        return list(prefix, null, limit);
    }

    /** Returns every key under {@code prefix}, or throws {@link ListingLimitExceededException} if there are more than {@code maxKeys}. */
    default List<String> listAll(String prefix, int maxKeys) {
        ListPage page = list(prefix, null, maxKeys);
        if (page.hasMore()) {
            throw new ListingLimitExceededException(describe(), ObjectKeys.normalizePrefix(prefix), maxKeys);
        }
        return page.keys();
    }

    /** Returns the whole object stored under {@code key}, or empty if there is none. */
    default Optional<byte[]> get(String key) {
        Optional<ObjectStream> opened = open(key);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (ObjectStream object = opened.get()) {
            return Optional.of(object.readAllBytes());
        } catch (IOException e) {
            throw new TransientObjectStoreException(
                    "closing object " + ObjectKeys.quote(key) + " in " + describe() + " failed: " + e, e);
        }
    }

    /** Stores {@code bytes} under {@code key} as {@value #DEFAULT_CONTENT_TYPE}. */
    default void put(String key, byte[] bytes) {
        put(key, bytes, DEFAULT_CONTENT_TYPE);
    }

    /** Releases connections and threads held by the store; the default holds none. */
    @Override
    default void close() {
    }
}
