package io.rezilient.restore.objectstore.fs;

import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ObjectKeys;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Walks a directory tree depth first and yields the keys of its object files in UTF-8 byte order,
 * one at a time, doing work in proportion to the keys it yields rather than to the size of the
 * directories it passes through (beyond reading their names once).
 *
 * <p>Order. Sorting each directory by name is not enough: key {@code a/b} must come after
 * {@code a-c} and {@code a.x} but before {@code a0}, because '/' (0x2F) sits between '.' and '0'. So
 * a directory entry sorts as its name plus {@code /} (its <em>sort name</em>), which is the prefix
 * every key inside it starts with. Because names hold no '/', comparing that prefix with a sibling
 * orders the whole subtree correctly.
 *
 * <p>Cost. Listings page through big directories (tens of thousands of files) from a start-after
 * inside them, a few hundred keys at a time, so per directory the walker:
 * <ol>
 *   <li>reads the names only ({@link java.io.File#list()}: no {@code Path} per entry) and drops, by
 *       name alone, every entry that cannot hold a key after start-after ({@link #canHoldKeyAfter});
 *   <li>hands the survivors out in raw name order a chunk at a time, selecting only the smallest
 *       {@code chunkSize} names per chunk instead of sorting the whole directory ({@link Frame#takeChunk});
 *   <li>finds out whether an entry is a file or a directory (one lstat) only when it is about to be
 *       yielded ({@link Frame#nextEntry}).
 * </ol>
 * Step 3 works because an entry's sort name is never smaller than its raw name ({@code name} or
 * {@code name + "/"}): once the smallest resolved sort name is no larger than the next unresolved
 * raw name, no unresolved entry can sort before it.
 */
final class SortedKeyWalker {

    /** The fewest names selected per chunk; small chunks would mean many passes over a big directory. */
    private static final int MIN_CHUNK = 64;
    /** Chunks double while a frame keeps consuming; this caps the doubling. */
    private static final int MAX_CHUNK = 1 << 16;

    private static final Comparator<Entry> BY_SORT_NAME = Comparator.comparing(Entry::sortName, KeyOrder.UTF8);
    private static final Comparator<String> LARGEST_FIRST = KeyOrder.UTF8.reversed();

    /** A directory entry whose type is known: {@code sortName} is {@code name}, plus "/" for a directory. */
    private record Entry(String sortName, String name, boolean directory) {
    }

    /** One directory on the current path of the walk. */
    private static final class Frame {
        final Path directory;
        final String keyPrefix;
        /** Names not yet in any chunk, unordered: {@code pending[0..pendingCount)}. */
        final String[] pending;
        int pendingCount;
        /** The current chunk, sorted by raw name; {@code chunk[chunkNext..]} are not yet resolved. */
        String[] chunk = new String[0];
        int chunkNext;
        int chunkSize;
        /** Resolved entries not yet returned, smallest sort name first. */
        final PriorityQueue<Entry> resolved = new PriorityQueue<>(BY_SORT_NAME);

        Frame(Path directory, String keyPrefix, String[] names, int count, int chunkSize) {
            this.directory = directory;
            this.keyPrefix = keyPrefix;
            this.pending = names;
            this.pendingCount = count;
            this.chunkSize = chunkSize;
        }

        /** Returns the next entry of this directory in sort-name order, or null when there are no more. */
        Entry nextEntry() throws IOException {
            while (true) {
                Entry smallest = resolved.peek();
                if (chunkNext < chunk.length) {
                    // Every unresolved entry sorts at or after its raw name, hence at or after this one.
                    String nextRaw = chunk[chunkNext];
                    if (smallest != null && KeyOrder.compare(smallest.sortName(), nextRaw) <= 0) {
                        return resolved.poll();
                    }
                    chunkNext++;
                    Entry entry = resolve(nextRaw);
                    if (entry != null) {
                        resolved.add(entry);
                    }
                } else if (smallest != null && (pendingCount == 0
                        || KeyOrder.compare(smallest.sortName(), chunk[chunk.length - 1]) <= 0)) {
                    // Chunk used up, and every name still pending sorts after its largest: no need to
                    // select the next chunk just to look at its first name.
                    return resolved.poll();
                } else if (pendingCount > 0) {
                    takeChunk();
                } else {
                    return null;
                }
            }
        }

        /**
         * Moves the {@code chunkSize} smallest pending names into a new sorted chunk: one pass with a
         * bounded max-heap (O(n log chunkSize), and mostly one comparison per name), then one pass
         * that keeps only the names above the chunk. The next chunk, if any, is twice as big.
         */
        private void takeChunk() {
            if (pendingCount <= chunkSize) {
                chunk = Arrays.copyOf(pending, pendingCount);
                pendingCount = 0;
            } else {
                PriorityQueue<String> smallest = new PriorityQueue<>(chunkSize + 1, LARGEST_FIRST);
                for (int i = 0; i < pendingCount; i++) {
                    String name = pending[i];
                    if (smallest.size() < chunkSize) {
                        smallest.add(name);
                    } else if (KeyOrder.compare(name, smallest.peek()) < 0) {
                        smallest.poll();
                        smallest.add(name);
                    }
                }
                chunk = smallest.toArray(new String[0]);
                String largest = smallest.peek();
                int kept = 0;
                for (int i = 0; i < pendingCount; i++) {
                    // Names in one directory are distinct, so "above the largest taken" means "not taken".
                    if (KeyOrder.compare(pending[i], largest) > 0) {
                        pending[kept++] = pending[i];
                    }
                }
                Arrays.fill(pending, kept, pendingCount, null);
                pendingCount = kept;
            }
            Arrays.sort(chunk, KeyOrder.UTF8);
            chunkNext = 0;
            if (chunkSize < MAX_CHUNK) {
                chunkSize = Math.min(MAX_CHUNK, chunkSize * 2);
            }
        }

        /**
         * Looks the entry up (without following links): a directory or regular file, else null (not an
         * object name, gone, link, device...).
         */
        private Entry resolve(String name) throws IOException {
            if (name.startsWith(FileSystemObjectStore.TEMP_PREFIX) || !ObjectKeys.isValidSegment(name)) {
                // In-flight or abandoned writes, and files no key could have produced, are not objects.
                return null;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(directory.resolve(name), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null; // removed by a concurrent delete
            }
            if (attributes.isDirectory()) {
                return new Entry(name + "/", name, true);
            }
            if (attributes.isRegularFile()) {
                return new Entry(name, name, false);
            }
            return null;
        }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private final String startAfter;
    private final int wanted;
    private int yielded;

    /**
     * Walks {@code directory}, whose keys all start with {@code keyPrefix}, yielding keys after
     * {@code startAfter} (null: all). {@code wanted} is how many keys the caller expects to take; it
     * only sizes the work done up front, and asking for more still works.
     */
    SortedKeyWalker(Path directory, String keyPrefix, String startAfter, int wanted) throws IOException {
        this.startAfter = startAfter;
        this.wanted = Math.max(1, wanted);
        if (startAfter == null || KeyOrder.isAfter(keyPrefix, startAfter) || startAfter.startsWith(keyPrefix)) {
            push(directory, keyPrefix);
        }
        // Otherwise startAfter sorts after every key under keyPrefix: nothing to walk.
    }

    /** Returns the next key in UTF-8 byte order, or null when the walk is done. */
    String next() throws IOException {
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            Entry entry = frame.nextEntry();
            if (entry == null) {
                stack.pop();
                continue;
            }
            String key = frame.keyPrefix + entry.sortName();
            if (entry.directory()) {
                // canHoldKeyAfter let it through, so some key inside may sort after startAfter.
                push(frame.directory.resolve(entry.name()), key);
            } else if (startAfter == null || KeyOrder.isAfter(key, startAfter)) {
                // The name filter keeps files that are prefixes of startAfter (their directory form
                // could have mattered); the exact check is here.
                yielded++;
                return key;
            }
        }
        return null;
    }

    private void push(Path directory, String keyPrefix) throws IOException {
        String[] names;
        try {
            names = namesIn(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Removed by a concurrent delete, or the prefix names an object rather than a directory:
            // either way there are no keys here.
            return;
        }
        // startAfter relative to this directory, when it points inside it; see canHoldKeyAfter.
        String rest = startAfter != null && startAfter.startsWith(keyPrefix)
                ? startAfter.substring(keyPrefix.length()) : null;
        int count = 0;
        for (String name : names) {
            // The cheap order test first: it rejects most names of a big directory at their first characters.
            if (rest == null || canHoldKeyAfter(name, rest)) {
                names[count++] = name; // whether it is an object at all is decided lazily, in resolve()
            }
        }
        int chunkSize = Math.max(MIN_CHUNK, wanted - yielded);
        stack.push(new Frame(directory, keyPrefix, names, count, chunkSize));
    }

    /**
     * Whether entry {@code name} of a directory can hold a key after {@code rest}, the start-after
     * key with the directory's key prefix removed. As a file its key is {@code name}; as a directory
     * its keys all start with {@code name + "/"}, which sorts after {@code name}. So it can matter only
     * if {@code name + "/"} sorts after {@code rest} or is a prefix of it. Decided without building
     * {@code name + "/"}. (A file that passes may still equal or precede {@code rest}; the caller
     * checks the full key before yielding.)
     */
    static boolean canHoldKeyAfter(String name, String rest) {
        if (!rest.startsWith(name)) {
            // They differ within their common length, or rest is a proper prefix of name: either way
            // the appended '/' cannot change the outcome.
            return KeyOrder.compare(name, rest) > 0;
        }
        if (rest.length() == name.length()) {
            return true; // name + "/" is longer than rest, which it starts with
        }
        // rest = name + c + ...: name + "/" is a prefix of rest if c == '/', sorts after it if c < '/'.
        // ('/' is ASCII, so comparing chars agrees with UTF-8 byte order here.)
        return rest.charAt(name.length()) <= '/';
    }

    /**
     * Returns the names in {@code directory}. On the default filesystem {@link java.io.File#list()}
     * returns bare strings, about half the cost of a {@link DirectoryStream}, which builds a
     * {@code Path} per entry; it cannot say why it failed, so on failure the stream is asked again
     * to throw the real reason.
     */
    private static String[] namesIn(Path directory) throws IOException {
        if (directory.getFileSystem() == FileSystems.getDefault()) {
            String[] names = directory.toFile().list();
            if (names != null) {
                return names;
            }
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        return names.toArray(new String[0]);
    }
}
