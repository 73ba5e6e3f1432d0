package io.rezilient.restore.capture.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetSequencerTest {
    private static final TopicPartition CDC0 = new TopicPartition("rez.cdc", 0);
    private static final TopicPartition CDC1 = new TopicPartition("rez.cdc", 1);
    @TempDir
    Path dir;
    private ObjectStore store;

    @BeforeEach
    void openStore() {
        store = new FileSystemObjectStore(dir);
    }

    private ObjectStoreSequenceState state() {
        return new ObjectStoreSequenceState(store, "rez/restore-artifacts", "tenant-acme", "acme-dev");
    }

    @Test
    void offsetsAreSequentialPerPartitionAndContinueAfterACleanRestart() {
        try (OffsetSequencer sequencer = new OffsetSequencer(state(), 100)) {
            assertThat(sequencer.next(CDC0)).isZero();
            assertThat(sequencer.next(CDC0)).isEqualTo(1);
            assertThat(sequencer.next(CDC1)).isZero();
        }
        try (OffsetSequencer restarted = new OffsetSequencer(state(), 100)) {
            assertThat(restarted.next(CDC0)).isEqualTo(2);
            assertThat(restarted.next(CDC1)).isEqualTo(1);
        }
        assertThat(state().load()).containsExactlyInAnyOrderEntriesOf(Map.of(CDC0, 3L, CDC1, 2L));
    }

    @Test
    void aCrashNeverReusesAnOffsetHandedOut() {
        OffsetSequencer crashed = new OffsetSequencer(state(), 10);
        for (int i = 0; i < 15; i++) {
            crashed.next(CDC0); // 0..14: the second block (10..19) was reserved before 10 was handed out
        }
        // no close(): the process died between writing an artifact and its manifest
        OffsetSequencer restarted = new OffsetSequencer(state(), 10);
        assertThat(restarted.next(CDC0)).isEqualTo(20);
    }

    @Test
    void reservationsAreWrittenOncePerBlockNotPerOffset() {
        int[] saves = {0};
        ObjectStoreSequenceState real = state();
        SequenceStateStore counting = new SequenceStateStore() {
            @Override
            public Map<TopicPartition, Long> load() {
                return real.load();
            }

            @Override
            public void save(Map<TopicPartition, Long> next) {
                saves[0]++;
                real.save(next);
            }

            @Override
            public String describe() {
                return real.describe();
            }
        };
        try (OffsetSequencer sequencer = new OffsetSequencer(counting, 1000)) {
            for (int i = 0; i < 2500; i++) {
                sequencer.next(CDC0);
            }
            assertThat(saves[0]).isEqualTo(3);
        }
        assertThat(saves[0]).isEqualTo(4);
    }

    @Test
    void batchReservationIsOneWriteForAllPartitions() {
        try (OffsetSequencer sequencer = new OffsetSequencer(state(), 1)) {
            sequencer.next(CDC0);
            Map<TopicPartition, Long> firsts = sequencer.reserveAll(Map.of(CDC0, 3L, CDC1, 2L));
            assertThat(firsts).containsExactlyInAnyOrderEntriesOf(Map.of(CDC0, 1L, CDC1, 0L));
            assertThat(sequencer.peek(CDC0)).isEqualTo(4);
            assertThat(sequencer.peek(CDC1)).isEqualTo(2);
        }
    }

    @Test
    void aDamagedStateObjectStopsTheWriterWithAClearMessage() {
        put("{\"format\":\"rez.capture-offsets.v1\",\"tenant_id\":\"tenant-acme\","
                + "\"instance_id\":\"acme-dev\",\"next_offsets\":{\"rez.cdc|x\":\"1\"}}");
        assertThatThrownBy(() -> new OffsetSequencer(state(), 10))
                .hasMessageContaining("next_offsets key 'rez.cdc|x' must be \"topic|partition\"");
        put("{\"format\":\"rez.capture-offsets.v1\",\"tenant_id\":\"other\","
                + "\"instance_id\":\"acme-dev\",\"next_offsets\":{}}");
        assertThatThrownBy(() -> new OffsetSequencer(state(), 10)).hasMessageContaining("belongs to tenant");
        put("not json");
        assertThatThrownBy(() -> new OffsetSequencer(state(), 10)).hasMessageContaining("is not valid JSON");
    }

    private void put(String text) {
        store.put(state().key(), text.getBytes(StandardCharsets.UTF_8));
    }
}
