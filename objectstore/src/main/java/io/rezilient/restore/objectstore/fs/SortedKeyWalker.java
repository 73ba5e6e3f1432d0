package io.rezilient.restore.objectstore.fs;

import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ObjectKeys;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks a directory tree depth first and yields the keys of its object files in UTF-8 byte order,
 * one at a time, holding only the entries of the directories on the current path in memory.
 *
 * <p>Sorting each directory by name is not enough: key {@code a/b} must come after {@code a-c} and
 * {@code a.x} but before {@code a0}, because '/' (0x2F) sits between '.' and '0'. So a directory
 * entry sorts as its name plus {@code /}, which is the prefix every key inside it starts with.
 * Because names hold no '/', comparing that prefix with a sibling orders the whole subtree correctly.
 */
final class SortedKeyWalker {

    private record Entry(String sortName, Path path, boolean directory) {
    }

    private static final class Frame {
        final String keyPrefix;
        final List<Entry> entries;
        int next;

        Frame(String keyPrefix, List<Entry> entries) {
            this.keyPrefix = keyPrefix;
            this.entries = entries;
        }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private final String startAfter;

    /** Walks {@code directory}, whose keys all start with {@code keyPrefix}, yielding keys after {@code startAfter} (null: all). */
    SortedKeyWalker(Path directory, String keyPrefix, String startAfter) throws IOException {
        this.startAfter = startAfter;
        push(directory, keyPrefix);
    }

    /** Returns the next key in UTF-8 byte order, or null when the walk is done. */
    String next() throws IOException {
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next == frame.entries.size()) {
                stack.pop();
                continue;
            }
            Entry entry = frame.entries.get(frame.next++);
            String key = frame.keyPrefix + entry.sortName();
            if (entry.directory()) {
                // Every key inside starts with `key` (which ends in '/'): skip the subtree unless some
                // of it can sort after startAfter.
                if (startAfter == null || KeyOrder.isAfter(key, startAfter) || startAfter.startsWith(key)) {
                    push(entry.path(), key);
                }
            } else if (startAfter == null || KeyOrder.isAfter(key, startAfter)) {
                return key;
            }
        }
        return null;
    }

    private void push(Path directory, String keyPrefix) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                Entry entry = entryFor(child);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Removed by a concurrent delete, or the prefix names an object rather than a directory:
            // either way there are no keys here.
            return;
        }
        entries.sort((a, b) -> KeyOrder.compare(a.sortName(), b.sortName()));
        stack.push(new Frame(keyPrefix, entries));
    }

    private static Entry entryFor(Path child) throws IOException {
        String name = child.getFileName().toString();
        if (name.startsWith(FileSystemObjectStore.TEMP_PREFIX) || !ObjectKeys.isValidSegment(name)) {
            // In-flight or abandoned writes, and files no key could have produced, are not objects.
            return null;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (attributes.isDirectory()) {
            return new Entry(name + "/", child, true);
        }
        if (attributes.isRegularFile()) {
            return new Entry(name, child, false);
        }
        return null;
    }
}
