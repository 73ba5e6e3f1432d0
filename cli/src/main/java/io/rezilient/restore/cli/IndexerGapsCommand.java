package io.rezilient.restore.cli;

import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.store.MissingRange;
import io.rezilient.restore.indexer.store.PartitionHoles;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.SourceKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rez indexer gaps}: the holes that hold partition frontiers (offsets missing below indexed ones), and the
 * way out for a hole that will never fill. See docs/indexer-watermarks.md.
 */
@Command(name = "gaps", mixinStandardHelpOptions = true,
        description = "Offsets missing below indexed ones (holes that hold a partition's frontier): list, or skip one "
                + "that will never arrive.",
        subcommands = {IndexerGapsCommand.ListGaps.class, IndexerGapsCommand.Skip.class})
final class IndexerGapsCommand implements Runnable {
    @ParentCommand
    private IndexerCommand parent;
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What the listing covers and how much it shows ({@code rez indexer gaps list}, {@code rez backfill gaps}). */
    static final class Listing {
        @Option(names = "--all", description = "Every source of the index, not only those of the ingest scope.")
        boolean all;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "Missing runs shown per partition (default: ${DEFAULT-VALUE}).")
        int limit;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Partitions of the ingest scope with an open hole, and the missing offset runs above each "
                    + "frontier.")
    static final class ListGaps implements Callable<Integer> {
        @ParentCommand
        private IndexerGapsCommand parent;
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Listing listing;

        @Override
        public Integer call() {
            boolean all = listing.all;
            int limit = listing.limit;
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (IndexerRuntime runtime = parent.parent.openRuntime()) {
                Instant now = Instant.now();
                PartitionHoles holes = runtime.holes();
                int holed = 0;
                for (SourceKey source : runtime.indexedSources(all)) {
                    for (PartitionWatermark watermark : runtime.reader().watermarks(source)) {
                        if (!watermark.holeOpen()) {
                            continue;
                        }
                        holed++;
                        out.printf("%s generation %s: indexed %s–%s, highest indexed %s; hole %s%n",
                                watermark.partition(), watermark.generationId(), watermark.indexedFromOffset(),
                                watermark.indexedThroughOffset(), watermark.highestIndexedOffset(),
                                IndexerStatusCommand.hole(watermark, now));
                        List<MissingRange> missing = holes.missing(watermark, limit + 1);
                        missing.stream().limit(limit).forEach(range -> out.printf("  missing %s%n", describe(range)));
                        if (missing.size() > limit) {
                            out.printf("  … more (--limit %d shows more)%n", limit * 4);
                        }
                    }
                }
                out.printf("%d partition(s) with an open hole%n", holed);
                out.flush();
                return 0;
            }
        }

        private static String describe(MissingRange range) {
            return range.firstOffset().equals(range.lastOffset()) ? "offset " + range.firstOffset()
                    : "offsets " + range.firstOffset() + "–" + range.lastOffset() + " (" + range.count() + ")";
        }
    }

    @Command(name = "skip", mixinStandardHelpOptions = true,
            description = "Declare the hole a partition's frontier waits at missing for good (recorded with who and "
                    + "why); the frontier moves over it. An event that arrives for it later is still indexed.")
    static final class Skip implements Callable<Integer> {
        @ParentCommand
        private IndexerGapsCommand parent;
        @Spec
        private CommandSpec spec;

        @Option(names = "--tenant", paramLabel = "ID", description = "Tenant (default: the scope's only source's).")
        private String tenant;
        @Option(names = "--instance", paramLabel = "ID", description = "Instance (default: the scope's only source's).")
        private String instance;
        @Option(names = "--source", paramLabel = "URI", description = "Source (default: the scope's only source).")
        private String source;
        @Option(names = "--topic", required = true, paramLabel = "TOPIC")
        private String topic;
        @Option(names = "--partition", required = true, paramLabel = "N")
        private int partition;
        @Option(names = "--offset", required = true, paramLabel = "OFFSET",
                description = "The first missing offset: the one right after the frontier (`rez indexer gaps list`).")
        private String offset;
        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why the offsets will never arrive (kept in skipped_offsets).")
        private String reason;
        @Option(names = "--by", paramLabel = "WHO", description = "Who decided (default: the OS user).")
        private String skippedBy = System.getProperty("user.name", "operator");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (IndexerRuntime runtime = parent.parent.openRuntime()) {
                PartitionKey key = new PartitionKey(sourceOf(runtime), topic, partition);
                PartitionHoles.SkippedHole skipped = runtime.holes().skip(key, offset.strip(), reason, skippedBy);
                out.printf("skipped offsets %s–%s of %s (recorded in skipped_offsets as decided by %s); indexed"
                                + " through %s now%s%n", skipped.firstOffset(), skipped.lastOffset(), key, skippedBy,
                        skipped.indexedThroughOffset(), skipped.holeStillOpen()
                                ? "; another hole holds the frontier (rez indexer gaps list)" : "; no hole left");
                out.flush();
                return 0;
            }
        }

        /** The source named by the options, or the configured scope's only source when they leave it open. */
        private SourceKey sourceOf(IndexerRuntime runtime) {
            if (tenant != null && instance != null && source != null) {
                return new SourceKey(tenant, instance, source);
            }
            List<SourceKey> matching = runtime.indexedSources(false).stream()
                    .filter(s -> tenant == null || s.tenantId().equals(tenant))
                    .filter(s -> instance == null || s.instanceId().equals(instance))
                    .filter(s -> source == null || s.source().equals(source)).toList();
            if (matching.size() != 1) {
                throw new IllegalArgumentException((matching.isEmpty() ? "no source" : matching.size() + " sources")
                        + " of the ingest scope match; name it with --tenant, --instance and --source");
            }
            return matching.getFirst();
        }
    }
}
