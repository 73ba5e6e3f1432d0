package io.rezilient.restore.cli;

import io.rezilient.restore.capture.CaptureDefaults;
import io.rezilient.restore.capture.ingest.BatchIngestor;
import io.rezilient.restore.capture.ingest.IngestOptions;
import io.rezilient.restore.capture.ingest.IngestResult;
import io.rezilient.restore.capture.ingest.IngestedEvent;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.capture.simulate.SimulationSummary;
import io.rezilient.restore.capture.simulate.Tables;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.capture.destination.StoreLocation;
import io.rezilient.restore.capture.truth.GroundTruthFile;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.objectstore.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code rez capture simulate|ingest}: feed the platform encrypted change artifacts. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Write REC-compatible artifacts and manifests: from a synthetic ServiceNow workload or CloudEvent batches.",
        subcommands = {CaptureCommand.Simulate.class, CaptureCommand.Ingest.class})
final class CaptureCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Generate a realistic, reproducible ServiceNow-like workload (inserts, updates, deletes, attachments,",
                    "schema events) with every value encrypted, plus a ground-truth file of every record version."})
    static final class Simulate implements Callable<Integer> {
        private static final SimulationOptions DEFAULTS = SimulationOptions.builder().build();

        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--tenant", description = "Tenant id (default: ${DEFAULT-VALUE}).")
        private String tenant = DEFAULTS.tenantId();
        @Option(names = "--instance", description = "Instance id (default: ${DEFAULT-VALUE}).")
        private String instance = DEFAULTS.instanceId();
        @Option(names = "--source", description = "Source URI (default: ${DEFAULT-VALUE}).")
        private String source = DEFAULTS.source();
        @Option(names = "--tables", split = ",", paramLabel = "TABLE",
                description = "Tables, comma-separated, from " + "incident,problem,cmdb_ci,sys_attachment (default: all).")
        private List<String> tables = Tables.SUPPORTED;
        @Option(names = "--records", description = "Distinct records created (default: ${DEFAULT-VALUE}).")
        private int records = DEFAULTS.records();
        @Option(names = "--events", description = "Events written, schema and media events included (default: ${DEFAULT-VALUE}).")
        private long events = DEFAULTS.events();
        @Option(names = "--start", paramLabel = "ISO-TIME", description = {"First event time, ISO UTC (default: --days before"
                + " now, so the workload ends now", "and its partitions are fresh; give one to reproduce a run byte for byte)."})
        private String start;
        @Option(names = "--days", description = "Simulated days the events spread over (default: ${DEFAULT-VALUE}).")
        private long days = DEFAULTS.span().toDays();
        @Option(names = "--seed", description = "Seed; same seed, options (--start included) and keyring give byte-identical output (default: ${DEFAULT-VALUE}).")
        private long seed = DEFAULTS.seed();
        @Option(names = "--layout", paramLabel = "v1|v2", description = "Object key layout (default: v2).")
        private String layout = "v2";
        @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
        private int partitions = DEFAULTS.partitions();
        @Option(names = "--threads", description = "Parallel writers (default: ${DEFAULT-VALUE}).")
        private int threads = DEFAULTS.writerThreads();
        @Option(names = "--truth", paramLabel = "FILE",
                description = "Ground-truth JSON-lines file (plaintext! default: $REZ_HOME/ground-truth/<tenant>-<instance>-seed<S>.jsonl).")
        private Path truth;
        @Option(names = "--no-progress", description = "Do not draw the progress bar.")
        private boolean noProgress;

        @Override
        public Integer call() {
            StoreLocation location = store.location();
            Instant startTime = start == null ? endingNow(days) : IsoUtc.parse(start).orElseThrow(() ->
                    new IllegalArgumentException("--start " + IsoUtc.RULE_MESSAGE + ", got " + start));
            SimulationOptions options = SimulationOptions.builder().tenant(tenant).instance(instance).source(source)
                    .tables(tables).records(records).events(events).start(startTime).days(days).seed(seed)
                    .layout(LayoutVersion.parse(layout)).partitions(partitions).prefix(location.prefix())
                    .writerThreads(threads).build();
            KeyringFile keys = keyring.file();
            boolean created = keys.loadOrEmpty().tenant(tenant).isEmpty();
            keys.activeKeyCreatingIfMissing(tenant, new SecureRandom(), Instant.now());
            Keyring loaded = keys.load();
            Path truthFile = truth != null ? truth
                    : ProjectHome.state("ground-truth", fileSafe(tenant + "-" + instance) + "-seed" + seed + ".jsonl");
            PrintWriter out = spec.commandLine().getOut();
            if (created) {
                out.println("tenant " + tenant + " had no key: created " + loaded.activeKey(tenant).kid() + " in " + keys.path());
            }
            TerminalProgressBar bar = TerminalProgressBar.forConsole(!noProgress);
            SimulationSummary summary;
            // The filesystem store skips fsync here: a synthetic workload is regenerated, not recovered.
            try (ObjectStore objects = store.open(location, false); GroundTruthFile sink = new GroundTruthFile(truthFile)) {
                summary = WorkloadSimulator.run(options, objects, loaded, sink, bar);
            } finally {
                bar.finish();
            }
            out.printf("wrote %d events (%d objects, %.1f MB) to %s in %.1f s (%.0f events/s)%n", summary.events(),
                    summary.objects(), summary.bytes() / 1e6, location.describe(), summary.elapsed().toMillis() / 1e3,
                    summary.eventsPerSecond());
            out.println("  events by type:   " + new TreeMap<>(summary.eventsByType()));
            out.println("  records by table: " + new TreeMap<>(summary.recordsByTable()) + ", live at end: "
                    + new TreeMap<>(summary.liveByTable()));
            out.println("  event times:      " + IsoUtc.format(summary.firstEventTime()) + " .. "
                    + IsoUtc.format(summary.lastEventTime()));
            out.println("  sealed with key:  " + loaded.activeKey(tenant).kid() + " (" + keys.path() + ")");
            out.println("  ground truth:     " + truthFile.toAbsolutePath() + " (plaintext, keep it local)");
            out.flush();
            return 0;
        }
    }

    /**
     * The start of a workload of {@code days} that ends now (to the second). A fixed default start made every
     * partition of a fresh workload days old, so every restore planned from it was stale and preview-only.
     */
    static Instant endingNow(long days) {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be positive, got " + days);
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(days));
    }

    /** A name usable as a file name whatever the tenant and instance ids contain. */
    static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Validate a CloudEvent batch {source, sent_at, batch_id?, events[]} and write one artifact and manifest",
                    "per event. Plaintext data.snapshot values are encrypted with the tenant's active key first;",
                    "a batch with any invalid event is refused as a whole and nothing is written."})
    static final class Ingest implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "FILE|-", description = "Batch JSON file, or - for standard input.")
        private String input;
        @Mixin
        private StoreOptions store;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--tenant", description = "Tenant of events without extensions.tenant_id.")
        private String tenant;
        @Option(names = "--instance", description = "Instance of events without extensions.instance_id.")
        private String instance;
        @Option(names = "--partitions", description = "Partitions per topic; keep it fixed per tenant and instance (default: ${DEFAULT-VALUE}).")
        private int partitions = CaptureDefaults.PARTITIONS;
        @Option(names = "--layout", paramLabel = "v1|v2", description = "Object key layout (default: v2).")
        private String layout = "v2";
        @Option(names = "--test-topics", description = "Route to the rez.test.* topics.")
        private boolean testTopics;

        @Override
        public Integer call() {
            byte[] batch = read(input);
            StoreLocation location = store.location();
            KeyringFile keys = keyring.file();
            Keyring loaded = keys.loadOrEmpty();
            IngestOptions options = new IngestOptions(tenant, instance, partitions, testTopics,
                    LayoutVersion.parse(layout), location.prefix(), CaptureDefaults.APP);
            IngestResult result;
            // Ingested events exist nowhere else: every put is flushed to disk before the next one.
            try (ObjectStore objects = store.open(location, true)) {
                result = new BatchIngestor(objects, loaded, options).ingest(batch);
            }
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Long> byShard = new TreeMap<>();
            for (IngestedEvent event : result.events()) {
                byShard.merge(event.topic() + "|" + event.partition(), 1L, Long::sum);
            }
            out.println("ingested " + result.events().size() + " events" + (result.batchId() == null ? "" : " of batch "
                    + result.batchId()) + " into " + location.describe() + ": " + byShard);
            for (IngestedEvent event : result.events()) {
                out.println("  [" + event.index() + "] " + event.eventId() + " -> " + event.topic() + "|"
                        + event.partition() + " @" + event.offset() + "  " + event.artifactKey());
            }
            out.flush();
            return 0;
        }

        private static byte[] read(String input) {
            try {
                return "-".equals(input) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("batch file " + input + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read batch " + input, e);
            }
        }
    }
}
