package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where this JVM's CPU goes while a run is timed: a JDK Flight Recorder recording of CPU-time samples (JDK 25's
 * {@code jdk.CPUTimeSample}: one sample per 5 ms of CPU a thread uses (at 1 ms the sampler drops most samples on
 * this machine), in Java or native code; on an older JDK,
 * {@code jdk.ExecutionSample}, Java code only, every 10 ms), each sample charged to the innermost frame that is not
 * the JDK's own, so a {@code HashMap} lookup inside the S3 SDK counts as the SDK's; samples of JDK code alone are
 * charged by what that code does (sockets, files, threads). GC and JIT threads are not sampled, so the shares are of
 * the CPU of the application's threads. {@code -Drez.bench.jfrDir=DIR} keeps each recording as {@code DIR/<run>.jfr}.
 */
final class JfrCpuProfile implements AutoCloseable {
    /** Owners by class-name prefix, first match wins: more specific prefixes come first. */
    private static final List<Map.Entry<String, String>> OWNERS = List.of(
            Map.entry("software.amazon.awssdk.services.s3.endpoints.", "S3 SDK: endpoint rules"),
            Map.entry("software.amazon.awssdk.awscore.endpoints.", "S3 SDK: endpoint rules"),
            Map.entry("software.amazon.awssdk.services.s3.auth.", "S3 SDK: auth scheme"),
            Map.entry("software.amazon.awssdk.http.auth.", "S3 SDK: signing"),
            Map.entry("software.amazon.awssdk.checksums.", "S3 SDK: checksums"),
            Map.entry("software.amazon.awssdk.services.s3.checksums.", "S3 SDK: checksums"),
            Map.entry("software.amazon.awssdk.protocols.", "S3 SDK: XML and REST (un)marshalling"),
            Map.entry("com.ctc.wstx.", "S3 SDK: XML and REST (un)marshalling"),
            Map.entry("software.amazon.awssdk.http.apache.", "HTTP client"),
            Map.entry("org.apache.http.", "HTTP client"),
            Map.entry("software.amazon.awssdk.http.urlconnection.", "HTTP client"),
            Map.entry("software.amazon.awssdk.http.crt.", "HTTP client"),
            Map.entry("software.amazon.awssdk.crt.", "HTTP client"),
            Map.entry("software.amazon.awssdk.", "S3 SDK: request pipeline, interceptors, models"),
            Map.entry("com.fasterxml.jackson.", "JSON (Jackson)"),
            Map.entry("io.rezilient.restore.indexer.manifest.", "indexer: manifest and artifact parsing"),
            Map.entry("io.rezilient.restore.indexer.normalize.", "indexer: normalisation"),
            Map.entry("io.rezilient.restore.indexer.source.", "indexer: source (listing, cursor, reads)"),
            Map.entry("io.rezilient.restore.indexer.store.", "indexer: store (COPY text, SQL)"),
            Map.entry("io.rezilient.restore.indexer.", "indexer: worker, lease, metrics"),
            Map.entry("io.rezilient.restore.contracts.", "contracts (validation, time, JSON helpers)"),
            Map.entry("io.rezilient.restore.objectstore.", "object store (filesystem, keys, retries)"),
            Map.entry("org.postgresql.", "PostgreSQL driver"),
            Map.entry("com.zaxxer.hikari.", "connection pool"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("io.micrometer.", "metrics"),
            Map.entry("io.rezilient.restore.bench.", "benchmark harness"));
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
    static final Duration CPU_TIME_PERIOD = Duration.ofMillis(5);
    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

    private final Recording recording;
    private final String name;

    private JfrCpuProfile(String name) {
        this.name = name;
        this.recording = new Recording();
        recording.enable(CPU_TIME_SAMPLE).with("throttle", CPU_TIME_PERIOD.toMillis() + "ms");
        recording.enable(EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(10));
        recording.setToDisk(true);
    }

    static JfrCpuProfile start(String name) {
        JfrCpuProfile profile = new JfrCpuProfile(name);
        profile.recording.start();
        return profile;
    }

    /** Stops recording and returns the samples' shares by owner, largest first. */
    ObjectNode stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("rez-bench-" + name, ".jfr");
        try {
            recording.dump(file);
            String keep = System.getProperty("rez.bench.jfrDir");
            if (keep != null) {
                Files.createDirectories(Path.of(keep));
                Files.copy(file, Path.of(keep).resolve(name + ".jfr"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Map<String, Long>> counts = Map.of(CPU_TIME_SAMPLE, new TreeMap<>(), EXECUTION_SAMPLE,
                    new TreeMap<>());
            try (RecordingFile events = new RecordingFile(file)) {
                while (events.hasMoreEvents()) {
                    RecordedEvent event = events.readEvent();
                    Map<String, Long> byOwner = counts.get(event.getEventType().getName());
                    if (byOwner != null) {
                        byOwner.merge(event.getStackTrace() == null ? "no Java stack (native code: the CRT HTTP client, JNI)"
                                : owner(event.getStackTrace().getFrames()), 1L, Long::sum);
                    }
                }
            }
            boolean cpuTime = !counts.get(CPU_TIME_SAMPLE).isEmpty();
            Map<String, Long> chosen = counts.get(cpuTime ? CPU_TIME_SAMPLE : EXECUTION_SAMPLE);
            long total = chosen.values().stream().mapToLong(Long::longValue).sum();
            ObjectNode json = Json.mapper().createObjectNode();
            json.put("sampler", cpuTime ? "jdk.CPUTimeSample, one per " + CPU_TIME_PERIOD.toMillis() + " ms of thread CPU"
                    : "jdk.ExecutionSample, every 10 ms, Java code only");
            json.put("samples", total);
            if (cpuTime) {
                json.put("sampled_cpu_ms", total * CPU_TIME_PERIOD.toMillis());
            }
            ObjectNode shares = json.putObject("share");
            long all = total;
            chosen.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> shares.put(e.getKey(), Math.round(e.getValue() * 1000.0 / all) / 1000.0));
            return json;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The owner of a sample: its innermost non-JDK frame's, else what its innermost JDK frame does. */
    static String owner(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (JDK.stream().anyMatch(type::startsWith)) {
                continue;
            }
            for (Map.Entry<String, String> owner : OWNERS) {
                if (type.startsWith(owner.getKey())) {
                    return owner.getValue();
                }
            }
            return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
        }
        String top = frames.isEmpty() ? "" : frames.getFirst().getMethod().getType().getName();
        if (top.startsWith("sun.nio.ch.") || top.startsWith("java.net.") || top.startsWith("sun.net.")) {
            return "JDK alone: sockets";
        }
        if (top.startsWith("sun.nio.fs.") || top.startsWith("java.io.") || top.startsWith("java.nio.file.")) {
            return "JDK alone: files";
        }
        if (top.startsWith("java.lang.VirtualThread") || top.startsWith("jdk.internal.vm.")
                || top.startsWith("java.util.concurrent.")) {
            return "JDK alone: threads and scheduling";
        }
        return "JDK alone: other";
    }

    @Override
    public void close() {
        recording.close();
    }
}
