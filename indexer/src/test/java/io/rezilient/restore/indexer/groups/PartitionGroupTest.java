package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.indexer.lease.IngestScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionGroupTest {
    private static String shard(String topic, int partition) {
        return "tenant=acme/instance=dev/topic=" + topic + "/partition=" + partition;
    }

    @Test
    void everyPartitionBelongsToExactlyOneGroup() {
        for (int count : List.of(1, 2, 3, 4, 7, 16)) {
            for (String topic : List.of("rez.cdc", "rez.cdc.incident", "other")) {
                for (int partition = 0; partition < 40; partition++) {
                    String shard = shard(topic, partition);
                    int owners = 0;
                    for (int index = 0; index < count; index++) {
                        owners += new PartitionGroup(index, count).owns(shard) ? 1 : 0;
                    }
                    assertThat(owners).as("owners of %s among %d groups", shard, count).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void consecutivePartitionsOfATopicGoRoundRobin() {
        for (String topic : List.of("rez.cdc", "rez.cdc.incident")) {
            Map<Integer, List<Integer>> byGroup = new HashMap<>();
            for (int partition = 0; partition < 8; partition++) {
                byGroup.computeIfAbsent(PartitionGroup.groupOf(shard(topic, partition), 4), g -> new ArrayList<>())
                        .add(partition);
            }
            assertThat(byGroup).as("8 partitions of %s over 4 groups", topic).hasSize(4);
            byGroup.values().forEach(partitions -> assertThat(partitions).hasSize(2));
            // neighbours land in neighbouring groups
            int first = PartitionGroup.groupOf(shard(topic, 0), 4);
            assertThat(PartitionGroup.groupOf(shard(topic, 1), 4)).isEqualTo((first + 1) % 4);
        }
    }

    @Test
    void aShardKeyWithoutAPartitionNumberIsStillPlaced() {
        int group = PartitionGroup.groupOf("tenant=a/instance=b/topic=c/partition=x1", 4);
        assertThat(group).isBetween(0, 3);
        assertThat(PartitionGroup.groupOf("tenant=a/instance=b/topic=c/partition=x1", 4)).isEqualTo(group);
    }

    @Test
    void groupScopesAreNamedAfterTheScopeAndKeepItsSource() {
        IngestScope base = new IngestScope("acme-dev", "s3://bucket/rez");
        IngestScope second = new PartitionGroup(1, 4).scopeOf(base);
        assertThat(second.id()).isEqualTo("acme-dev#group-2-of-4").startsWith(PartitionGroup.familyPrefix("acme-dev"));
        assertThat(second.sourceUri()).isEqualTo(base.sourceUri());
        assertThat(new PartitionGroup(0, 4)).hasToString("1/4");
    }

    @Test
    void outOfRangeGroupsAreRefused() {
        assertThatThrownBy(() -> new PartitionGroup(4, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> new PartitionGroup(-1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionGroup(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionGroup(0, PartitionGroup.MAX_GROUPS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
