package io.rezilient.restore.capture.simulate;

import io.rezilient.restore.capture.CaptureDefaults;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.writer.ArtifactWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to simulate and where the objects go. Every field is checked on construction, and a problem names the
 * option ({@code --events must be at least …}), so the CLI can pass the message on as it is.
 *
 * @param tenantId       tenant the data belongs to (and whose active key seals it)
 * @param instanceId     source instance id
 * @param source         source URI, e.g. {@code sn://acme-dev.service-now.com}
 * @param app            application scope written to manifests and v1 keys
 * @param tables         tables to simulate, a subset of {@link Tables#SUPPORTED}
 * @param records        distinct records created over the run (at least one per table)
 * @param events         events written, including one schema snapshot per table and one media event per attachment
 * @param start          first event time
 * @param span           simulated time the events are spread over
 * @param seed           the seed: same options and keyring, same bytes
 * @param layout         object key layout
 * @param partitions     partitions per topic
 * @param prefix         key prefix (the indexer's source prefix)
 * @param writerThreads  parallel writers (each owns a set of partitions, so a partition is written in offset order)
 * @param blobChunkSize  plaintext bytes per encrypted attachment chunk
 * @param requireEmptyDestination refuse to write into a prefix that already holds objects (keeps runs reproducible)
 */
public record SimulationOptions(String tenantId, String instanceId, String source, String app, List<String> tables,
                                int records, long events, Instant start, Duration span, long seed,
                                LayoutVersion layout, int partitions, String prefix, int writerThreads,
                                int blobChunkSize, boolean requireEmptyDestination) {
    public static final String DEFAULT_APP = CaptureDefaults.APP;
    public static final String DEFAULT_PREFIX = CaptureDefaults.PREFIX;
    public static final int DEFAULT_BLOB_CHUNK_SIZE = 64 * 1024;
    public static final int MAX_PARTITIONS = 1024;

    public SimulationOptions {
        requireText(tenantId, "--tenant");
        requireText(instanceId, "--instance");
        requireText(source, "--source");
        requireText(app, "--app");
        tables = normalizeTables(tables);
        if (records < tables.size()) {
            throw new IllegalArgumentException("--records must be at least " + tables.size()
                    + " (one per table), got " + records);
        }
        Objects.requireNonNull(start, "--start");
        if (span == null || span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("--days must be positive, got " + span);
        }
        Objects.requireNonNull(layout, "--layout");
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("--partitions must be between 1 and " + MAX_PARTITIONS + ", got " + partitions);
        }
        prefix = ArtifactWriter.normalizePrefix(prefix);
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writer threads must be at least 1, got " + writerThreads);
        }
        if (blobChunkSize < 1024) {
            throw new IllegalArgumentException("blob chunk size must be at least 1024 bytes, got " + blobChunkSize);
        }
        long minimum = minimumEvents(tables, allocate(tables, records));
        if (events < minimum) {
            throw new IllegalArgumentException("--events must be at least " + minimum + " for " + records
                    + " records in " + tables.size() + " tables (one schema snapshot per table, one insert per record, "
                    + "one media event per attachment), got " + events);
        }
        if (span.toMillis() < events) {
            throw new IllegalArgumentException("--days is too short to give " + events
                    + " events distinct millisecond timestamps");
        }
    }

    /** Options with defaults for everything but what must be chosen; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Records per table: shared out by {@link Tables#WEIGHTS}, at least one each, summing to {@link #records}. */
    public Map<String, Integer> recordsPerTable() {
        return allocate(tables, records);
    }

    /** When the last event may happen (exclusive). */
    public Instant end() {
        return start.plus(span);
    }

    static long minimumEvents(List<String> tables, Map<String, Integer> perTable) {
        long attachments = perTable.getOrDefault(Tables.SYS_ATTACHMENT, 0);
        long records = perTable.values().stream().mapToLong(Integer::longValue).sum();
        return tables.size() + records + attachments;
    }

    private static Map<String, Integer> allocate(List<String> tables, int records) {
        int totalWeight = tables.stream().mapToInt(Tables.WEIGHTS::get).sum();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int spare = records - tables.size();
        int given = 0;
        List<double[]> remainders = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            double share = (double) spare * Tables.WEIGHTS.get(tables.get(i)) / totalWeight;
            int whole = (int) Math.floor(share);
            counts.put(tables.get(i), 1 + whole);
            given += whole;
            remainders.add(new double[] {share - whole, i});
        }
        // Largest remainders get the records the floors left over; ties go to the earlier table.
        remainders.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        for (int i = 0; given < spare; i++, given++) {
            counts.merge(tables.get((int) remainders.get(i)[1]), 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> normalizeTables(List<String> tables) {
        if (tables == null || tables.isEmpty()) {
            throw new IllegalArgumentException("--tables must name at least one of " + String.join(",", Tables.SUPPORTED));
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String table : tables) {
            String name = table == null ? "" : table.strip();
            if (!Tables.SUPPORTED.contains(name)) {
                throw new IllegalArgumentException("--tables: unknown table '" + name + "'; supported: "
                        + String.join(",", Tables.SUPPORTED));
            }
            unique.add(name);
        }
        if (unique.contains(Tables.SYS_ATTACHMENT) && Tables.ATTACHMENT_PARENTS.stream().noneMatch(unique::contains)) {
            throw new IllegalArgumentException("--tables: sys_attachment needs a parent table, add incident or problem");
        }
        return List.copyOf(unique);
    }

    private static void requireText(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must be non-blank");
        }
    }

    /** Builds options; unset fields keep the defaults shown by {@code rez capture simulate --help}. */
    public static final class Builder {
        private String tenantId = "tenant-acme";
        private String instanceId = "acme-dev";
        private String source = "sn://acme-dev.service-now.com";
        private String app = DEFAULT_APP;
        private List<String> tables = Tables.SUPPORTED;
        private int records = 1_000;
        private long events = 10_000;
        private Instant start = Instant.parse("2026-01-05T08:00:00Z");
        private Duration span = Duration.ofDays(7);
        private long seed = 42;
        private LayoutVersion layout = LayoutVersion.V2;
        private int partitions = CaptureDefaults.PARTITIONS;
        private String prefix = DEFAULT_PREFIX;
        private int writerThreads = defaultWriterThreads();
        private int blobChunkSize = DEFAULT_BLOB_CHUNK_SIZE;
        private boolean requireEmptyDestination = true;

        /** File puts are system-call bound, so a few more threads than cores keep the disk queue full. */
        public static int defaultWriterThreads() {
            return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
        }

        public Builder tenant(String value) { tenantId = value; return this; }
        public Builder instance(String value) { instanceId = value; return this; }
        public Builder source(String value) { source = value; return this; }
        public Builder app(String value) { app = value; return this; }
        public Builder tables(List<String> value) { tables = value; return this; }
        public Builder records(int value) { records = value; return this; }
        public Builder events(long value) { events = value; return this; }
        public Builder start(Instant value) { start = value; return this; }
        public Builder days(long value) { span = Duration.ofDays(value); return this; }
        public Builder span(Duration value) { span = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder layout(LayoutVersion value) { layout = value; return this; }
        public Builder partitions(int value) { partitions = value; return this; }
        public Builder prefix(String value) { prefix = value; return this; }
        public Builder writerThreads(int value) { writerThreads = value; return this; }
        public Builder blobChunkSize(int value) { blobChunkSize = value; return this; }
        public Builder requireEmptyDestination(boolean value) { requireEmptyDestination = value; return this; }

        public SimulationOptions build() {
            return new SimulationOptions(tenantId, instanceId, source, app, tables, records, events, start, span, seed,
                    layout, partitions, prefix, writerThreads, blobChunkSize, requireEmptyDestination);
        }
    }
}
