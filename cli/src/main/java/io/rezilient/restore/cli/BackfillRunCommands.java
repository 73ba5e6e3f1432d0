package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.backfill.BackfillChecklist;
import io.rezilient.restore.indexer.backfill.BackfillException;
import io.rezilient.restore.indexer.backfill.BackfillMode;
import io.rezilient.restore.indexer.backfill.BackfillRun;
import io.rezilient.restore.indexer.backfill.BackfillRunner;
import io.rezilient.restore.indexer.backfill.BackfillRuns;
import io.rezilient.restore.indexer.backfill.BackfillStatus;
import io.rezilient.restore.indexer.backfill.BackfillWindow;
import io.rezilient.restore.indexer.config.MetricsEndpoint;
import io.rezilient.restore.indexer.http.Health;
import io.rezilient.restore.indexer.http.MetricsHttpServer;
import io.rezilient.restore.indexer.worker.Sleeper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code rez backfill start|run|pause|resume|cancel|status}: backfill runs, configured by the indexer's
 * {@code REZ_RESTORE_INDEXER_*} environment (the same source and database as {@code rez indexer run}). A run executes
 * in the process that starts it, beside the live indexer (its own lease), until its window is indexed; pause, resume
 * and cancel may come from any process and take effect at the next batch boundary.
 */
final class BackfillRunCommands {
    /** How long a paused run, or one whose lease another process holds, waits between looks. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long SHUTDOWN_GRACE_SECONDS = 60;

    private BackfillRunCommands() {
    }

    /** Exit codes: 0 completed (or stopped as asked), 1 failed or cancelled, 2 refused. */
    private static int exitCode(BackfillRun run) {
        return switch (run.status()) {
            case COMPLETED, RUNNING, PAUSED -> 0;
            case FAILED, CANCELLED -> 1;
        };
    }

    private static int refused(CommandSpec spec, BackfillException refused) {
        spec.commandLine().getErr().println("rez backfill: " + refused.reasonCode() + ": " + refused.getMessage());
        spec.commandLine().getErr().flush();
        return 2;
    }

    /** How a run's process serves its meters: {@code --metrics-port} (0 or absent: not at all). */
    static final class MetricsOption {
        @Option(names = "--metrics-port", paramLabel = "PORT", description = {"Serve GET /metrics (the run's "
                + "rez_replay_* meters, Prometheus) and GET /healthz on 127.0.0.1:PORT while the run executes.",
                "Its own port: the live indexer's REZ_RESTORE_INDEXER_METRICS_PORT may be in use beside it."})
        Integer port;
    }

    /**
     * Executes {@code runId} in this process until it ends or SIGTERM/SIGINT stops it at a batch boundary, serving
     * its meters while it runs when asked.
     */
    private static int execute(CommandSpec spec, IndexerRuntime runtime, String runId, String actor,
                               MetricsOption metrics) {
        if (metrics.port == null || metrics.port == 0) {
            return execute(spec, runtime, runId, actor);
        }
        if (metrics.port < 1 || metrics.port > 65_535) {
            throw new BackfillException("backfill_request_invalid", "--metrics-port must be 1..65535, got "
                    + metrics.port);
        }
        AtomicBoolean executing = new AtomicBoolean(true);
        try (MetricsHttpServer http = MetricsHttpServer.start(new MetricsEndpoint(InetAddress.getLoopbackAddress(),
                metrics.port), runtime::scrape, () -> executing.get()
                ? new Health(true, "backfill", BackfillRun.ingestScopeIdOf(runId), "backfill run " + runId + " executing")
                : Health.unavailable("backfill", BackfillRun.ingestScopeIdOf(runId), "backfill run ended"))) {
            spec.commandLine().getErr().println("rez backfill: metrics on http://" + http.address().getHostString()
                    + ":" + http.address().getPort() + "/metrics");
            try {
                return execute(spec, runtime, runId, actor);
            } finally {
                executing.set(false);
            }
        }
    }

    /** Executes {@code runId} in this process until it ends or SIGTERM/SIGINT stops it at a batch boundary. */
    private static int execute(CommandSpec spec, IndexerRuntime runtime, String runId, String actor) {
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(0);
        Thread hook = new Thread(() -> {
            stop.set(true);
            if (IndexerCommand.awaitQuietly(finished, SHUTDOWN_GRACE_SECONDS)) {
                Runtime.getRuntime().halt(exit.get());
            }
        }, "rez-backfill-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            BackfillRun run = new BackfillRunner(runtime, Clock.systemUTC(), Sleeper.SYSTEM, POLL)
                    .run(runId, actor, stop::get);
            out.println(describe(run));
            out.flush();
            exit.set(exitCode(run));
            return exit.get();
        } finally {
            finished.countDown();
            IndexerCommand.removeQuietly(hook);
        }
    }

    static String describe(BackfillRun run) {
        BackfillWindow window = run.window();
        return "backfill run " + run.runId() + " (" + run.mode().wire() + ", " + window.source() + " "
                + window.shardKey() + " offsets " + window.firstOffset() + ".." + window.lastOffset() + "): "
                + run.status().wire() + (run.status() == BackfillStatus.PAUSED ? " (" + run.pauseReasonCode() + ")"
                : "") + ", " + run.rowsProcessed() + " events inserted";
    }

    static ObjectNode json(BackfillRun run) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("run_id", run.runId());
        node.put("mode", run.mode().wire());
        node.put("status", run.status().wire());
        node.put("pause_reason_code", run.pauseReasonCode());
        node.put("tenant_id", run.window().tenantId());
        node.put("instance_id", run.window().instanceId());
        node.put("source", run.window().source());
        node.put("topic", run.window().topic());
        node.put("partition", run.window().partition());
        node.put("first_offset", run.window().firstOffset().toString());
        node.put("last_offset", run.window().lastOffset().toString());
        node.put("batch_size", run.batchSize());
        node.put("rows_processed", run.rowsProcessed());
        node.put("started_at", String.valueOf(run.startedAt()));
        node.put("updated_at", String.valueOf(run.updatedAt()));
        node.put("completed_at", run.completedAt() == null ? null : run.completedAt().toString());
        return node;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Create a gap-repair, history-extension or bootstrap run over one layout-v2 partition's window",
                    "and execute it here, beside the live indexer, until the window is indexed (SIGTERM stops it at a",
                    "batch boundary;",
                    "`rez backfill run RUN` continues it). Exit 0 completed, 1 failed, 2 refused."})
    static final class Start implements Callable<Integer> {
        @ParentCommand
        private BackfillCommand parent;
        @Spec
        private CommandSpec spec;
        @Option(names = "--run-id", required = true, description = "Identifier of the new run.")
        private String runId;
        @Option(names = "--mode", defaultValue = "gap_repair", description = {"gap_repair (the window lies inside "
                + "the partition's indexed range), history_extension (it ends where the range starts) or bootstrap "
                + "(the index lost the partition: the window runs up to the head; live indexing starts after it)."})
        private String mode;
        @Option(names = "--tenant", required = true)
        private String tenant;
        @Option(names = "--instance", required = true)
        private String instance;
        @Option(names = "--source", required = true, description = "The events' source, e.g. sn://acme.service-now.com")
        private String source;
        @Option(names = "--topic", required = true)
        private String topic;
        @Option(names = "--partition", required = true)
        private int partition;
        @Option(names = "--from", required = true, description = "First offset of the window.")
        private BigInteger from;
        @Option(names = "--to", required = true, description = "Last offset of the window (inclusive).")
        private BigInteger to;
        @Option(names = "--batch-size", description = "Events per batch (default REZ_RESTORE_INDEXER_BACKFILL_BATCH_SIZE).")
        private Integer batchSize;
        @Option(names = "--actor", required = true, description = "Who starts the run (audited).")
        private String actor;
        @picocli.CommandLine.Mixin
        private MetricsOption metrics;

        @Override
        public Integer call() {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                BackfillMode backfillMode = BackfillMode.parse(mode);
                BackfillWindow window = new BackfillWindow(tenant, instance, source, topic, partition, from, to);
                BackfillRunner runner = new BackfillRunner(runtime, Clock.systemUTC(), Sleeper.SYSTEM, POLL);
                switch (backfillMode) {
                    case GAP_REPAIR -> runner.checkGapWindow(window);
                    case HISTORY_EXTENSION -> runner.checkHistoryWindow(window);
                    case BOOTSTRAP -> runner.checkBootstrapWindow(window);
                }
                new BackfillRuns(runtime.dataSource()).create(runId, backfillMode, window,
                        batchSize == null ? runtime.settings().backfillBatchSize() : batchSize,
                        runtime.settings().backfillMaxLagSeconds(), actor);
                return execute(spec, runtime, runId, actor, metrics);
            } catch (BackfillException refused) {
                return refused(spec, refused);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Execute an existing run here (after the process that ran it stopped or died).")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        private BackfillCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "RUN")
        private String runId;
        @Option(names = "--actor", required = true)
        private String actor;
        @picocli.CommandLine.Mixin
        private MetricsOption metrics;

        @Override
        public Integer call() {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                return execute(spec, runtime, runId, actor, metrics);
            } catch (BackfillException refused) {
                return refused(spec, refused);
            }
        }
    }

    /** pause, resume and cancel: one audited state change. */
    abstract static class Change implements Callable<Integer> {
        @ParentCommand
        BackfillCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "RUN")
        String runId;
        @Option(names = "--actor", required = true, description = "Who makes the change (audited).")
        String actor;
        @Option(names = "--reason", description = "Why (audited).")
        String reason;

        abstract BackfillRun change(BackfillRuns runs);

        @Override
        public Integer call() {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                BackfillRun run = change(new BackfillRuns(runtime.dataSource()));
                spec.commandLine().getOut().println(describe(run));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (BackfillException refused) {
                return refused(spec, refused);
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a running run at its next batch boundary (reason code paused_manual).")
    static final class Pause extends Change {
        @Override
        BackfillRun change(BackfillRuns runs) {
            return runs.transition(runId, Set.of(BackfillStatus.RUNNING), BackfillStatus.PAUSED, "paused_manual",
                    reason, actor);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused run.")
    static final class Resume extends Change {
        @Override
        BackfillRun change(BackfillRuns runs) {
            return runs.transition(runId, Set.of(BackfillStatus.PAUSED), BackfillStatus.RUNNING, "resumed", reason,
                    actor);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a running or paused run; what it indexed stays indexed.")
    static final class Cancel extends Change {
        @Override
        BackfillRun change(BackfillRuns runs) {
            return runs.transition(runId, Set.of(BackfillStatus.RUNNING, BackfillStatus.PAUSED),
                    BackfillStatus.CANCELLED, "cancelled", reason, actor);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Every run (or RUN) with its status, pause reason and progress.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private BackfillCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "RUN", arity = "0..1")
        private String runId;
        @Option(names = "--json", description = "One JSON object per line.")
        private boolean json;

        @Override
        public Integer call() {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                BackfillRuns runs = new BackfillRuns(runtime.dataSource());
                List<BackfillRun> shown = runId == null ? runs.list()
                        : List.of(runs.find(runId).orElseThrow(() -> new BackfillException("backfill_run_not_found",
                        "no backfill run " + runId)));
                PrintWriter out = spec.commandLine().getOut();
                for (BackfillRun run : shown) {
                    out.println(json ? Json.write(json(run)) : describe(run));
                }
                if (shown.isEmpty() && !json) {
                    out.println("no backfill runs");
                }
                out.flush();
                return 0;
            } catch (BackfillException refused) {
                return refused(spec, refused);
            }
        }
    }

    @Command(name = "checklist", mixinStandardHelpOptions = true,
            description = {"The completion checklist of RUN: cursor at target, window indexed, overrides reverted,",
                    "readiness clean, live lag within the freshness SLO, coverage contiguous, audit complete.",
                    "Exit 0 when every item holds, 1 naming each unmet item."})
    static final class Checklist implements Callable<Integer> {
        @ParentCommand
        private BackfillCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "RUN")
        private String runId;
        @Option(names = "--json", description = "One JSON object per item.")
        private boolean json;

        @Override
        public Integer call() {
            try (IndexerRuntime runtime = parent.openRuntime()) {
                List<BackfillChecklist.Item> items = new BackfillChecklist(runtime).check(runId);
                PrintWriter out = spec.commandLine().getOut();
                for (BackfillChecklist.Item item : items) {
                    if (json) {
                        ObjectNode node = Json.mapper().createObjectNode();
                        node.put("item", item.name());
                        node.put("met", item.met());
                        node.put("detail", item.detail());
                        out.println(Json.write(node));
                    } else {
                        out.printf("%-4s %-20s %s%n", item.met() ? "ok" : "NOT", item.name(), item.detail());
                    }
                }
                List<String> unmet = items.stream().filter(item -> !item.met()).map(BackfillChecklist.Item::name)
                        .toList();
                if (!json) {
                    out.println(unmet.isEmpty() ? "backfill run " + runId + ": every checklist item holds"
                            : "backfill run " + runId + ": unmet: " + String.join(", ", unmet));
                }
                out.flush();
                return unmet.isEmpty() ? 0 : 1;
            } catch (BackfillException refused) {
                return refused(spec, refused);
            }
        }
    }

    @Command(name = "gaps", mixinStandardHelpOptions = true,
            description = {"The windows a gap repair would close: partitions with an open hole and the missing",
                    "offset runs above each frontier (the same listing as `rez indexer gaps list`)."})
    static final class Gaps implements Callable<Integer> {
        @ParentCommand
        private BackfillCommand parent;
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private IndexerGapsCommand.Listing listing;

        @Override
        public Integer call() {
            CommandLine indexer = new CommandLine(parent.indexerCommand());
            indexer.setOut(spec.commandLine().getOut());
            indexer.setErr(spec.commandLine().getErr());
            indexer.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
            List<String> args = new java.util.ArrayList<>(List.of("gaps", "list", "--limit",
                    Integer.toString(listing.limit)));
            if (listing.all) {
                args.add("--all");
            }
            return indexer.execute(args.toArray(String[]::new));
        }
    }
}
