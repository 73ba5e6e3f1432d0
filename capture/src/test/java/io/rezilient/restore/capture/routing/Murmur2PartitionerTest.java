package io.rezilient.restore.capture.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Murmur2PartitionerTest {

    /** Published test values of Kafka's murmur2 (its Utils tests), so partitions match a Kafka producer's. */
    @Test
    void matchesKafkasMurmur2() {
        Map<String, Integer> expected = Map.of(
                "21", -973932308,
                "foobar", -790332482,
                "a-little-bit-long-string", -985981536,
                "a-little-bit-longer-string", -1486304829,
                "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971,
                "abc", 479470107);
        expected.forEach((text, hash) ->
                assertThat(Murmur2Partitioner.murmur2(text.getBytes(StandardCharsets.UTF_8))).as(text).isEqualTo(hash));
    }

    @Test
    void partitionsAreStableAndSpread() {
        Murmur2Partitioner partitioner = new Murmur2Partitioner(8);
        assertThat(partitioner.partitionOf("foobar")).isEqualTo((-790332482 & 0x7fffffff) % 8);
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            counts[partitioner.partitionOf("incident/" + Integer.toHexString(i * 7919))]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(800, 1200);
        }
        assertThatThrownBy(() -> new Murmur2Partitioner(0)).hasMessageContaining("at least 1");
    }
}
