package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.PgUrl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every benchmark report says about where it ran, how its figures are rounded, and how it is written. */
final class BenchReports {
    private BenchReports() {
    }

    /** The opening fields of a report: what was measured, when, where, with which service heap. */
    static ObjectNode header(String benchmark, String serviceHeapMax) {
        ObjectNode report = opening(benchmark, "the service JVM, the benchmark client and PostgreSQL");
        report.put("service_heap_max", serviceHeapMax);
        return report;
    }

    /** The opening fields of a report of code measured in the benchmark's own JVM: what, when, where. */
    static ObjectNode inProcessHeader(String benchmark) {
        ObjectNode report = opening(benchmark, "the benchmark JVM and PostgreSQL");
        report.put("benchmark_heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        return report;
    }

    private static ObjectNode opening(String benchmark, String sharedBy) {
        ObjectNode report = Json.mapper().createObjectNode();
        report.put("benchmark", benchmark);
        report.put("measured_at", IsoUtc.format(Instant.now()));
        report.put("machine", machine(sharedBy));
        return report;
    }

    /** Cores (and who shares them), CPU model, RAM, JVM and OS of this machine. */
    static String machine(String sharedBy) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String cpu = "unknown cpu";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave it unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "; shared by " + sharedBy + "), "
                + (memory >> 30) + " GiB RAM, java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    static String postgresVersion(PgUrl server) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (LocalPostgres.throwaway, same machine)";
        }
    }

    /** Seconds since {@code startedNanos}, to the millisecond. */
    static double seconds(long startedNanos) {
        return round((System.nanoTime() - startedNanos) / 1e9);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static double mb(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }

    /** Writes {@code report} pretty-printed to {@code results/fileName}. */
    static void write(Path results, String fileName, ObjectNode report) throws IOException {
        Files.createDirectories(results);
        Files.writeString(results.resolve(fileName),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
