package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerEnv;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.config.RecSourceSettings;
import io.rezilient.restore.indexer.store.PartitionWatermark;
import io.rezilient.restore.indexer.store.QuarantineResolution;
import io.rezilient.restore.indexer.store.QuarantinedArtifact;
import io.rezilient.restore.indexer.store.SourceKey;
import io.rezilient.restore.indexer.groups.GroupedIndexer;
import io.rezilient.restore.indexer.groups.PartitionGroup;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.indexer.worker.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code rez indexer run|once|status|quarantine}: the restore indexer, configured by the environment variables of
 * indexer-spec §8 ({@code rez indexer env} prints them).
 */
@Command(name = "indexer", mixinStandardHelpOptions = true,
        description = "Restore indexer: index capture manifests into PostgreSQL; configured by REZ_RESTORE_* variables.",
        subcommands = {IndexerCommand.Run.class, IndexerCommand.Once.class, IndexerStatusCommand.class,
                IndexerGapsCommand.class, IndexerCommand.Quarantine.class, IndexerCommand.Env.class})
final class IndexerCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerCommand.class);

    /** Where the settings come from: the process environment, or a map a test hands in. */
    private final Supplier<Map<String, String>> environment;

    @Spec
    private CommandSpec spec;

    IndexerCommand() {
        this(System::getenv);
    }

    IndexerCommand(Supplier<Map<String, String>> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Validates the whole environment before anything connects (fail closed), and warns about settings the
     * operator set that nothing acts on yet, so nobody relies on one that does nothing.
     */
    IndexerRuntime openRuntime() {
        Map<String, String> env = environment.get();
        IndexerSettings settings = IndexerSettings.fromEnv(env);
        List<String> notUsedYet = EnvTable.setButNotUsedYet(IndexerEnv.ALL, env);
        if (!notUsedYet.isEmpty()) {
            LOG.atWarn().setMessage("restore-indexer settings accepted for compatibility, not used yet")
                    .addKeyValue("variables", notUsedYet).log();
        }
        return IndexerRuntime.open(settings);
    }

    /** The environment the settings are read from. */
    Map<String, String> environment() {
        return environment.get();
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Index continuously until SIGTERM/SIGINT; then finish the cycle and release the lease.",
                    "With REZ_RESTORE_INDEXER_METRICS_PORT set, serves GET /metrics (Prometheus) and GET /healthz."})
    static final class Run implements Callable<Integer> {
        /** How long the shutdown hook waits for the worker to finish its cycle and release the lease. */
        private static final long SHUTDOWN_GRACE_SECONDS = 60;

        @ParentCommand
        private IndexerCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CountDownLatch stopRequested = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            // how to end the run: the worker's stop, or the partition groups' coordinator's
            AtomicReference<Runnable> toStop = new AtomicReference<>();
            AtomicInteger exitCode = new AtomicInteger(2);
            Thread hook = new Thread(() -> {
                LOG.info("restore-indexer shutdown requested");
                stopRequested.countDown();
                Optional.ofNullable(toStop.get()).ifPresent(Runnable::run);
                // the JVM exits when the hooks end: wait so the cycle completes and the lease is released
                if (awaitQuietly(finished, SHUTDOWN_GRACE_SECONDS)) {
                    // after a signal the JVM would exit with 128 + its number (143 for SIGTERM); a run that ended
                    // as asked exits with its own status (0, as the reference's indexer does)
                    Runtime.getRuntime().halt(exitCode.get());
                }
            }, "rez-indexer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int code = indexUntilStopped(out, stopRequested, toStop);
                exitCode.set(code);
                return code;
            } finally {
                out.flush();
                finished.countDown(); // after the runtime closed: pool and metrics endpoint are gone, lease released
                removeQuietly(hook);
            }
        }

        private int indexUntilStopped(PrintWriter out, CountDownLatch stopRequested,
                                      AtomicReference<Runnable> toStop) {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                Optional<GroupedIndexer> groups = runtime.groups();
                if (groups.isPresent()) {
                    return indexGroupsUntilStopped(runtime, groups.get(), out, stopRequested, toStop);
                }
                Optional<IndexerWorker> worker = runtime.worker();
                worker.ifPresent(w -> toStop.set(w::requestStop));
                if (stopRequested.getCount() == 0) {
                    worker.ifPresent(IndexerWorker::requestStop); // the signal came while the runtime opened
                }
                try {
                    // after the worker exists, so /healthz has something to report; inside the try, so a port that
                    // cannot be bound fails the start (exit 1) and still releases the lease
                    runtime.serveMetrics().ifPresent(address -> {
                        out.println("serving /metrics and /healthz on " + url(address));
                        out.flush();
                    });
                    if (worker.isEmpty()) {
                        out.println("scaffold mode: production ingest is disabled; waiting for SIGTERM/SIGINT");
                        out.flush();
                        awaitQuietly(stopRequested, Long.MAX_VALUE);
                        return 0;
                    }
                    RunSummary summary = worker.get().runContinuously(0);
                    out.println(describe(summary));
                    return 0;
                } catch (RuntimeException failure) {
                    return failed(failure);
                } finally {
                    worker.ifPresent(IndexerWorker::close); // releases the lease
                }
            }
        }

        /** As for one worker, with the coordinator taking this process's share of the partition groups. */
        private int indexGroupsUntilStopped(IndexerRuntime runtime, GroupedIndexer groups, PrintWriter out,
                                            CountDownLatch stopRequested, AtomicReference<Runnable> toStop) {
            toStop.set(groups::requestStop);
            if (stopRequested.getCount() == 0) {
                groups.requestStop();
            }
            try {
                runtime.serveMetrics().ifPresent(address -> {
                    out.println("serving /metrics and /healthz on " + url(address));
                    out.flush();
                });
                out.println("indexing my share of " + groups.groupCount() + " partition groups of ingest scope "
                        + runtime.source().orElseThrow().scope().id());
                out.flush();
                groups.runUntilStopped();
                return 0;
            } catch (RuntimeException failure) {
                return failed(failure);
            } finally {
                groups.close(); // stops every group, which releases its lease
            }
        }

        /** Logs and prints why the run ended; exit status 1. */
        private int failed(RuntimeException failure) {
            LOG.atError().setMessage("restore-indexer failed")
                    .addKeyValue("error_message", failure.getMessage()).setCause(failure).log();
            spec.commandLine().getErr().println("rez indexer run: " + failure.getMessage());
            return 1;
        }
    }

    @Command(name = "once", mixinStandardHelpOptions = true,
            description = "Index until a cycle finds nothing new (caught up), print a summary, release the lease.")
    static final class Once implements Callable<Integer> {
        @ParentCommand
        private IndexerCommand parent;
        @Spec
        private CommandSpec spec;

        @Option(names = "--max-cycles", paramLabel = "N", defaultValue = "0",
                description = "Stop after N cycles even if not caught up (0: no limit).")
        private long maxCycles;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (IndexerRuntime runtime = parent.openRuntime()) {
                Optional<GroupedIndexer> groups = runtime.groups();
                if (groups.isPresent()) {
                    if (!catchUpEachGroup(groups.get(), runtime.source().orElseThrow().scope().id(), out)) {
                        return 1;
                    }
                    reportHoles(runtime, out);
                    return 0;
                }
                Optional<IndexerWorker> worker = runtime.worker();
                if (worker.isEmpty()) {
                    out.println("scaffold mode: production ingest is disabled; nothing to index");
                    out.flush();
                    return 0;
                }
                String scope = runtime.source().orElseThrow().scope().id();
                IndexerCatchUp result = IndexerCatchUp.run(worker.get(), maxCycles, progress -> { });
                if (!result.leader()) {
                    spec.commandLine().getErr().println("rez indexer once: the lease of ingest scope " + scope
                            + " is held by another worker; nothing indexed");
                    spec.commandLine().getErr().flush();
                    return 1;
                }
                out.println(result.describe(scope));
                reportHoles(runtime, out);
                return 0;
            }
        }

        /**
         * Catches up every partition group in turn, one summary line each; false (exit 1) when another process held
         * any group's lease, so that group was not indexed by this run.
         */
        private boolean catchUpEachGroup(GroupedIndexer groups, String scope, PrintWriter out) {
            Map<PartitionGroup, Optional<IndexerCatchUp>> results =
                    groups.withEachGroup(worker -> IndexerCatchUp.run(worker, maxCycles, progress -> { }));
            boolean all = true;
            for (Map.Entry<PartitionGroup, Optional<IndexerCatchUp>> group : results.entrySet()) {
                String groupScope = group.getKey().scopeIdOf(scope);
                Optional<IndexerCatchUp> result = group.getValue().filter(IndexerCatchUp::leader);
                if (result.isEmpty()) {
                    all = false;
                    spec.commandLine().getErr().println("rez indexer once: the lease of partition group "
                            + groupScope + " is held by another worker; that group was not indexed");
                } else {
                    out.println(result.get().describe(groupScope));
                }
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return all;
        }

        private static void reportHoles(IndexerRuntime runtime, PrintWriter out) {
            long holed = runtime.indexedSources().stream()
                    .flatMap(source -> runtime.reader().watermarks(source).stream())
                    .filter(PartitionWatermark::holeOpen).count();
            if (holed > 0) {
                // out of order is normal mid-ingest; a hole that outlives a run is worth a look
                out.printf("%d partition(s) have an open hole (offsets missing below indexed ones); see"
                        + " `rez indexer gaps list`%n", holed);
            }
            out.flush();
        }
    }

    @Command(name = "quarantine", mixinStandardHelpOptions = true,
            description = "Artifacts that could not be indexed: list, retry now, or resolve.",
            subcommands = {Quarantine.ListCommand.class, Quarantine.Retry.class, Quarantine.Resolve.class})
    static final class Quarantine implements Runnable {
        @ParentCommand
        private IndexerCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        /** The configured ingest scope: quarantine is kept per scope, and scaffold mode has none. */
        static String scope(IndexerRuntime runtime) {
            return runtime.source().map(RecSourceSettings::scope).orElseThrow(() -> new IllegalStateException(
                    "scaffold mode has no ingest scope and no quarantine")).id();
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Open quarantined artifacts of the scope.")
        static final class ListCommand implements Callable<Integer> {
            @ParentCommand
            private Quarantine parent;
            @Spec
            private CommandSpec spec;

            @Option(names = "--all", description = "Include resolved artifacts.")
            private boolean all;

            @Override
            public Integer call() {
                PrintWriter out = spec.commandLine().getOut();
                try (IndexerRuntime runtime = parent.parent.openRuntime()) {
                    List<QuarantinedArtifact> artifacts = runtime.quarantine().list(scope(runtime), all);
                    for (QuarantinedArtifact a : artifacts) {
                        out.printf("%s%n  reason: %s (%s)%n  attempts: %d, first seen %s, last seen %s, next attempt %s%n"
                                        + "  partition: %s%s%n",
                                a.manifestKey(), a.reasonCode(), a.reason(), a.attempts(), a.firstSeenAt(),
                                a.lastSeenAt(), a.nextAttemptAt() == null ? "none (operator action needed)"
                                        : a.nextAttemptAt(),
                                a.partitionKey().map(Object::toString).orElse(a.source() == null ? "unknown"
                                        : a.source() + " (partition unknown)"),
                                a.open() ? "" : "%n  resolved %s as %s by %s".formatted(a.resolvedAt(),
                                        a.resolution().wire(), a.resolvedBy()));
                    }
                    out.println(artifacts.size() + (all ? " quarantined artifact(s)" : " open quarantined artifact(s)"));
                    out.flush();
                    return 0;
                }
            }
        }

        @Command(name = "retry", mixinStandardHelpOptions = true,
                description = "Make an open artifact due for retry now (the running worker picks it up).")
        static final class Retry implements Callable<Integer> {
            @ParentCommand
            private Quarantine parent;
            @Spec
            private CommandSpec spec;

            @Parameters(paramLabel = "MANIFEST_KEY")
            private String manifestKey;

            @Override
            public Integer call() {
                try (IndexerRuntime runtime = parent.parent.openRuntime()) {
                    String scope = scope(runtime);
                    return report(spec, runtime.quarantine().retry(scope, manifestKey),
                            "retry scheduled for " + manifestKey, scope, manifestKey);
                }
            }
        }

        @Command(name = "resolve", mixinStandardHelpOptions = true,
                description = "Settle an open artifact so it stops blocking freshness.")
        static final class Resolve implements Callable<Integer> {
            @ParentCommand
            private Quarantine parent;
            @Spec
            private CommandSpec spec;

            @Parameters(paramLabel = "MANIFEST_KEY")
            private String manifestKey;

            @Option(names = "--as", required = true, paramLabel = "RESOLUTION",
                    description = "skipped (will never be indexed) or superseded (a newer artifact replaces it)")
            private String resolution;

            @Option(names = "--by", paramLabel = "WHO", description = "Who decided (default: the OS user).")
            private String resolvedBy = System.getProperty("user.name", "operator");

            @Override
            public Integer call() {
                QuarantineResolution as = QuarantineResolution.fromWire(resolution);
                if (as == QuarantineResolution.INDEXED) {
                    // "indexed" is the worker's verdict after a successful retry; an operator claiming it would hide a gap
                    throw new IllegalArgumentException("--as indexed is set by the worker; use retry instead");
                }
                try (IndexerRuntime runtime = parent.parent.openRuntime()) {
                    String scope = scope(runtime);
                    return report(spec, runtime.quarantine().resolve(scope, manifestKey, as, resolvedBy),
                            "resolved " + manifestKey + " as " + as.wire(), scope, manifestKey);
                }
            }
        }

        private static int report(CommandSpec spec, boolean changed, String done, String scope, String key) {
            if (changed) {
                spec.commandLine().getOut().println(done);
                spec.commandLine().getOut().flush();
                return 0;
            }
            spec.commandLine().getErr().println("no open quarantined artifact " + key + " in ingest scope " + scope);
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    @Command(name = "env", mixinStandardHelpOptions = true,
            description = {"Print the environment variables as a Markdown table (the README's).",
                    "Settings nothing acts on yet say so: \"Accepted for compatibility, not used yet.\""})
    static final class Env implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(IndexerEnv.markdownTable());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static String describe(RunSummary summary) {
        return "stopped after %d cycles: %d inserted, %d already indexed, %d quarantined, %d empty, %d failed"
                .formatted(summary.cycles(), summary.inserted(), summary.existing(), summary.quarantined(),
                        summary.emptyBatches(), summary.failedCycles());
    }

    /** {@code http://HOST:PORT}, an IPv6 host in brackets. */
    static String url(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return "http://" + (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":"
                + address.getPort();
    }

    /** Whether the latch opened within {@code seconds}. */
    static boolean awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running the hook; it ends once we return
        }
    }
}
