package io.rezilient.restore.objectstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ObjectStore} promises. Each implementation's test class extends this and
 * supplies a fresh, empty store per test.
 */
public abstract class ObjectStoreContract {

    protected ObjectStore store;

    /** Returns a new, empty store; called before every test. */
    protected abstract ObjectStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Puts every key (content = the key) using a few threads, which also exercises thread safety. */
    protected void putAll(Collection<String> keys) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(pool.submit(() -> store.put(key, key.getBytes(UTF_8))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    // ---- put / get / delete ------------------------------------------------------------------

    @Test
    void aPutObjectReadsBackByteForByte() {
        byte[] body = new byte[4096];
        new SplittableRandom(7).nextBytes(body);

        store.put("tenant/a/manifest.json", body, "application/json");

        assertThat(store.get("tenant/a/manifest.json")).hasValueSatisfying(read -> assertThat(read).isEqualTo(body));
    }

    @Test
    void anEmptyObjectIsStillAnObject() {
        store.put("empty", new byte[0]);

        assertThat(store.get("empty")).hasValueSatisfying(read -> assertThat(read).isEmpty());
        assertThat(store.list("", 10).keys()).containsExactly("empty");
    }

    @Test
    void aSecondPutReplacesTheWholeObject() {
        store.put("k", bytes("a much longer first version"));
        store.put("k", bytes("short"));

        assertThat(store.get("k")).hasValueSatisfying(read -> assertThat(read).asString(UTF_8).isEqualTo("short"));
    }

    @Test
    void aMissingKeyIsEmptyRatherThanAnError() {
        store.put("present/x", bytes("x"));

        assertThat(store.get("absent")).isEmpty();
        assertThat(store.open("absent")).isEmpty();
        assertThat(store.get("present/y")).isEmpty();
        assertThat(store.get("present")).as("a prefix is not an object").isEmpty();
    }

    @Test
    void deleteRemovesTheObjectAndIsIdempotent() {
        store.put("d/one", bytes("1"));
        store.put("d/two", bytes("2"));

        store.delete("d/one");
        store.delete("d/one");
        store.delete("never/existed");

        assertThat(store.get("d/one")).isEmpty();
        assertThat(store.get("d/two")).isPresent();
        assertThat(store.listAll("d", 10)).containsExactly("d/two");
    }

    @Test
    void openStreamsTheBodyAndReportsItsLength() throws Exception {
        byte[] body = new byte[1 << 20];
        new SplittableRandom(11).nextBytes(body);
        store.put("blobs/one-mebibyte", body);

        Optional<ObjectStream> opened = store.open("blobs/one-mebibyte");

        assertThat(opened).isPresent();
        try (ObjectStream object = opened.get(); InputStream in = object.body()) {
            assertThat(object.key()).isEqualTo("blobs/one-mebibyte");
            assertThat(object.length()).isEqualTo(body.length);
            byte[] first = in.readNBytes(1000);
            byte[] rest = in.readAllBytes();
            assertThat(first).isEqualTo(java.util.Arrays.copyOfRange(body, 0, 1000));
            assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(body, 1000, body.length));
        }
    }

    @Test
    void keysWithSpacesPlusPercentAndNonAsciiRoundTrip() {
        List<String> keys = List.of("odd/a b+c%20d&e=f", "odd/ünïcødé/日本語.json", "odd/emoji-😀", "odd/~tilde!'()*");
        keys.forEach(k -> store.put(k, bytes(k)));

        for (String key : keys) {
            assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).asString(UTF_8).isEqualTo(key));
        }
        assertThat(store.listAll("odd", 10)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void aKeyOfExactly1024Utf8BytesIsAccepted() {
        // Segments of 200 bytes keep the key portable to filesystems (255-byte names).
        String segment = "é".repeat(100); // 200 bytes
        String key = String.join("/", segment, segment, segment, segment, segment) + "/" + "x".repeat(19);
        assertThat(KeyOrder.utf8Length(key)).isEqualTo(1024);

        store.put(key, bytes("long"));

        assertThat(store.get(key)).isPresent();
        assertThatThrownBy(() -> store.put(key + "y", bytes("too long")))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("1025 UTF-8 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/leading", "a//b", "a/../b", "..", "a/./b", "trailing/", "nul\u0000byte", "lone\uD800"})
    void invalidKeysAreRefusedBeforeAnyIoWithTheKeyNamed(String key) {
        for (Runnable call : List.<Runnable>of(
                () -> store.put(key, bytes("x")), () -> store.get(key), () -> store.open(key), () -> store.delete(key))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(InvalidObjectKeyException.class)
                    .hasMessageContaining(ObjectKeys.quote(key))
                    .satisfies(e -> {
                        assertThat(((InvalidObjectKeyException) e).key()).isEqualTo(key);
                        assertThat(((InvalidObjectKeyException) e).isTransient()).isFalse();
                    });
        }
    }

    // ---- listing: order ----------------------------------------------------------------------

    /** Keys whose UTF-8 byte order differs from Java's String (UTF-16) order. */
    protected static final List<String> UTF8_ORDERED = List.of(
            "order/a", "order/b", "order/z",
            "order/é",              // U+00E9
            "order/ÿ",              // U+00FF
            "order/Ａ",             // U+FF21, fullwidth A: in UTF-16 it sorts after the emoji below
            "order/\uFFFD",         // U+FFFD
            "order/\uD800\uDC00",   // U+10000, the first supplementary code point
            "order/😀");            // U+1F600

    @Test
    protected void listingIsInUtf8ByteOrderNotJavaStringOrder() throws Exception {
        assertThat(UTF8_ORDERED.stream().sorted().toList())
                .as("the fixture must be one where the two orders disagree")
                .isNotEqualTo(UTF8_ORDERED);
        List<String> shuffled = new ArrayList<>(UTF8_ORDERED);
        java.util.Collections.shuffle(shuffled, new java.util.Random(3));
        putAll(shuffled);

        assertThat(store.list("order", 100).keys()).containsExactlyElementsOf(UTF8_ORDERED);
        assertThat(store.list("order", "order/\uFFFD", 100).keys())
                .containsExactly("order/\uD800\uDC00", "order/😀");
    }

    @Test
    void nestedKeysInterleaveWithSiblingsByBytes() throws Exception {
        // '-' 0x2D < '.' 0x2E < '/' 0x2F < '0' 0x30: a "directory" sorts between its siblings.
        List<String> expected = List.of("n/a-c", "n/a.x", "n/a/b", "n/a/c/d", "n/a/c0", "n/a0", "n/b");
        putAll(expected.reversed());

        assertThat(store.listAll("n", 100)).containsExactlyElementsOf(expected);
        assertThat(store.listAll("", 100)).containsExactlyElementsOf(expected);
    }

    @Test
    void aPrefixThatIsAlsoTheStartOfSiblingNamesSortsByItsSlash() throws Exception {
        // "e/a/..." sorts after "e/a!", "e/a-b", "e/a.x" (below '/') and before "e/a0", "e/a~", "e/aé".
        List<String> expected = List.of("e/a b", "e/a!", "e/a-b", "e/a.x", "e/a/b/c", "e/a/b0", "e/a/x",
                "e/a0", "e/a~", "e/aé", "e/a😀");
        putAll(expected.reversed());

        assertThat(store.listAll("e", 100)).containsExactlyElementsOf(expected);
        assertThat(store.list("e", "e/a", 2)).isEqualTo(new ListPage(List.of("e/a b", "e/a!"), true));
        assertThat(store.list("e", "e/a.x", 1)).isEqualTo(new ListPage(List.of("e/a/b/c"), true));
        assertThat(store.list("e", "e/a/", 2)).isEqualTo(new ListPage(List.of("e/a/b/c", "e/a/b0"), true));
        assertThat(store.list("e", "e/a/b", 1)).isEqualTo(new ListPage(List.of("e/a/b/c"), true));
        assertThat(store.list("e", "e/a/b/c", 2)).isEqualTo(new ListPage(List.of("e/a/b0", "e/a/x"), true));
        assertThat(store.list("e", "e/a/x", 3)).isEqualTo(new ListPage(List.of("e/a0", "e/a~", "e/aé"), true));
        assertThat(store.list("e", null, 5)).as("the page ends inside e/a/")
                .isEqualTo(new ListPage(expected.subList(0, 5), true));
    }

    // ---- listing: start-after, limit, paging --------------------------------------------------

    @Test
    void startAfterReturnsOnlyKeysStrictlyAfterIt() throws Exception {
        putAll(List.of("s/a/1", "s/a/2", "s/b/1", "s/b/2", "s/c"));

        assertThat(store.list("s", "s/a/1", 10).keys()).containsExactly("s/a/2", "s/b/1", "s/b/2", "s/c");
        assertThat(store.list("s", "s/b", 10).keys()).as("not itself a key").containsExactly("s/b/1", "s/b/2", "s/c");
        assertThat(store.list("s", "s/b/", 10).keys()).containsExactly("s/b/1", "s/b/2", "s/c");
        assertThat(store.list("s", "s/b/9", 10).keys()).containsExactly("s/c");
        assertThat(store.list("s", "a-before-the-prefix", 10).keys()).hasSize(5);
        assertThat(store.list("s", "s/c", 10)).isEqualTo(new ListPage(List.of(), false));
        assertThat(store.list("s", "t", 10).keys()).isEmpty();
    }

    @Test
    void limitCutsThePageAndSaysMoreExist() throws Exception {
        putAll(List.of("l/1", "l/2", "l/3", "l/4", "l/5"));

        ListPage first = store.list("l", 2);
        ListPage exact = store.list("l", 5);
        ListPage single = store.list("l", "l/4", 1);

        assertThat(first).isEqualTo(new ListPage(List.of("l/1", "l/2"), true));
        assertThat(first.lastKey()).hasValue("l/2");
        assertThat(exact.hasMore()).as("exactly limit keys exist").isFalse();
        assertThat(single).isEqualTo(new ListPage(List.of("l/5"), false));
        assertThatThrownBy(() -> store.list("l", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pagingWithLastKeyVisitsEveryKeyExactlyOnce() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            keys.add(String.format("pg/%s/item-%03d", i % 3 == 0 ? "x" : "y", i));
        }
        putAll(keys);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        ListPage page;
        do {
            page = store.list("pg", cursor, 10);
            seen.addAll(page.keys());
            cursor = page.lastKey().orElse(cursor);
            pages++;
        } while (page.hasMore());

        assertThat(seen).containsExactlyElementsOf(keys.stream().sorted(KeyOrder.UTF8).toList());
        assertThat(pages).isEqualTo(6);
    }

    // ---- listing: prefixes ---------------------------------------------------------------------

    @Test
    void aPrefixIsADirectorySoInst1NeverMatchesInst10() throws Exception {
        putAll(List.of("inst1/a", "inst1/b/c", "inst10/a", "inst1x", "inst2/a", "inst1.json"));

        assertThat(store.listAll("inst1/", 10)).containsExactly("inst1/a", "inst1/b/c");
        assertThat(store.listAll("inst1", 10)).as("normalised to inst1/").containsExactly("inst1/a", "inst1/b/c");
        assertThat(store.list("inst1", "inst1/a", 10).keys()).containsExactly("inst1/b/c");
        assertThat(store.listAll("inst1/b", 10)).containsExactly("inst1/b/c");
    }

    @Test
    void theEmptyPrefixListsTheWholeStoreAndAMissingPrefixIsEmpty() throws Exception {
        putAll(List.of("x/1", "y", "z/z/z"));

        assertThat(store.listAll("", 10)).containsExactly("x/1", "y", "z/z/z");
        assertThat(store.listAll("nothing/here", 10)).isEmpty();
        assertThat(store.listAll("y", 10)).as("an object is not a prefix").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a//b", "a/../b", "..", "a\u0007"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> store.list(prefix, 10)).isInstanceOf(InvalidObjectKeyException.class);
    }

    // ---- bounded listing ------------------------------------------------------------------------

    @Test
    void listAllReturnsEverythingUpToTheBoundAndFailsBeyondIt() throws Exception {
        putAll(List.of("b/1", "b/2", "b/3", "b/4", "b/5"));

        assertThat(store.listAll("b", 5)).containsExactly("b/1", "b/2", "b/3", "b/4", "b/5");
        assertThatThrownBy(() -> store.listAll("b", 4))
                .isInstanceOf(ListingLimitExceededException.class)
                .hasMessageContaining("'b/'")
                .hasMessageContaining("more than 4 keys")
                .hasMessageContaining(store.describe())
                .satisfies(e -> {
                    ListingLimitExceededException limit = (ListingLimitExceededException) e;
                    assertThat(limit.prefix()).isEqualTo("b/");
                    assertThat(limit.maxKeys()).isEqualTo(4);
                    assertThat(limit.isTransient()).isFalse();
                });
    }

    // ---- more than one S3 page ------------------------------------------------------------------

    @Test
    void listingMoreThanOneThousandKeysFollowsContinuation() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            keys.add(String.format("big/part=%d/event=%04d.manifest.json", i % 7, i));
        }
        putAll(keys);
        putAll(List.of("big0/outside", "bia/outside", "big.json"));
        List<String> sorted = keys.stream().sorted(KeyOrder.UTF8).toList();

        ListPage all = store.list("big", 5000);
        ListPage first = store.list("big", 1100);
        ListPage second = store.list("big", first.lastKey().orElseThrow(), 1100);
        ListPage middle = store.list("big", sorted.get(998), 5);

        assertThat(all.keys()).containsExactlyElementsOf(sorted);
        assertThat(all.hasMore()).isFalse();
        assertThat(first.keys()).containsExactlyElementsOf(sorted.subList(0, 1100));
        assertThat(first.hasMore()).isTrue();
        assertThat(second).isEqualTo(new ListPage(sorted.subList(1100, 1234), false));
        assertThat(middle.keys()).containsExactlyElementsOf(sorted.subList(999, 1004));
        assertThat(store.listAll("big", 1234)).hasSize(1234);
        assertThatThrownBy(() -> store.listAll("big", 1233)).isInstanceOf(ListingLimitExceededException.class);
    }
}
