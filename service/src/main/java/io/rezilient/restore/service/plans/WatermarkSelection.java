package io.rezilient.restore.service.plans;

import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.PartitionRef;
import io.rezilient.restore.service.index.WatermarkReader;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which authoritative watermarks a plan reports and gates on (service-spec §4.7): the partitions its rows came
 * from; when the rows name none, the source's watermarks narrowed to the hinted topics, and failing that the
 * hinted partitions themselves (which then read as unknown if the index never saw them).
 */
final class WatermarkSelection {
    private final WatermarkReader reader;

    WatermarkSelection(WatermarkReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    List<AuthoritativeWatermark> select(IndexScope scope, Collection<PartitionRef> rowPartitions,
                                        List<WatermarkHint> hints) {
        if (!rowPartitions.isEmpty()) {
            return reader.forPartitions(scope, new TreeSet<>(rowPartitions));
        }
        Set<String> hintTopics = hints.stream().map(WatermarkHint::topic).filter(topic -> !topic.isEmpty())
                .collect(Collectors.toSet());
        List<AuthoritativeWatermark> all = reader.forSource(scope);
        List<AuthoritativeWatermark> narrowed = hintTopics.isEmpty() ? all
                : all.stream().filter(mark -> hintTopics.contains(mark.partition().topic())).toList();
        if (!narrowed.isEmpty()) {
            return narrowed;
        }
        SortedSet<PartitionRef> hinted = new TreeSet<>();
        for (WatermarkHint hint : hints) {
            if (!hint.topic().isEmpty() && hint.partition().isPresent()) {
                hinted.add(new PartitionRef(hint.topic(), hint.partition().getAsInt()));
            }
        }
        return hinted.isEmpty() ? List.of() : reader.forPartitions(scope, hinted);
    }
}
