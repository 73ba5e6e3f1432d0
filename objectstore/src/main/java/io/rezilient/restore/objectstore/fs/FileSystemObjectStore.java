package io.rezilient.restore.objectstore.fs;

import io.rezilient.restore.objectstore.ContentSource;
import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.InvalidObjectKeyException;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectKeys;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStoreException;
import io.rezilient.restore.objectstore.ObjectStream;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import io.rezilient.restore.objectstore.TransientObjectStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded object store: key {@code a/b/c.json} is the file {@code <root>/a/b/c.json}.
 *
 * <p>Writes go to a temporary file in the target's directory, are flushed to disk, and are then
 * renamed over the target with {@code ATOMIC_MOVE}: a reader opens either the old file or the new
 * one, never a partial write, and concurrent writers of one key leave exactly one whole version.
 * Temporary files start with {@value #TEMP_PREFIX} and are never listed; keys with a segment that
 * starts that way are refused so the two can never be confused.
 *
 * <p>Limits a filesystem imposes beyond {@link ObjectKeys}: a segment is at most 255 UTF-8 bytes,
 * and a key cannot be both an object and a prefix of other objects ({@code a} and {@code a/b}),
 * since {@code a} cannot be a file and a directory at once; such a put fails permanently, naming the
 * key. Content types are not stored. Built for POSIX filesystems (rename replaces atomically).
 */
public final class FileSystemObjectStore implements ObjectStore {
    /** Objects up to this size are read into one array directly by {@link #get}. */
    private static final long MAX_DIRECT_READ = 16L * 1024 * 1024;

    /** Name prefix of in-flight writes. */
    static final String TEMP_PREFIX = ".rez-tmp-";

    private static final int MAX_SEGMENT_BYTES = 255;
    // A concurrent delete may remove a just-created, still-empty parent directory; a put re-creates
    // it. Two racing losses in a row are already unlikely, so a few tries are plenty.
    private static final int MAX_DIRECTORY_RACES = 5;
    private static final int MAX_KNOWN_DIRECTORIES = 65_536;

    // Temp names are <TEMP_PREFIX><process tag>-<store number>-<counter>.part. The random tag (drawn
    // once, not per put as Files.createTempFile does) keeps processes sharing a root apart, the store
    // number keeps stores of one process apart, the counter keeps puts apart; CREATE_NEW still
    // guarantees we never write into a file someone else owns, and a clash just takes the next name.
    private static final String PROCESS_TAG = Long.toUnsignedString(new SecureRandom().nextLong(), 36);
    private static final AtomicLong STORE_NUMBERS = new AtomicLong();
    // Files.createTempFile made objects owner-only (0600) on POSIX; keep that when we open the file ourselves.
    private static final FileAttribute<?>[] OWNER_ONLY =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};

    private final Path root;
    private final boolean syncWrites;
    private final String tempNamePrefix = TEMP_PREFIX + PROCESS_TAG + "-" + STORE_NUMBERS.incrementAndGet() + "-";
    private final AtomicLong tempCounter = new AtomicLong();
    private final FileAttribute<?>[] tempAttributes;
    // Directories this store has already created, so a put skips createDirectories (a stat per path
    // level). An entry can go stale if the directory is deleted behind our back: the temp-file open
    // then fails and the put drops the entry and re-creates the directory (see openTempNextTo).
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

    /** Opens (creating if needed) a store under {@code root} that flushes every put to disk. */
    public FileSystemObjectStore(Path root) {
        this(root, true);
    }

    /**
     * Opens (creating if needed) a store under {@code root}; with {@code syncWrites} false, puts skip
     * fsync, staying atomic for readers but not durable across a power loss (for tests and demos).
     */
    public FileSystemObjectStore(Path root, boolean syncWrites) {
        this.root = root.toAbsolutePath().normalize();
        this.syncWrites = syncWrites;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new PermanentObjectStoreException("cannot create object store root " + this.root + ": " + e, e);
        }
        this.tempAttributes = this.root.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? OWNER_ONLY : new FileAttribute<?>[0];
    }

    /** The directory the objects live under. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public ListPage list(String prefix, String startAfter, int limit) {
        String directory = ObjectKeys.normalizePrefix(prefix);
        ObjectKeys.requireValidStartAfter(startAfter);
        if (limit < 1) {
            throw new IllegalArgumentException("list limit must be at least 1, got " + limit);
        }
        if (!canBeADirectory(directory)) {
            return new ListPage(List.of(), false); // no put could have created it
        }
        try {
            // limit keys plus one of look-ahead; the walker sizes its work up front by it.
            int wanted = (int) Math.min(Integer.MAX_VALUE, limit + 1L);
            SortedKeyWalker walker = new SortedKeyWalker(root.resolve(directory), directory, startAfter, wanted);
            List<String> keys = new ArrayList<>(Math.min(limit, 1024));
            String key;
            while (keys.size() < limit && (key = walker.next()) != null) {
                keys.add(key);
            }
            // One key of look-ahead answers "are there more?" exactly.
            boolean more = keys.size() == limit && walker.next() != null;
            return new ListPage(keys, more);
        } catch (IOException e) {
            throw failure("list prefix " + ObjectKeys.quote(directory), e);
        }
    }

    @Override
    public Optional<ObjectStream> open(String key) {
        Path file = fileFor(key);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            long size;
            try {
                size = channel.size();
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return Optional.of(new ObjectStream(key, Channels.newInputStream(channel), size, Optional.empty()));
        } catch (NoSuchFileException e) {
            // Deleted between the check and the open: that is simply "not found".
            return Optional.empty();
        } catch (IOException e) {
            throw failure("open key " + ObjectKeys.quote(key), e);
        }
    }

    /**
     * Reads the whole object into one array sized from the file's attributes, without the stream path's buffer
     * copies: the indexer reads two small objects per event. One lstat tells both that the key is a regular file and
     * its size (the stream path asks the open file for its size again). Anything unusual (a file replaced or
     * resized meanwhile, a read error) falls back to {@link #open}'s rules.
     */
    @Override
    public Optional<byte[]> get(String key) {
        Path file = fileFor(key);
        BasicFileAttributes attributes;
        try {
            attributes = file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException unreadable) {
            return Optional.empty(); // as open(): what cannot be examined is not a stored object
        }
        if (attributes == null || !attributes.isRegularFile()) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = attributes.size();
            if (size <= MAX_DIRECT_READ) {
                ByteBuffer buffer = ByteBuffer.allocate((int) size + 1); // one spare byte notices a file that grew
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // read until full or end of file
                }
                if (buffer.position() == size) {
                    return Optional.of(Arrays.copyOf(buffer.array(), (int) size));
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted between the check and the open
        } catch (IOException e) {
            // fall through: the stream path reports it with the store's usual error
        }
        return ObjectStore.super.get(key);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = fileFor(key);
        TempFile temp = openTempNextTo(key, target);
        try {
            try (FileChannel channel = temp.channel()) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (syncWrites) {
                    channel.force(true);
                }
            }
            Files.move(temp.path(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp.path());
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new PermanentObjectStoreException("cannot put key " + ObjectKeys.quote(key) + " in "
                        + describe() + ": it is already a prefix of other objects", e);
            }
            throw failure("put key " + ObjectKeys.quote(key), e);
        }
        if (syncWrites) {
            syncDirectory(target.getParent());
        }
    }

    /**
     * Writes a temp file beside the target, then links it to the target's name: a link fails when the name exists,
     * so an existing object is never replaced, and readers see the whole object or none. A filesystem has no
     * retention lock; {@code retainUntil} is refused rather than silently not applied.
     */
    @Override
    public boolean create(String key, ContentSource content, long length, String contentType,
                          Optional<java.time.Instant> retainUntil) {
        if (retainUntil.isPresent()) {
            throw new PermanentObjectStoreException(describe() + " has no retention lock; a retention cannot be"
                    + " applied to " + ObjectKeys.quote(key));
        }
        Path target = fileFor(key);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        TempFile temp = openTempNextTo(key, target);
        try {
            long written;
            try (FileChannel channel = temp.channel(); java.io.InputStream in = content.open()) {
                written = in.transferTo(Channels.newOutputStream(channel));
                if (syncWrites) {
                    channel.force(true);
                }
            }
            if (written != length) {
                throw new PermanentObjectStoreException("cannot create key " + ObjectKeys.quote(key) + " in "
                        + describe() + ": the content had " + written + " bytes, not " + length);
            }
            try {
                Files.createLink(target, temp.path());
            } catch (FileAlreadyExistsException exists) {
                return false;
            } finally {
                deleteQuietly(temp.path());
            }
        } catch (IOException e) {
            deleteQuietly(temp.path());
            throw failure("create key " + ObjectKeys.quote(key), e);
        }
        if (syncWrites) {
            syncDirectory(target.getParent());
        }
        return true;
    }

    /** Creates are exclusive links ({@link #create}), so an existing object is never replaced. */
    @Override
    public Immutability immutability(String probePrefix) {
        return Immutability.CONDITIONAL_CREATE;
    }

    @Override
    public void delete(String key) {
        Path file = fileFor(key);
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return; // a prefix of other objects, not an object: nothing to delete
            }
            Files.deleteIfExists(file);
        } catch (FileSystemException e) {
            // A parent that is a file ("Not a directory") means no object has this key either.
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            throw failure("delete key " + ObjectKeys.quote(key), e);
        } catch (IOException e) {
            throw failure("delete key " + ObjectKeys.quote(key), e);
        }
        pruneEmptyParents(file.getParent());
    }

    /** Validates {@code key} against the shared and the filesystem rules, and maps it to its file. */
    private Path fileFor(String key) {
        ObjectKeys.requireValidKey(key);
        for (String segment : key.split("/")) {
            if (segment.startsWith(TEMP_PREFIX)) {
                throw new InvalidObjectKeyException(key, "object key " + ObjectKeys.quote(key)
                        + " has a segment starting with '" + TEMP_PREFIX + "', which " + describe()
                        + " reserves for in-flight writes");
            }
            if (KeyOrder.utf8Length(segment) > MAX_SEGMENT_BYTES) {
                throw new InvalidObjectKeyException(key, "object key " + ObjectKeys.quote(key) + " has a segment of "
                        + KeyOrder.utf8Length(segment) + " UTF-8 bytes; " + describe() + " allows at most "
                        + MAX_SEGMENT_BYTES + " per segment");
            }
        }
        return root.resolve(key);
    }

    /** True if {@code directory} (a normalised prefix) could exist here; a too-long segment would fail with an I/O error instead. */
    private static boolean canBeADirectory(String directory) {
        for (String segment : directory.split("/")) {
            if (segment.startsWith(TEMP_PREFIX) || KeyOrder.utf8Length(segment) > MAX_SEGMENT_BYTES) {
                return false;
            }
        }
        return true;
    }

    /** An in-flight write: a fresh, empty temp file in the target's directory, open for writing. */
    private record TempFile(Path path, FileChannel channel) {
    }

    /**
     * Creates the target's directory if this store has not already, then creates and opens (once, with
     * CREATE_NEW) a fresh temp file in it.
     */
    private TempFile openTempNextTo(String key, Path target) {
        Path directory = target.getParent();
        for (int attempt = 1; ; attempt++) {
            boolean known = knownDirectories.contains(directory);
            if (!known) {
                try {
                    Files.createDirectories(directory);
                } catch (NoSuchFileException e) {
                    // A concurrent delete pruned a parent while we were creating it: try again.
                    if (attempt >= MAX_DIRECTORY_RACES) {
                        throw failure("put key " + ObjectKeys.quote(key), e);
                    }
                    continue;
                } catch (FileAlreadyExistsException e) {
                    // createDirectories found a file where a directory must go: an ancestor is an object.
                    throw new PermanentObjectStoreException("cannot put key " + ObjectKeys.quote(key) + " in "
                            + describe() + ": " + root.relativize(Path.of(e.getFile())) + " is an object, not a prefix", e);
                } catch (IOException e) {
                    throw failure("put key " + ObjectKeys.quote(key), e);
                }
                if (knownDirectories.size() >= MAX_KNOWN_DIRECTORIES) {
                    knownDirectories.clear(); // bounds memory for stores with very many prefixes; only costs re-checks
                }
                knownDirectories.add(directory);
            }
            Path temp = directory.resolve(tempNamePrefix + tempCounter.incrementAndGet() + ".part");
            try {
                return new TempFile(temp, FileChannel.open(temp,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), tempAttributes));
            } catch (FileAlreadyExistsException e) {
                // Name clash (e.g. a leftover from a crashed process): the next counter value is a new name.
                if (attempt >= MAX_DIRECTORY_RACES) {
                    throw failure("put key " + ObjectKeys.quote(key), e);
                }
            } catch (IOException e) {
                // The directory may be gone (or replaced) since we created it: forget it, so the next
                // attempt re-creates it (or reports why it cannot). A remembered directory gets that
                // retry once more; one we just created only for NoSuchFile (a racing delete), as before.
                knownDirectories.remove(directory);
                boolean retry = attempt < MAX_DIRECTORY_RACES && (known || e instanceof NoSuchFileException);
                if (!retry) {
                    throw failure("put key " + ObjectKeys.quote(key), e);
                }
            }
        }
    }

    /** Removes directories left empty by a delete, so listings do not walk dead branches; the root stays. */
    private void pruneEmptyParents(Path directory) {
        for (Path dir = directory; dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
                knownDirectories.remove(dir); // a later put into it must create it again
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return; // still in use (perhaps by a put in flight), or already gone
            } catch (IOException e) {
                return; // pruning is tidiness, never a reason to fail a delete that succeeded
            }
        }
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename itself durable. Some filesystems refuse to fsync a directory; the data is
        // already flushed, so that is not worth failing the put over.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // best effort, see above
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Leftover temp files are invisible to listings; nothing more to do.
        }
    }

    private ObjectStoreException failure(String what, IOException e) {
        String message = what + " in " + describe() + " failed: " + e;
        // Permissions will not fix themselves; other I/O trouble (disk full, a flaky mount) may.
        if (e instanceof AccessDeniedException) {
            return new PermanentObjectStoreException(message, e);
        }
        return new TransientObjectStoreException(message, e);
    }
}
