package io.rezilient.restore.objectstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyOrderTest {

    @Test
    void supplementaryCharactersSortAfterTheTopOfTheBasicPlaneAsInUtf8() {
        String fullwidthA = "\uFF21";
        String grinning = "😀"; // U+1F600, surrogates D83D DE00

        assertThat(fullwidthA.compareTo(grinning)).as("Java String order").isPositive();
        assertThat(KeyOrder.compare(fullwidthA, grinning)).as("UTF-8 byte order").isNegative();
        assertThat(KeyOrder.compare(grinning, fullwidthA)).isPositive();
    }

    @Test
    void sortingAListGivesS3Order() {
        List<String> keys = List.of("b", "😀", "a/b", "\uFF21", "a-c", "é", "a", "\uE000", "\uD7FF", "a0");

        assertThat(keys.stream().sorted(KeyOrder.UTF8).toList())
                .containsExactly("a", "a-c", "a/b", "a0", "b", "é", "\uD7FF", "\uE000", "\uFF21", "😀");
    }

    @Test
    void aPrefixSortsBeforeItsExtensionsAndEqualKeysCompareEqual() {
        assertThat(KeyOrder.compare("abc", "abc")).isZero();
        assertThat(KeyOrder.compare("ab", "abc")).isNegative();
        assertThat(KeyOrder.isAfter("abc", "ab")).isTrue();
        assertThat(KeyOrder.isAfter("ab", "ab")).isFalse();
    }

    /** Seeded random strings mixing every UTF-16 range: the comparison sign must match UTF-8 bytes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 99_999})
    void agreesWithUnsignedComparisonOfUtf8Bytes(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5000; i++) {
            String a = randomString(random);
            String b = random.nextInt(4) == 0 ? a + randomString(random) : randomString(random);
            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8)));

            assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
            assertThat(KeyOrder.utf8Length(a)).isEqualTo(a.getBytes(UTF_8).length);
        }
    }

    private static String randomString(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> s.append((char) random.nextInt(0x20, 0x80));
                case 1 -> s.append((char) random.nextInt(0x80, 0x800));
                case 2 -> s.append((char) random.nextInt(0x800, 0xD800));
                case 3 -> s.append((char) random.nextInt(0xE000, 0x10000));
                default -> s.appendCodePoint(random.nextInt(0x10000, 0x110000));
            }
        }
        return s.toString();
    }
}
