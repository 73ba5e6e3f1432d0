package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.contracts.cursor.ReplayDefaults;
import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.source.ReplaySettings;
import io.rezilient.restore.indexer.source.SourceCursorParseException;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.store.IndexReader;
import io.rezilient.restore.indexer.store.SourceProgress;
import io.rezilient.restore.indexer.worker.CursorSeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The first cursor of a partition group: for each partition the group owns, the furthest position any scope of the
 * family recorded (the undivided scope, or groups of an earlier group count). A partition's {@code next_offset} says
 * every key below it was consumed by whoever wrote that row, and index rows are never removed, so the furthest one is
 * safe; splitting a scope, or changing its group count, then costs no re-reading. An unreadable cursor among them is
 * skipped (starting further back is only slower, never wrong).
 */
public final class GroupCursorSeed implements CursorSeed {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCursorSeed.class);

    private final IndexReader reader;
    private final IngestScope base;
    private final PartitionGroup group;
    private final ReplaySettings replay;

    public GroupCursorSeed(IndexReader reader, IngestScope base, PartitionGroup group, ReplaySettings replay) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.base = Objects.requireNonNull(base, "base");
        this.group = Objects.requireNonNull(group, "group");
        this.replay = Objects.requireNonNull(replay, "replay");
    }

    @Override
    public Optional<SourceCursorState> seed() {
        Map<String, ShardProgress> furthest = new TreeMap<>();
        for (SourceProgress row : reader.progressOfFamily(base.id(), PartitionGroup.familyPrefix(base.id()))) {
            if (row.cursor() == null || !row.sourceUri().equals(base.sourceUri())) {
                continue;
            }
            SourceCursorState state;
            try {
                state = SourceCursors.read(row.cursor(), replay);
            } catch (SourceCursorParseException unreadable) {
                LOG.atWarn().setMessage("restore-indexer partition group seed skips an unreadable cursor")
                        .addKeyValue("ingest_scope_id", row.ingestScopeId())
                        .addKeyValue("error_message", unreadable.getMessage()).log();
                continue;
            }
            state.byShard().forEach((shard, progress) -> {
                if (group.owns(shard)) {
                    furthest.merge(shard, progress, GroupCursorSeed::further);
                }
            });
        }
        if (furthest.isEmpty()) {
            return Optional.empty();
        }
        SourceCursorState seeded = SourceCursorState.fresh(new ReplayDefaults(replay.enabled(), replay.lowerBound()));
        for (Map.Entry<String, ShardProgress> shard : furthest.entrySet()) {
            seeded = seeded.withShard(shard.getKey(), shard.getValue());
        }
        LOG.atInfo().setMessage("restore-indexer partition group starts from its family's cursors")
                .addKeyValue("ingest_scope_id", group.scopeOf(base).id())
                .addKeyValue("partitions", furthest.size()).log();
        return Optional.of(seeded);
    }

    private static ShardProgress further(ShardProgress a, ShardProgress b) {
        return new BigInteger(a.nextOffset()).compareTo(new BigInteger(b.nextOffset())) >= 0 ? a : b;
    }
}
