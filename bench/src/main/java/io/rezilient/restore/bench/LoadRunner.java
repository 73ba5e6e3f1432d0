package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Drives requests at a server and records their latencies.
 *
 * <p><b>Open loop</b> ({@link #openLoop}): request {@code i} is due at {@code start + i / rate}; a dispatcher thread
 * hands it to a fresh virtual thread at that time whether or not earlier requests have answered, and its latency is
 * measured from the <em>due</em> time, not from when it was actually sent, so a stalled server (or a late
 * dispatcher) shows up in the latencies instead of silently lowering the offered rate (coordinated omission).
 *
 * <p><b>Closed loop</b> ({@link #closedLoop}): a fixed number of workers each send the next request as soon as the
 * previous one answered; it measures the most the server can do with that concurrency.
 */
final class LoadRunner {
    private LoadRunner() {
    }

    /** One request: {@code index} selects what to send; answers whether it succeeded. */
    @FunctionalInterface
    interface Call {
        boolean call(int index) throws Exception;
    }

    /** Per-request outcome: latency in nanoseconds ({@code -1}: never answered) and success. */
    record Run(long[] latencyNanos, boolean[] ok, long wallNanos, long maxDispatchLagNanos, int requests) {
        int errors() {
            int errors = 0;
            for (int i = 0; i < requests; i++) {
                if (!ok[i]) {
                    errors++;
                }
            }
            return errors;
        }

        /** The figures of the requests {@code include} accepts (all of them: {@code i -> true}). */
        ObjectNode summary(IntPredicate include) {
            long[] answered = new long[requests];
            int n = 0;
            int errors = 0;
            int count = 0;
            for (int i = 0; i < requests; i++) {
                if (!include.test(i)) {
                    continue;
                }
                count++;
                if (!ok[i]) {
                    errors++;
                }
                if (latencyNanos[i] >= 0) {
                    answered[n++] = latencyNanos[i];
                }
            }
            long[] sorted = Arrays.copyOf(answered, n);
            Arrays.sort(sorted);
            ObjectNode json = Json.mapper().createObjectNode();
            json.put("requests", count);
            json.put("errors", errors);
            json.put("throughput_per_second", Math.round(n / (wallNanos / 1e9) * 10) / 10.0);
            json.put("p50_ms", ms(percentile(sorted, 0.50)));
            json.put("p90_ms", ms(percentile(sorted, 0.90)));
            json.put("p99_ms", ms(percentile(sorted, 0.99)));
            json.put("p999_ms", ms(percentile(sorted, 0.999)));
            json.put("max_ms", ms(n == 0 ? 0 : sorted[n - 1]));
            json.put("mean_ms", ms(n == 0 ? 0 : (long) Arrays.stream(sorted).average().orElse(0)));
            return json;
        }

        double p99Ms() {
            return summary(i -> true).get("p99_ms").asDouble();
        }
    }

    /**
     * Offers {@code rate} requests per second for {@code duration}, then waits (up to {@code drain}) for the
     * stragglers. {@code wallNanos} runs from the first due time to the last answer.
     */
    static Run openLoop(double rate, Duration duration, Duration drain, Call call) throws InterruptedException {
        int requests = (int) Math.round(rate * duration.toNanos() / 1e9);
        long interval = Math.round(1e9 / rate);
        long[] latency = new long[requests];
        boolean[] ok = new boolean[requests];
        Arrays.fill(latency, -1);
        AtomicLong lastAnswer = new AtomicLong();
        long maxLag = 0;
        long start = System.nanoTime() + 50_000_000L;
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < requests; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, -wait);
            int index = i;
            threads.execute(() -> {
                boolean success = false;
                try {
                    success = call.call(index);
                } catch (Exception failure) {
                    // counted as an error below
                } finally {
                    long now = System.nanoTime();
                    latency[index] = now - due;
                    ok[index] = success;
                    lastAnswer.accumulateAndGet(now, Math::max);
                }
            });
        }
        threads.shutdown();
        threads.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
        threads.shutdownNow();
        return new Run(latency, ok, Math.max(1, lastAnswer.get() - start), maxLag, requests);
    }

    /** {@code workers} closed loops for {@code duration}; request indexes count up across all workers. */
    static Run closedLoop(int workers, Duration duration, int maxRequests, Call call) throws InterruptedException {
        long[] latency = new long[maxRequests];
        boolean[] ok = new boolean[maxRequests];
        Arrays.fill(latency, -1);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Thread[] loops = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            loops[w] = Thread.ofVirtual().start(() -> {
                long sent;
                while (System.nanoTime() < end && (sent = next.getAndIncrement()) < maxRequests) {
                    int index = (int) sent;
                    long began = System.nanoTime();
                    boolean success = false;
                    try {
                        success = call.call(index);
                    } catch (Exception failure) {
                        // an error
                    }
                    latency[index] = System.nanoTime() - began;
                    ok[index] = success;
                }
            });
        }
        for (Thread loop : loops) {
            loop.join();
        }
        long wall = System.nanoTime() - start;
        int requests = (int) Math.min(next.get(), maxRequests);
        // indexes handed out after the deadline were never sent
        int sent = 0;
        for (int i = 0; i < requests; i++) {
            if (latency[i] >= 0) {
                sent = i + 1;
            }
        }
        return new Run(latency, ok, wall, 0, sent);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
