package io.rezilient.restore.indexer.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {
    private static String copy(Object value) {
        StringBuilder out = new StringBuilder("|");
        CopyText.append(value, out);
        return out.append('|').toString();
    }

    @Test
    void nullIsTheNullMarkerAndPlainTextIsCopiedAsItIs() {
        assertThat(copy(null)).isEqualTo("|\\N|");
        assertThat(copy("")).isEqualTo("||");
        assertThat(copy("rez/restore-artifacts/v2/0001.manifest.json")).isEqualTo(
                "|rez/restore-artifacts/v2/0001.manifest.json|");
        assertThat(copy(42L)).isEqualTo("|42|");
        assertThat(copy("é😀")).isEqualTo("|é😀|");
    }

    @Test
    void delimitersAndTheEscapeAreEscapedWhereverTheyStand() {
        assertThat(copy("\\")).isEqualTo("|\\\\|");
        assertThat(copy("\tlead")).isEqualTo("|\\tlead|");
        assertThat(copy("trail\n")).isEqualTo("|trail\\n|");
        assertThat(copy("a\r\n\tb\\\\c")).isEqualTo("|a\\r\\n\\tb\\\\\\\\c|");
        assertThat(copy("\\N")).as("text that looks like the null marker stays text").isEqualTo("|\\\\N|");
    }
}
