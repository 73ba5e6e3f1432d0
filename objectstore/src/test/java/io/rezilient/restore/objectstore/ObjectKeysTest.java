package io.rezilient.restore.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void ordinaryKeysPass() {
        for (String key : new String[] {"a", "a/b/c.manifest.json", "instance=acme.service-now.com/day=2026-03-04",
                "event=~b64~AbC+/x", "...", "a/.hidden", "日本/😀", "with space"}) {
            assertThat(ObjectKeys.requireValidKey(key)).isEqualTo(key);
        }
    }

    @Test
    void eachRuleHasItsOwnMessageNamingTheKey() {
        assertRejected("", "must be non-empty, got ''");
        assertRejected(null, "must be non-empty, got null");
        assertRejected("/a", "object key '/a' must not start with '/'");
        assertRejected("a/", "object key 'a/' must not end with '/'");
        assertRejected("a//b", "object key 'a//b' has an empty segment");
        assertRejected("a/../b", "object key 'a/../b' has a '..' segment");
        assertRejected("./b", "object key './b' has a '.' segment");
        assertRejected("a\tb", "object key 'a\\u0009b' contains control character U+0009 at index 1");
        assertRejected("a\u007F", "control character U+007F");
        assertRejected("x\uDC00y", "object key 'x\\uDC00y' contains an unpaired surrogate");
        assertRejected("x\uD83D", "unpaired surrogate");
    }

    @Test
    void theLengthLimitCountsUtf8BytesNotCharacters() {
        assertThat(ObjectKeys.requireValidKey("a".repeat(1024))).hasSize(1024);
        assertThat(ObjectKeys.requireValidKey("é".repeat(512))).hasSize(512);
        assertRejected("é".repeat(513), "is 1026 UTF-8 bytes, more than the limit of 1024");
        assertRejected("😀".repeat(257), "is 1028 UTF-8 bytes");
    }

    @Test
    void aNonEmptyPrefixBecomesADirectory() {
        assertThat(ObjectKeys.normalizePrefix("")).isEmpty();
        assertThat(ObjectKeys.normalizePrefix("inst1")).isEqualTo("inst1/");
        assertThat(ObjectKeys.normalizePrefix("inst1/")).isEqualTo("inst1/");
        assertThat(ObjectKeys.normalizePrefix("a/b")).isEqualTo("a/b/");
    }

    @Test
    void badPrefixesAreRefusedNamingThem() {
        assertThatThrownBy(() -> ObjectKeys.normalizePrefix("/")).hasMessage("listing prefix '/' must not start with '/'");
        assertThatThrownBy(() -> ObjectKeys.normalizePrefix("a//")).hasMessageContaining("listing prefix 'a//' has an empty segment");
        assertThatThrownBy(() -> ObjectKeys.normalizePrefix("a/../")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> ObjectKeys.normalizePrefix(null)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> ObjectKeys.normalizePrefix("x".repeat(1024)))
                .hasMessageContaining("longer than 1024 UTF-8 bytes");
    }

    @Test
    void startAfterMayBeAnyWellFormedString() {
        assertThat(ObjectKeys.requireValidStartAfter(null)).isNull();
        assertThat(ObjectKeys.requireValidStartAfter("")).isEmpty();
        assertThat(ObjectKeys.requireValidStartAfter("a/")).isEqualTo("a/");
        assertThatThrownBy(() -> ObjectKeys.requireValidStartAfter("a\uD800"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("start-after key 'a\\uD800'");
    }

    private static void assertRejected(String key, String message) {
        assertThatThrownBy(() -> ObjectKeys.requireValidKey(key))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidObjectKeyException) e).key()).isEqualTo(key));
    }
}
