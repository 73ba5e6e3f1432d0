package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.SourceKey;
import io.rezilient.restore.indexer.worker.PartitionStatus;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.index.FreshnessRule;
import io.rezilient.restore.service.index.FreshnessVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rez indexer status}: per partition of the configured ingest scope (every scope with {@code --all}), how
 * far it is indexed, any open hole, and its freshness twice — as the restore service will decide it (its stale-after
 * setting, {@code RRS_RESTORE_INDEX_STALE_AFTER_SECONDS}, read from the same environment) and as this indexer stamps
 * it — so what an operator sees here is what a restore will meet.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per partition of the ingest scope: indexed-through offset and time, open hole, lag, and "
                + "freshness as the restore service and this indexer judge it.")
final class IndexerStatusCommand implements Callable<Integer> {
    private static final String FORMAT =
            "%-18s %-18s %-12s %-16s %9s %-12s %14s %-24s %8s %-26s %-9s %-27s %-9s %10s%n";

    @ParentCommand
    private IndexerCommand parent;
    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Every source of the index, not only those of the configured ingest scope.")
    private boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FreshnessRule service = serviceRule();
        try (IndexerRuntime runtime = parent.openRuntime()) {
            Instant now = Instant.now();
            out.printf("freshness: RESTORE = the restore service's verdict (stale after %s s, "
                            + "RRS_RESTORE_INDEX_STALE_AFTER_SECONDS); INDEXER = this indexer's (stale after %s s, "
                            + "REZ_RESTORE_INDEXER_STALE_AFTER_SECONDS)%n",
                    seconds(service.staleAfterSeconds()), seconds(runtime.settings().freshness().staleAfterSeconds()));
            out.printf(FORMAT, "TENANT", "INSTANCE", "SOURCE", "TOPIC", "PARTITION", "GENERATION", "OFFSET",
                    "INDEXED_THROUGH", "LAG_S", "HOLE", "RESTORE", "REASON", "INDEXER", "QUARANTINE");
            List<SourceKey> sources = runtime.indexedSources(all);
            int partitions = 0;
            for (SourceKey source : sources) {
                for (PartitionStatus status : runtime.status().partitions(source, now)) {
                    partitions++;
                    PartitionWatermark watermark = status.watermark();
                    FreshnessVerdict restore = service.evaluate(
                            watermark == null ? null : watermark.indexedThroughTime(), status.openQuarantine(), now);
                    FreshnessDecision indexer = status.freshness();
                    out.printf(FORMAT, source.tenantId(), source.instanceId(), source.source(),
                            status.partition().topic(), status.partition().partition(),
                            watermark == null ? "-" : watermark.generationId(),
                            watermark == null ? "-" : watermark.indexedThroughOffset(),
                            watermark == null ? "-" : String.valueOf(watermark.indexedThroughTime()),
                            restore.lagSeconds() == null ? "-" : restore.lagSeconds(), hole(watermark, now),
                            restore.freshness().wire(), restore.reasonCode().wire(), indexer.freshness().wire(),
                            status.openQuarantine());
                }
            }
            if (partitions == 0) {
                out.println(all ? "(no partitions indexed yet)"
                        : "(no partitions indexed yet by this ingest scope; --all shows every scope's)");
            }
            runtime.source().ifPresent(rec -> {
                long unlocated = runtime.quarantine().list(rec.scope().id(), false).stream()
                        .filter(artifact -> artifact.source() == null).count();
                if (unlocated > 0) {
                    out.println(unlocated + " open quarantined artifact(s) of scope " + rec.scope().id()
                            + " name no source; see `rez indexer quarantine list`");
                }
            });
            out.flush();
            return 0;
        }
    }

    /** The rule the restore service applies, with its stale-after setting from the same environment. */
    private FreshnessRule serviceRule() {
        List<String> problems = new ArrayList<>();
        Integer staleAfter = ServiceEnv.INDEX_STALE_AFTER_SECONDS.read(parent.environment(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new FreshnessRule(staleAfter);
    }

    /** "-", or where the frontier waits: the first missing offset, how far indexed offsets reach beyond, for how long. */
    static String hole(PartitionWatermark watermark, Instant now) {
        if (watermark == null || !watermark.holeOpen()) {
            return "-";
        }
        BigInteger through = new BigInteger(watermark.indexedThroughOffset());
        BigInteger span = new BigInteger(watermark.highestIndexedOffset()).subtract(through);
        return "at " + through.add(BigInteger.ONE) + " (+" + span + ") "
                + age(Duration.between(watermark.frontierStalledSince(), now));
    }

    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        return seconds / 3600 + "h";
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
