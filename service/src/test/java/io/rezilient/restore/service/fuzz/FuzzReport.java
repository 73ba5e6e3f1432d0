package io.rezilient.restore.service.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** What a fuzz run saw, collected from several threads: answers by status and route, and every failure. */
final class FuzzReport {
    /** A request whose answer broke a property, with what is needed to see why. */
    record Failure(long index, String route, String problem, String request, String response) {
        @Override
        public String toString() {
            return "#" + index + " " + route + ": " + problem + "\n  request:\n    " + request + "\n  response: "
                    + response;
        }
    }

    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanosByRoute = new ConcurrentHashMap<>();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

    void answered(String route, int status, long nanos) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        count(route, nanos);
    }

    void failed(Failure failure, long nanos) {
        failures.add(failure);
        count(failure.route(), nanos);
    }

    Set<String> routes() {
        return byRoute.keySet();
    }

    int failureCount() {
        return failures.size();
    }

    /** The first failures in request order, then how many of each kind there were. */
    String failures(long seed, int requests) {
        List<Failure> sorted;
        synchronized (failures) {
            sorted = failures.stream().sorted(Comparator.comparingLong(Failure::index)).toList();
        }
        Map<String, Long> kinds = new TreeMap<>(sorted.stream().collect(Collectors.groupingBy(
                f -> f.route() + ": " + f.problem().replaceAll("'.*", "'…'"), Collectors.counting())));
        return "seed " + seed + ": " + sorted.size() + " of " + requests + " requests failed (rerun with "
                + "-Drez.fuzz.seed=" + seed + "); the first ones:\n" + sorted.stream().limit(10).map(Failure::toString)
                .collect(Collectors.joining("\n")) + "\nby kind: " + kinds;
    }

    String summary() {
        Map<String, String> routes = new TreeMap<>();
        byRoute.forEach((route, count) -> routes.put(route, count.sum() + " (mean "
                + nanosByRoute.get(route).sum() / count.sum() / 1_000_000 + " ms)"));
        return "by status " + new TreeMap<>(byStatus) + "; by route " + routes;
    }

    private void count(String route, long nanos) {
        byRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
        nanosByRoute.computeIfAbsent(route, r -> new LongAdder()).add(nanos);
    }
}
