package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a phase (Linux {@code /proc}): this JVM (the load generator), the service JVM,
 * every {@code postgres} process, and the rest of the machine. Figures are in cores (1.0 = one core busy for the
 * whole phase), so on a 2-core machine they add up to at most 2.
 */
final class CpuMeter {
    /** USER_HZ: the unit of the /proc tick counters (100 on every mainstream Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuMeter() {
    }

    /** Cumulative counters at one moment. */
    record Sample(long wallNanos, long benchNanos, long serviceNanos, long postgresTicks, long busyTicks,
                  long allTicks) {
    }

    /** @param service the other JVM whose CPU counts apart from this one's, or null for none (-1 in the sample) */
    static Sample sample(ProcessHandle service) {
        return sample(service, -1);
    }

    /**
     * @param service       the other JVM whose CPU counts apart from this one's, or null for none (-1 in the sample)
     * @param postmasterPid the PostgreSQL server whose processes count as PostgreSQL's (other clusters on the
     *                      machine, such as a test run's, do not); -1 for every process named postgres
     */
    static Sample sample(ProcessHandle service, long postmasterPid) {
        long bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long serviceNanos = service == null ? -1
                : service.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long[] machine = machineTicks();
        long postgres = postmasterPid < 0 ? postgresTicks() : serverTicks(postmasterPid);
        return new Sample(System.nanoTime(), bench, serviceNanos, postgres, machine[0], machine[1]);
    }

    /** Cores used by each party between two samples. */
    static ObjectNode between(Sample from, Sample to) {
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double bench = (to.benchNanos() - from.benchNanos()) / 1e9 / seconds;
        double service = (to.serviceNanos() - from.serviceNanos()) / 1e9 / seconds;
        double postgres = (to.postgresTicks() - from.postgresTicks()) / TICKS_PER_SECOND / seconds;
        double busy = (to.busyTicks() - from.busyTicks()) / TICKS_PER_SECOND / seconds;
        double all = (to.allTicks() - from.allTicks()) / TICKS_PER_SECOND / seconds;
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("seconds", BenchReports.round(seconds));
        json.put("load_generator_cores", round2(bench));
        json.put("service_jvm_cores", round2(service));
        json.put("postgres_cores", round2(postgres));
        json.put("other_cores", round2(Math.max(0, busy - bench - service - postgres)));
        json.put("machine_busy_cores", round2(busy));
        json.put("machine_idle_cores", round2(Math.max(0, all - busy)));
        return json;
    }

    /**
     * CPU milliseconds per event of each party between two samples, for a phase in which this JVM ran the indexer
     * and {@code service} (when sampled) the S3 server: this JVM's process CPU less {@code excludedBenchNanos} (the
     * benchmark's own profiler thread), every postgres process, and the server; plus the cores the machine left
     * idle, which say whether the figures were taken on a saturated machine.
     */
    static ObjectNode perEvent(Sample from, Sample to, long events, long excludedBenchNanos) {
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double indexerMs = (to.benchNanos() - from.benchNanos() - excludedBenchNanos) / 1e6;
        double postgresMs = (to.postgresTicks() - from.postgresTicks()) * 1000 / TICKS_PER_SECOND;
        double busy = (to.busyTicks() - from.busyTicks()) / TICKS_PER_SECOND / seconds;
        double all = (to.allTicks() - from.allTicks()) / TICKS_PER_SECOND / seconds;
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("indexer_cpu_ms_per_event", round3(indexerMs / events));
        json.put("postgres_cpu_ms_per_event", round3(postgresMs / events));
        if (from.serviceNanos() >= 0 && to.serviceNanos() >= 0) {
            json.put("s3_server_cpu_ms_per_event", round3((to.serviceNanos() - from.serviceNanos()) / 1e6 / events));
        }
        json.put("indexer_cores", round2(indexerMs / 1000 / seconds));
        json.put("postgres_cores", round2(postgresMs / 1000 / seconds));
        json.put("machine_idle_cores", round2(Math.max(0, all - busy)));
        return json;
    }

    /** {busy, all} jiffies of all CPUs from the first line of /proc/stat; zeros when unreadable. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                all += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {all - idle, all};
        } catch (IOException | RuntimeException unreadable) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime of every live process named postgres (the server and its backends). */
    private static long postgresTicks() {
        long total = 0;
        for (long[] process : processes()) {
            total += process[2];
        }
        return total;
    }

    /**
     * The CPU of one PostgreSQL server: utime + stime of the postmaster and of its children (backends, background
     * workers), plus the postmaster's cutime + cstime, which hold the CPU of the children that exited and were
     * reaped, so a connection closed during a phase does not take its CPU out of the sum.
     */
    private static long serverTicks(long postmasterPid) {
        long total = 0;
        for (long[] process : processes()) {
            if (process[0] == postmasterPid) {
                total += process[2] + process[3];
            } else if (process[1] == postmasterPid) {
                total += process[2];
            }
        }
        return total;
    }

    /** {pid, ppid, utime + stime, cutime + cstime} of every live process named postgres. */
    private static java.util.List<long[]> processes() {
        java.util.List<long[]> found = new java.util.ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!"postgres".equals(stat.substring(open + 1, close))) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    // f[0] is field 3 of stat: ppid is field 4, utime to cstime are fields 14 to 17
                    found.add(new long[] {Long.parseLong(proc.getFileName().toString()), Long.parseLong(f[1]),
                            Long.parseLong(f[11]) + Long.parseLong(f[12]),
                            Long.parseLong(f[13]) + Long.parseLong(f[14])});
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException unreadable) {
            return found;
        }
        return found;
    }

    /** The postmaster's pid: the first line of {@code postmaster.pid} in the server's data directory. */
    static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double round2(double cores) {
        return Math.round(cores * 100) / 100.0;
    }
}
