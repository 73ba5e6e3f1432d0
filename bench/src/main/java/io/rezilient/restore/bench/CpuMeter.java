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

    static Sample sample(ProcessHandle service) {
        long bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long serviceNanos = service.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long[] machine = machineTicks();
        return new Sample(System.nanoTime(), bench, serviceNanos, postgresTicks(), machine[0], machine[1]);
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
                    // fields 14 and 15 of stat; f[0] is field 3
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException unreadable) {
            return 0;
        }
        return total;
    }

    private static double round2(double cores) {
        return Math.round(cores * 100) / 100.0;
    }
}
