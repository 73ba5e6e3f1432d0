package io.rezilient.restore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the indexer's threads spend their wall time: every 20 ms, the stack of each thread running indexer code is
 * classified by its innermost recognised frame (waiting threads count too, so this is a wall-time view, not a CPU
 * profile). Its own thread's CPU time is kept, so a caller can leave it out of the process's CPU figure.
 */
final class ThreadDumpProfiler implements Runnable {
    private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("org.postgresql.", "db (pgjdbc: write/round trip)");
        CATEGORIES.put("com.zaxxer.hikari.", "db (pool)");
        CATEGORIES.put("com.fasterxml.jackson.", "json parse/serialise");
        CATEGORIES.put("software.amazon.", "object store (S3 SDK)");
        CATEGORIES.put("org.apache.http.", "object store (S3 SDK)");
        CATEGORIES.put("io.rezilient.restore.objectstore.", "object store (list/read)");
        CATEGORIES.put("sun.nio.fs.", "object store (list/read)");
        CATEGORIES.put("java.nio.file.", "object store (list/read)");
        CATEGORIES.put("java.util.concurrent.", "waiting on readers / executor");
        CATEGORIES.put("io.rezilient.restore.indexer.source.", "indexer: source (listing, cursor)");
        CATEGORIES.put("io.rezilient.restore.indexer.manifest.", "indexer: manifest parse/extract");
        CATEGORIES.put("io.rezilient.restore.indexer.normalize.", "indexer: normalise");
        CATEGORIES.put("io.rezilient.restore.indexer.store.", "indexer: store (build SQL/bind)");
        CATEGORIES.put("io.rezilient.restore.indexer.", "indexer: other");
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Long> counts = new TreeMap<>();
    private long total;
    private volatile long cpuNanos;
    private Thread thread;

    /** Starts sampling on a daemon thread of its own. */
    static ThreadDumpProfiler start() {
        ThreadDumpProfiler profiler = new ThreadDumpProfiler();
        profiler.thread = Thread.ofPlatform().daemon().name("rez-bench-sampler").start(profiler);
        return profiler;
    }

    @Override
    public void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        long cpuAtStart = threads.getCurrentThreadCpuTime();
        try {
            while (running.get()) {
                for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    if (info.getThreadId() != self) {
                        classify(info);
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            cpuNanos = threads.getCurrentThreadCpuTime() - cpuAtStart;
        }
    }

    private void classify(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        boolean indexer = false;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("io.rezilient.restore.indexer.")) {
                indexer = true;
                break;
            }
        }
        if (!indexer) {
            return;
        }
        String category = "other";
        outer:
        for (StackTraceElement f : stack) {
            for (Map.Entry<String, String> c : CATEGORIES.entrySet()) {
                if (f.getClassName().startsWith(c.getKey())) {
                    category = c.getValue();
                    break outer;
                }
            }
        }
        if (category.startsWith("object store")) {
            category = category + ": " + objectStoreCall(stack);
        }
        counts.merge(info.getThreadName().startsWith("main") ? "worker: " + category
                : "helpers: " + category, 1L, Long::sum);
        total++;
    }

    /** The ObjectStore method the stack is in (list, get, open, ...), outermost store frame. */
    private static String objectStoreCall(StackTraceElement[] stack) {
        String call = "?";
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("io.rezilient.restore.objectstore.")
                    && (f.getClassName().endsWith("ObjectStore"))) {
                call = f.getMethodName();
            }
        }
        return call;
    }

    /** Stops sampling and waits for the sampling thread to end. */
    void stop() throws InterruptedException {
        running.set(false);
        thread.join();
    }

    /** CPU time the sampling thread used (after {@link #stop()}). */
    long cpuNanos() {
        return cpuNanos;
    }

    long samples() {
        return total;
    }

    /** Each category's share of the samples, largest first (after {@link #stop()}). */
    Map<String, Double> shares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total));
        return shares;
    }
}
