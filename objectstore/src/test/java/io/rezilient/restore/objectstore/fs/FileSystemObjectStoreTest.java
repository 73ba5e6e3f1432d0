package io.rezilient.restore.objectstore.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.objectstore.InvalidObjectKeyException;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStoreContract;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    @Override
    protected ObjectStore newStore() {
        return new FileSystemObjectStore(root.resolve("objects"));
    }

    private Path objects() {
        return root.resolve("objects");
    }

    @Test
    void aKeyIsAFileUnderTheRoot() throws Exception {
        store.put("tenant=t1/day=2026-03-04/event=1.manifest.json", "{}".getBytes(UTF_8));

        assertThat(objects().resolve("tenant=t1/day=2026-03-04/event=1.manifest.json")).hasContent("{}");
        assertThat(store.describe()).isEqualTo("file:" + objects());
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeVersionAndReadersNeverSeeAPartialOne() throws Exception {
        int writers = 6;
        int putsEach = 25;
        int size = 256 * 1024;
        store.put("hot/key", filled((byte) 0, size));
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();

        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 2)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < putsEach; i++) {
                        store.put("hot/key", filled((byte) (1 + writer * putsEach + i), size));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    // Keep reading until every writer is done, plus at least a few reads.
                    while (writing.get() || reads.get() < 10) {
                        byte[] seen = store.get("hot/key").orElseThrow();
                        reads.incrementAndGet();
                        if (!isWhole(seen, size)) {
                            torn.add("read of " + seen.length + " bytes"
                                    + (seen.length == 0 ? "" : " starting with " + seen[0]));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get();
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get();
            }
        }

        assertThat(torn).isEmpty();
        assertThat(reads.get()).isGreaterThanOrEqualTo(10);
        assertThat(isWhole(store.get("hot/key").orElseThrow(), size)).isTrue();
        assertThat(store.listAll("", 10)).containsExactly("hot/key");
        try (Stream<Path> files = Files.walk(objects())) {
            assertThat(files.filter(Files::isRegularFile).map(p -> objects().relativize(p).toString()))
                    .as("no temp files left behind").containsExactly("hot/key");
        }
    }

    @Test
    void leftoverTempFilesAreNeverListedNorAddressable() throws Exception {
        store.put("p/real", "r".getBytes(UTF_8));
        // What a crash mid-put leaves behind.
        Files.writeString(objects().resolve("p/" + FileSystemObjectStore.TEMP_PREFIX + "123.part"), "partial");
        Files.writeString(objects().resolve(FileSystemObjectStore.TEMP_PREFIX + "9.part"), "partial");

        assertThat(store.listAll("", 10)).containsExactly("p/real");
        assertThat(store.listAll("p", 10)).containsExactly("p/real");
        assertThatThrownBy(() -> store.get("p/" + FileSystemObjectStore.TEMP_PREFIX + "123.part"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("reserves for in-flight writes");
    }

    @Test
    void filesNoKeyCouldNameAreNotListed() throws Exception {
        store.put("ok", "1".getBytes(UTF_8));
        Files.writeString(objects().resolve("bad\u0001name"), "x");
        Files.createSymbolicLink(objects().resolve("link"), objects().resolve("ok"));

        assertThat(store.listAll("", 10)).containsExactly("ok");
    }

    @Test
    void deleteTidiesEmptyDirectoriesButKeepsTheRootAndSiblings() throws Exception {
        store.put("a/b/c/d", "1".getBytes(UTF_8));
        store.put("a/x", "2".getBytes(UTF_8));

        store.delete("a/b/c/d");

        assertThat(objects().resolve("a/b")).doesNotExist();
        assertThat(objects().resolve("a/x")).exists();
        store.delete("a/x");
        assertThat(objects()).isDirectory().isEmptyDirectory();
        store.put("a/b/c/d", "again".getBytes(UTF_8));
        assertThat(store.get("a/b/c/d")).isPresent();
    }

    @Test
    void aKeyCannotBeBothAnObjectAndAPrefix() {
        store.put("x/y", "1".getBytes(UTF_8));
        store.put("f", "2".getBytes(UTF_8));

        assertThatThrownBy(() -> store.put("x", "3".getBytes(UTF_8)))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("already a prefix");
        assertThatThrownBy(() -> store.put("f/g", "4".getBytes(UTF_8)))
                .isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("'f/g'")
                .hasMessageContaining("f is an object");
        store.delete("x"); // a prefix, not an object: nothing to delete
        store.delete("f/g");
        assertThat(store.get("x/y")).isPresent();
        assertThat(store.get("f")).isPresent();
    }

    @Test
    void aSegmentLongerThanAFileNameAllowsIsRefusedNamingTheKey() {
        String key = "p/" + "s".repeat(256);

        assertThatThrownBy(() -> store.put(key, new byte[1]))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("at most 255");
        assertThat(store.list(key, 10)).as("such a prefix cannot exist").isEqualTo(new ListPage(List.of(), false));
    }

    @Test
    void thousandsOfKeysPageInOrderWithoutGapsOrRepeats() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add(String.format("rez/instance=i%d/table=t%d/event=%05d.manifest.json", i % 3, i % 11, i));
        }
        putAll(keys);
        List<String> expected = keys.stream().sorted(KeyOrder.UTF8).toList();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Boolean> more = new ArrayList<>();
        ListPage page;
        do {
            page = store.list("rez", cursor, 250);
            seen.addAll(page.keys());
            more.add(page.hasMore());
            cursor = page.lastKey().orElse(null);
        } while (page.hasMore());

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(more).hasSize(12).containsOnly(true, false).endsWith(false).containsOnlyOnce(false);
    }

    /**
     * Random keys over an alphabet built to stress the order ('-', '.', '/', '0' around the
     * separator; BMP characters above the surrogates; supplementary characters): the listing must
     * equal the keys sorted by UTF-8 bytes, from the start and after any start-after point.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomKeysListInUtf8OrderFromAnyStartAfter(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        String[] alphabet = {"-", ".", "0", "a", "Z", "é", "Ａ", "\uFFFD", "😀", "\uD800\uDC00"};
        TreeSet<String> keys = new TreeSet<>(KeyOrder.UTF8);
        while (keys.size() < 300) {
            int depth = 1 + random.nextInt(3);
            StringBuilder key = new StringBuilder("r");
            for (int d = 0; d < depth; d++) {
                key.append('/').append(word(random, alphabet));
            }
            // Objects end in ".o" and directories never do, so no name is both a file and a directory.
            keys.add(key.append(".o").toString());
        }
        putAll(keys);
        List<String> expected = List.copyOf(keys);

        assertThat(store.listAll("r", 1000)).containsExactlyElementsOf(expected);
        for (int i = 0; i < 20; i++) {
            String startAfter = "r/" + word(random, alphabet) + (random.nextBoolean() ? "/" : "");
            Set<String> tail = keys.tailSet(startAfter, false);
            assertThat(store.list("r", startAfter, 1000).keys()).as("after %s", startAfter).containsExactlyElementsOf(tail);
        }
    }

    private static String word(SplittableRandom random, String[] alphabet) {
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            word.append(alphabet[random.nextInt(alphabet.length)]);
        }
        String w = word.toString();
        return w.equals(".") || w.equals("..") ? w + "a" : w;
    }

    private static byte[] filled(byte value, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static boolean isWhole(byte[] bytes, int size) {
        if (bytes.length != size) {
            return false;
        }
        for (byte b : bytes) {
            if (b != bytes[0]) {
                return false;
            }
        }
        return true;
    }
}
