package io.rezilient.restore.objectstore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing edge cases of the filesystem store's lazy walker ({@link SortedKeyWalker}): directories
 * whose names prefix file names (so they sort in the middle of them), start-after points inside,
 * at and around directories, limits that end inside a deferred directory, and big directories paged
 * through. Every listing is checked against a model: the keys sorted by UTF-8 bytes.
 */
class FileSystemListingTest {

    @TempDir
    Path root;

    private FileSystemObjectStore store;
    /** Every key in the store, in UTF-8 order. */
    private final NavigableSet<String> model = new TreeSet<>(KeyOrder.UTF8);

    @BeforeEach
    void openStore() {
        store = new FileSystemObjectStore(root.resolve("objects"), false);
    }

    private void put(String... keys) throws IOException {
        for (String key : keys) {
            Path file = store.root().resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
            model.add(key);
        }
    }

    /** What list(prefix, startAfter, limit) must return according to the model. */
    private ListPage expected(String prefix, String startAfter, int limit) {
        String directory = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        List<String> tail = (startAfter == null ? model : model.tailSet(startAfter, false)).stream()
                .filter(key -> key.startsWith(directory))
                .limit(limit + 1L)
                .toList();
        return tail.size() > limit ? new ListPage(tail.subList(0, limit), true) : new ListPage(tail, false);
    }

    private void assertListing(String prefix, String startAfter, int limit) {
        assertThat(store.list(prefix, startAfter, limit))
                .as("list(%s, %s, %d)", prefix, startAfter, limit)
                .isEqualTo(expected(prefix, startAfter, limit));
    }

    /** A directory "a" whose name prefixes sibling files with characters below and above '/'. */
    private void putPrefixFixture() throws IOException {
        put("t/a/x", "t/a/b/c", "t/a/b/d", "t/a/b-", "t/a/b0",
                "t/a!", "t/a-b", "t/a.x", "t/a0", "t/a~", "t/a é", "t/aé", "t/aＡ", "t/a😀", "t/a\uFFFD",
                "t/b",
                "t/c/d/e/f", "t/c/d/e/g", "t/c/d/e0", "t/c/d-", "t/c-", "t/c0",
                "u/z");
    }

    @Test
    void aDirectorySortsAmongTheFilesItsNamePrefixes() throws IOException {
        putPrefixFixture();

        assertThat(store.listAll("t", 100))
                .containsExactly("t/a é", "t/a!", "t/a-b", "t/a.x", "t/a/b-", "t/a/b/c", "t/a/b/d", "t/a/b0", "t/a/x",
                        "t/a0", "t/a~", "t/aé", "t/aＡ", "t/a\uFFFD", "t/a😀",
                        "t/b", "t/c-", "t/c/d-", "t/c/d/e/f", "t/c/d/e/g", "t/c/d/e0", "t/c0");
        assertListing("", null, 100);
        assertListing("t/c/d", null, 100);
    }

    @Test
    void startAfterInsideAtAndAroundADirectory() throws IOException {
        putPrefixFixture();

        assertThat(store.list("t", "t/a/b/c", 3).keys()).as("inside").containsExactly("t/a/b/d", "t/a/b0", "t/a/x");
        assertThat(store.list("t", "t/a/", 2).keys()).as("the directory's key").containsExactly("t/a/b-", "t/a/b/c");
        assertThat(store.list("t", "t/a", 2).keys()).as("the bare name").containsExactly("t/a é", "t/a!");
        assertThat(store.list("t", "t/a.x", 2).keys()).as("a file just before").containsExactly("t/a/b-", "t/a/b/c");
        assertThat(store.list("t", "t/a/x", 2).keys()).as("the directory's last key").containsExactly("t/a0", "t/a~");
        assertThat(store.list("t", "t/a/zz", 1).keys()).as("past the directory").containsExactly("t/a0");
        assertThat(store.list("t", "t/a/b", 2).keys()).as("a nested bare name").containsExactly("t/a/b-", "t/a/b/c");
        assertThat(store.list("t", "t/c/d/e/", 10).keys()).containsExactly("t/c/d/e/f", "t/c/d/e/g", "t/c/d/e0", "t/c0");
        assertThat(store.list("t", "t/c0", 10)).isEqualTo(new ListPage(List.of(), false));
        assertThat(store.list("t", "t/", 1)).isEqualTo(new ListPage(List.of("t/a é"), true));
    }

    @Test
    void limitsThatEndInsideADeferredDirectory() throws IOException {
        putPrefixFixture();

        // "a" is resolved first but its keys wait until "a-b" and "a.x" are out; the page ends inside it.
        assertThat(store.list("t", null, 5)).isEqualTo(new ListPage(
                List.of("t/a é", "t/a!", "t/a-b", "t/a.x", "t/a/b-"), true));
        assertThat(store.list("t", "t/a-b", 3)).isEqualTo(new ListPage(List.of("t/a.x", "t/a/b-", "t/a/b/c"), true));
        assertThat(store.list("t", "t/a/b/c", 1)).isEqualTo(new ListPage(List.of("t/a/b/d"), true));
    }

    @Test
    void everyStartAfterAndLimitAgreesWithTheModel() throws IOException {
        putPrefixFixture();
        Set<String> startAfters = new LinkedHashSet<>();
        startAfters.addAll(List.of("", "a", "t", "t/", "t/a", "t/a/", "t/a/b", "t/a/b/", "t/a-", "t/a/zz", "t/c/d",
                "t/c/d/", "t/c/d/e", "t/c/d/e/", "t0", "u", "zzz"));
        for (String key : model) {
            startAfters.add(key);
            startAfters.add(key + "!");
            startAfters.add(key + "/");
            startAfters.add(key.substring(0, key.offsetByCodePoints(key.length(), -1)));
        }
        List<String> prefixes = List.of("", "t", "t/a", "t/a/b", "t/c", "t/c/d/e", "u", "missing", "t/b");

        assertListing("t", null, 1);
        for (String prefix : prefixes) {
            for (String startAfter : startAfters) {
                for (int limit : new int[] {1, 2, 3, 7, 100}) {
                    assertListing(prefix, startAfter, limit);
                }
            }
        }
    }

    @Test
    void tempFilesBadNamesLinksAndEmptyDirectoriesAmongTheCandidatesAreSkipped() throws IOException {
        put("p/a-b", "p/a0", "p/b");
        Path dir = store.root().resolve("p");
        Files.writeString(dir.resolve(FileSystemObjectStore.TEMP_PREFIX + "1.part"), "partial");
        Files.writeString(dir.resolve("a.\u0001bad"), "x");
        Files.createSymbolicLink(dir.resolve("a.link"), dir.resolve("b"));
        Files.createDirectories(dir.resolve("a/empty/deeper"));
        Files.createDirectories(dir.resolve("a-c"));

        assertListing("p", null, 10);
        assertListing("p", "p/a-b", 1);
        assertListing("p", "p/a-b", 2);
        assertListing("p", "p/a/", 1);
        assertThat(store.list("p", "p/a-b", 10).keys()).containsExactly("p/a0", "p/b");
    }

    @Test
    void aBigDirectoryPagesInOrderFromSuccessiveStartAfters() throws IOException {
        String prefix = "rez/partition=7/";
        Path dir = store.root().resolve(prefix);
        Files.createDirectories(dir);
        for (int i = 0; i < 20_000; i++) {
            String name = String.format("offset=%020d.event=%08x.%s.json",
                    i / 2, (i / 2) * 2654435761L & 0xffffffffL, i % 2 == 0 ? "manifest" : "artifact");
            Files.createFile(dir.resolve(name));
            model.add(prefix + name);
        }
        // Directories named like a prefix of many file names sort in the middle of them.
        put(prefix + "offset=00000000000000004000/nested", prefix + "offset=00000000000000004000/z",
                prefix + "offset=00000000000000009999/deep/er");

        for (int limit : new int[] {1000, 377}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            ListPage page;
            do {
                page = store.list("rez/partition=7", cursor, limit);
                seen.addAll(page.keys());
                cursor = page.lastKey().orElse(cursor);
            } while (page.hasMore());
            assertThat(seen).as("paged by %d", limit).containsExactlyElementsOf(model);
        }
        SplittableRandom random = new SplittableRandom(42);
        List<String> keys = new ArrayList<>(model);
        for (int i = 0; i < 10; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            String startAfter = random.nextBoolean() ? key : key.substring(0, key.length() - random.nextInt(1, 25));
            assertListing("rez/partition=7", startAfter, 1 + random.nextInt(5000));
            assertListing("", startAfter, 1 + random.nextInt(300));
        }
    }

    @Test
    void entriesWithoutKeysMakeOnePageSpanManyChunks() throws IOException {
        // Nine of every ten entries yield nothing (links, empty directories), so a page of a few keys
        // runs through several selected chunks of the same directory.
        Path dir = store.root().resolve("m");
        Files.createDirectories(dir);
        for (int i = 0; i < 3000; i++) {
            String name = String.format("n%05d", i);
            if (i % 10 == 0) {
                put("m/" + name, "m/" + name + "-x");
            } else if (i % 2 == 0) {
                Files.createSymbolicLink(dir.resolve(name), dir.resolve("n00000"));
            } else {
                Files.createDirectories(dir.resolve(name + "/empty"));
            }
        }
        // A few of the empty directories get keys after all, next to a file their name prefixes.
        put("m/n00033/inside", "m/n00033.o", "m/n00035/deep/er", "m/n02991/x");

        for (int limit : new int[] {1, 7, 50, 1000}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            ListPage page;
            do {
                page = store.list("m", cursor, limit);
                seen.addAll(page.keys());
                cursor = page.lastKey().orElse(cursor);
            } while (page.hasMore());
            assertThat(seen).as("paged by %d", limit).containsExactlyElementsOf(model);
        }
        for (String startAfter : List.of("m/n00030", "m/n00030-x", "m/n00033", "m/n00033.o", "m/n00033/", "m/n00035/deep", "m/n01234", "m/n02990")) {
            assertListing("m", startAfter, 3);
            assertListing("", startAfter, 40);
        }
    }

    @Test
    void aChunkEndingOnADirectoryStillWaitsForTheFilesItsNamePrefixes() throws IOException {
        // n key-less links, then directory "x" and files "x-a", "x.b" that sort before "x/". Varying n
        // moves the end of the first selected chunk across "x" whatever the chunk size is.
        for (int n = 1; n <= 140; n++) {
            String prefix = "c" + n + "/";
            Path dir = store.root().resolve(prefix);
            Files.createDirectories(dir);
            for (int i = 0; i < n; i++) {
                Files.createSymbolicLink(dir.resolve(String.format("l%03d", i)), dir);
            }
            put(prefix + "x/k", prefix + "x-a", prefix + "x.b", prefix + "y");

            assertThat(store.list(prefix, null, 1)).as("n = %d", n).isEqualTo(new ListPage(List.of(prefix + "x-a"), true));
            assertListing(prefix, null, 2);
            assertListing(prefix, null, 10);
            assertListing(prefix, prefix + "l000", 1);
        }
    }

    /** canHoldKeyAfter against its definition, over short strings of characters around '/' and the surrogates. */
    @Test
    void theNameFilterMatchesItsDefinition() {
        String[] alphabet = {"!", "-", ".", "/", "0", "a", "é", "Ａ", "😀"};
        List<String> rests = words(alphabet, 3);
        List<String> names = words(alphabet, 2).stream().filter(w -> !w.contains("/") && !w.isEmpty()).toList();
        for (String name : names) {
            for (String rest : rests) {
                boolean expected = KeyOrder.isAfter(name + "/", rest) || rest.startsWith(name + "/");
                assertThat(SortedKeyWalker.canHoldKeyAfter(name, rest)).as("name %s, rest %s", name, rest)
                        .isEqualTo(expected);
            }
        }
    }

    private static List<String> words(String[] alphabet, int maxLength) {
        List<String> words = new ArrayList<>(List.of(""));
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String word : previous) {
                for (String c : alphabet) {
                    next.add(word + c);
                }
            }
            words.addAll(next);
            previous = next;
        }
        return words;
    }
}
